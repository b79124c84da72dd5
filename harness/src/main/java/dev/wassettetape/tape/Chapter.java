package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What one test sent the server and what came of it: its interactions in the order it started them,
 * with the server traffic anchored to each.
 *
 * @param at when this chapter was last recorded
 * @param with the harness that recorded it, when not the one in the tape's header; else null
 * @param runtime the server that answered, when not the one in the tape's header; else null
 * @param interactions in the order the test started them
 */
public record Chapter(Instant at, String with, JsonNode runtime, List<Interaction> interactions) {

  /**
   * The order chapters are kept in: by key, with runs of digits compared as numbers, so {@code
   * cities[2]} comes before {@code cities[10]}. It depends only on the keys: re-recording never
   * reorders a tape.
   */
  public static final Comparator<String> ORDER = Chapter::compareKeys;

  public Chapter {
    Objects.requireNonNull(at, "at");
    runtime = runtime == null ? null : runtime.deepCopy();
    interactions = List.copyOf(interactions);
  }

  /** A chapter recorded now under the tape's own header. */
  public Chapter(Instant at, List<Interaction> interactions) {
    this(at, null, null, interactions);
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode runtime() {
    return runtime == null ? null : runtime.deepCopy();
  }

  /**
   * This chapter, recorded under header {@code was}, as a chapter under header {@code now}: it
   * names its harness and runtime where they differ from the new header's.
   */
  Chapter under(Provenance was, Provenance now) {
    String harness = with != null ? with : was.with();
    JsonNode server = runtime != null ? runtime : was.runtime();
    return new Chapter(
        at,
        harness.equals(now.with()) ? null : harness,
        server.equals(now.runtime()) ? null : server,
        interactions);
  }

  private static int compareKeys(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int endA = digitsEnd(a, i);
        int endB = digitsEnd(b, j);
        int byValue =
            new java.math.BigInteger(a.substring(i, endA))
                .compareTo(new java.math.BigInteger(b.substring(j, endB)));
        if (byValue != 0) {
          return byValue;
        }
        i = endA;
        j = endB;
      } else if (x != y) {
        return Character.compare(x, y);
      } else {
        i++;
        j++;
      }
    }
    int byLength = Integer.compare(a.length() - i, b.length() - j);
    return byLength != 0 ? byLength : a.compareTo(b);
  }

  private static int digitsEnd(String s, int from) {
    int k = from;
    while (k < s.length() && Character.isDigit(s.charAt(k))) {
      k++;
    }
    return k;
  }
}

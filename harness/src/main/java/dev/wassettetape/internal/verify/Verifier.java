package dev.wassettetape.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.internal.diff.Difference;
import dev.wassettetape.internal.diff.JsonDiff;
import dev.wassettetape.internal.diff.ToolSurfaceDiff;
import dev.wassettetape.internal.jsonrpc.CanonicalJson;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a live server is diffed against a tape: chapter by chapter, every exchange after
 * normalisation, the live and taped exchanges aligned as a sequence ({@link Alignment}). When no
 * test drives the session (the CLI), a {@link TapeDriver} plays the tape's requests.
 */
public final class Verifier {

  /** How long the server must be quiet before a verified session is taken as complete... */
  public static final Duration QUIET = Duration.ofMillis(100);

  /** ...waiting at most this long for it. */
  public static final Duration QUIET_AT_MOST = Duration.ofSeconds(2);

  private final Normalizer normalizer;
  private final Secrets secrets;
  private final Duration timeout;

  public Verifier(Normalizer normalizer, Secrets secrets, Duration timeout) {
    this.normalizer = normalizer;
    this.secrets = secrets;
    this.timeout = timeout;
  }

  /** Compares two whole tapes: the handshake, then chapter by chapter. */
  public VerifyReport compare(Tape golden, Path goldenFile, Tape received, Path receivedFile) {
    JsonNode expectedHandshake = normalizer.handshake(golden.handshake());
    JsonNode actualHandshake = normalizer.handshake(received.handshake());
    List<VerifyReport.Entry> entries = new ArrayList<>();
    exchange("handshake", expectedHandshake, actualHandshake, entries);
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    ObjectNode actual = JsonNodeFactory.instance.objectNode();
    expected.set("handshake", expectedHandshake);
    actual.set("handshake", actualHandshake);
    ObjectNode expectedChapters = expected.putObject("chapters");
    ObjectNode actualChapters = actual.putObject("chapters");
    Set<String> keys = new LinkedHashSet<>(golden.chapters().keySet());
    keys.addAll(received.chapters().keySet());
    int compared = 0;
    for (String key : keys) {
      Chapter g = golden.chapters().get(key);
      Chapter r = received.chapters().get(key);
      if (g == null || r == null) {
        entries.add(
            new VerifyReport.Entry(
                "chapter '"
                    + key
                    + "'"
                    + (g == null
                        ? " (in the live session, not on the tape)"
                        : " (on the tape, missing from the live session)"),
                List.of(),
                null));
        continue;
      }
      Comparison c = chapter(g, r, "chapter '" + key + "', ");
      entries.addAll(c.entries());
      expectedChapters.set(key, c.expected());
      actualChapters.set(key, c.actual());
      compared += g.interactions().size();
    }
    return new VerifyReport(
        "tape " + goldenFile, goldenFile, receivedFile, compared, entries, expected, actual);
  }

  /** Compares a test's live chapter with its golden chapter. */
  public VerifyReport compareChapter(
      String key, Chapter golden, Chapter live, Path goldenFile, Path receivedFile) {
    Comparison c = chapter(golden, live, "");
    return new VerifyReport(
        "chapter '" + key + "' of tape " + goldenFile,
        goldenFile,
        receivedFile,
        golden.interactions().size(),
        c.entries(),
        c.expected(),
        c.actual());
  }

  /** Compares the live handshake with the golden one. */
  public VerifyReport compareHandshake(
      Handshake golden, Handshake live, Path goldenFile, Path receivedFile) {
    JsonNode expected = normalizer.handshake(golden);
    JsonNode actual = normalizer.handshake(live);
    List<VerifyReport.Entry> entries = new ArrayList<>();
    exchange("handshake", expected, actual, entries);
    return new VerifyReport(
        "the handshake of tape " + goldenFile,
        goldenFile,
        receivedFile,
        0,
        entries,
        expected,
        actual);
  }

  private record Comparison(List<VerifyReport.Entry> entries, JsonNode expected, JsonNode actual) {}

  private Comparison chapter(Chapter golden, Chapter live, String prefix) {
    List<JsonNode> expected = normalizer.exchanges(golden);
    List<JsonNode> actual = normalizer.exchanges(live);
    List<VerifyReport.Entry> entries = new ArrayList<>();
    for (Alignment.Pair pair : Alignment.of(requests(expected), requests(actual))) {
      if (pair.live() < 0) {
        entries.add(
            new VerifyReport.Entry(
                prefix
                    + label(golden, pair.taped())
                    + " (on the tape, missing from the live session)",
                List.of(Difference.of("", expected.get(pair.taped()), null)),
                null));
      } else if (pair.taped() < 0) {
        entries.add(
            new VerifyReport.Entry(
                prefix
                    + "live "
                    + label(live, pair.live())
                    + " (in the live session, not on the tape)",
                List.of(Difference.of("", null, actual.get(pair.live()))),
                null));
      } else {
        String where =
            prefix
                + label(golden, pair.taped())
                + (pair.moved() ? " (moved: live #" + (pair.live() + 1) + ")" : "");
        if (pair.moved()) {
          entries.add(
              new VerifyReport.Entry(
                  where,
                  List.of(
                      Difference.of(
                          "position",
                          IntNode.valueOf(pair.taped() + 1),
                          IntNode.valueOf(pair.live() + 1))),
                  null));
        }
        exchange(where, expected.get(pair.taped()), actual.get(pair.live()), entries);
      }
    }
    return new Comparison(entries, array(expected), array(actual));
  }

  private static String label(Chapter chapter, int index) {
    return "interaction #" + (index + 1) + " " + chapter.interactions().get(index).label();
  }

  /** The request part of each normalised exchange, as text: what the alignment pairs on. */
  private static List<String> requests(List<JsonNode> exchanges) {
    List<String> keys = new ArrayList<>();
    for (JsonNode e : exchanges) {
      keys.add(CanonicalJson.of(e.has("request") ? e.get("request") : e.get("notification")));
    }
    return keys;
  }

  /** Adds an entry when two normalised exchanges differ. */
  private void exchange(
      String where, JsonNode expected, JsonNode actual, List<VerifyReport.Entry> entries) {
    ToolSurfaceDiff tools = null;
    if ("tools/list".equals(expected.path("request").path("method").asText())) {
      tools =
          ToolSurfaceDiff.of(
              expected.at("/response/result/tools"), actual.at("/response/result/tools"));
      expected = withoutTools(expected);
      actual = withoutTools(actual);
    }
    List<Difference> differences = JsonDiff.diff(expected, actual, normalizer.comparison());
    if (!differences.isEmpty() || (tools != null && !tools.isEmpty())) {
      entries.add(
          new VerifyReport.Entry(
              where, differences, tools != null && !tools.isEmpty() ? tools : null));
    }
  }

  private static ArrayNode array(List<JsonNode> exchanges) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    exchanges.forEach(array::add);
    return array;
  }

  /** The tool surface is compared by {@link ToolSurfaceDiff}, not path by path. */
  private static JsonNode withoutTools(JsonNode exchange) {
    JsonNode copy = exchange.deepCopy();
    if (copy.at("/response/result") instanceof ObjectNode result) {
      result.remove("tools");
    }
    return copy;
  }

  /**
   * Verifies a whole tape against a live server, writing the live session beside the golden tape as
   * {@code <tape>.received.json}.
   */
  public VerifyReport verify(
      Path goldenFile, Transport server, List<Interceptor> interceptors, Provenance provenance) {
    Tape golden = TapeFile.read(goldenFile);
    TapeDriver driver = new TapeDriver(secrets, timeout);
    Tape received = driver.drive(golden, server, interceptors, provenance);
    Path receivedFile = receivedPath(goldenFile);
    TapeFile.write(receivedFile, received, secrets);
    VerifyReport report = compare(golden, goldenFile, received, receivedFile);
    if (driver.serverLost() == null) {
      return report;
    }
    // the differences that follow are the server's death, not its drift: say so first
    List<VerifyReport.Entry> entries = new ArrayList<>();
    entries.add(
        new VerifyReport.Entry(
            "the live server went away: " + driver.serverLost(), List.of(), null));
    entries.addAll(report.entries());
    return new VerifyReport(
        report.what(),
        goldenFile,
        receivedFile,
        report.compared(),
        entries,
        report.expected(),
        report.actual());
  }

  /** {@code weather.json} → {@code weather.received.json}, beside it. */
  public static Path receivedPath(Path tape) {
    return TapeFile.beside(tape, "received");
  }
}

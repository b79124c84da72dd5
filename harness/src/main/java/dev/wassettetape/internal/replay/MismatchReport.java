package dev.wassettetape.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Tape;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What replay says about a request that no taped interaction of its chapter matches: in full (a
 * test failure, the CLI's stderr) and in brief (the JSON-RPC error's message, which is all some
 * clients show). It names the request, the same request where another test's chapter has it, up to
 * three nearest taped requests with an argument-level diff, the tape, and how to re-record.
 */
final class MismatchReport {

  private final Tape tape;
  private final Path file;
  private final String chapter;
  private final Request request;
  private final List<TapeIndex.NearMiss> nearest;
  private final List<TapeIndex.Entry> elsewhere;
  private final String howToRecord;

  /**
   * @param chapter the chapter served, or null for the whole tape
   * @param equal every taped request equal to this one, in any chapter
   */
  MismatchReport(
      Tape tape,
      Path file,
      String chapter,
      Request request,
      List<TapeIndex.NearMiss> nearest,
      List<TapeIndex.Entry> equal,
      String howToRecord) {
    this.tape = tape;
    this.file = file;
    this.chapter = chapter;
    this.request = request;
    this.nearest = nearest;
    this.elsewhere = equal.stream().filter(e -> !e.chapter().equals(chapter)).toList();
    this.howToRecord = howToRecord;
  }

  /** {@code #2 tools/call get-weather}, with {@code in chapter 'x'} when several are served. */
  static String label(TapeIndex.Entry entry, boolean withChapter) {
    return "#"
        + entry.number()
        + " "
        + entry.interaction().label()
        + (withChapter ? " in chapter '" + entry.chapter() + "'" : "");
  }

  String full() {
    JsonNode params = request.params().orElse(null);
    StringBuilder r = new StringBuilder();
    r.append("No taped interaction matches ")
        .append(Interaction.label(request.method(), params))
        .append(" (live id ")
        .append(request.id())
        .append(")")
        .append(chapter == null ? "" : " in chapter '" + chapter + "'")
        .append(" of tape ")
        .append(file)
        .append(".\n  request params: ")
        .append(params == null ? "(none)" : RequestKey.matched(request.method(), params))
        .append('\n');
    if (!elsewhere.isEmpty()) {
      r.append("  the same request is taped under another test: ")
          .append(elsewhere.stream().map(e -> label(e, true)).collect(Collectors.joining(", ")))
          .append(" (was the test renamed, or does it depend on another one?)\n");
    }
    if (chapter != null && !tape.chapters().containsKey(chapter)) {
      r.append("  the tape has no chapter '")
          .append(chapter)
          .append("' (this test never was recorded); it has ")
          .append(
              tape.chapters().isEmpty()
                  ? "no chapters"
                  : "chapters "
                      + tape.chapters().keySet().stream()
                          .map(k -> "'" + k + "'")
                          .collect(Collectors.joining(", ")))
          .append(".\n");
    } else if (nearest.isEmpty()) {
      r.append("  the chapter has no requests at all.\n");
    } else {
      r.append("  nearest taped requests:\n");
      int n = 1;
      for (TapeIndex.NearMiss miss : nearest) {
        r.append("  ")
            .append(n++)
            .append(". interaction ")
            .append(label(miss.entry(), chapter == null))
            .append(miss.used() ? " (already used)" : "")
            .append('\n');
        if (miss.differences().isEmpty()) {
          r.append("       same request; every recorded answer to it was used already\n");
        }
        miss.differences().stream()
            .limit(5)
            .forEach(d -> r.append("       ").append(d).append('\n'));
      }
    }
    r.append("  To re-record the tape: ").append(howToRecord);
    return r.toString();
  }

  /** One line: the request, and where it is taped or the closest taped one. */
  String brief() {
    String base =
        "wassette-tape: no taped interaction matches "
            + Interaction.label(request.method(), request.params().orElse(null));
    if (!elsewhere.isEmpty()) {
      return base
          + " in this test's chapter; it is taped under test '"
          + elsewhere.get(0).chapter()
          + "'";
    }
    if (chapter != null && !tape.chapters().containsKey(chapter)) {
      return base + "; the tape has no chapter '" + chapter + "': this test never was recorded";
    }
    return base
        + nearest.stream()
            .limit(1)
            .filter(miss -> miss.entry().interaction().method().equals(request.method()))
            .findFirst()
            .map(
                miss ->
                    "; nearest taped: "
                        + label(miss.entry(), chapter == null)
                        + (miss.differences().isEmpty()
                            ? " (every recorded answer already used)"
                            : " (" + miss.differences().get(0) + ")"))
            .orElse("");
  }
}

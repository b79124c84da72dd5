package dev.wassettetape.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.diff.Difference;
import dev.wassettetape.internal.diff.ToolSurfaceDiff;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of verifying a live server against a tape, or a chapter of one: one entry per
 * exchange that differs after normalisation, naming the exchange, the JSON paths, expected and
 * actual; {@code tools/list} changes as tools added, removed and changed.
 *
 * @param what what was verified, e.g. {@code tape t.json} or {@code chapter 'hello' of tape t.json}
 * @param tape the golden tape
 * @param received where the live session is written ({@code <tape>.received.json})
 * @param compared how many interactions were compared
 * @param entries what differs; empty when verify passed
 * @param expected the golden side, normalised (for an IDE diff)
 * @param actual the live side, normalised
 */
public record VerifyReport(
    String what,
    Path tape,
    Path received,
    int compared,
    List<Entry> entries,
    JsonNode expected,
    JsonNode actual) {

  public VerifyReport {
    entries = List.copyOf(entries);
  }

  /**
   * One exchange that differs.
   *
   * @param exchange e.g. {@code interaction #2 tools/call get-weather}
   * @param differences JSON paths within the exchange
   * @param tools for {@code tools/list}: the change of the tool surface
   */
  public record Entry(String exchange, List<Difference> differences, ToolSurfaceDiff tools) {
    public Entry {
      differences = List.copyOf(differences);
    }
  }

  public boolean passed() {
    return entries.isEmpty();
  }

  /** The human report. */
  public String render() {
    if (passed()) {
      return "Verified " + what + ": " + compared + " interactions match (after normalisation).\n";
    }
    StringBuilder out = new StringBuilder();
    out.append("Verify failed: the live server differs from ").append(what).append('\n');
    for (Entry e : entries) {
      out.append("\n").append(e.exchange()).append(":\n");
      if (e.tools() != null) {
        e.tools().lines().forEach(l -> out.append("  ").append(l).append('\n'));
      }
      e.differences().forEach(d -> out.append("  ").append(d).append('\n'));
    }
    out.append("\nThe live session is written to ").append(received).append('\n');
    out.append("Accept it as the new golden tape with: mv ")
        .append(received)
        .append(' ')
        .append(tape)
        .append('\n');
    return out.toString();
  }

  /** The golden side, normalised, as pretty JSON text (for expected/actual diffs). */
  public String expectedText() {
    return TapeFile.pretty(expected);
  }

  public String actualText() {
    return TapeFile.pretty(actual);
  }
}

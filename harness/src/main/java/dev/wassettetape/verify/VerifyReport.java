package dev.wassettetape.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.diff.Difference;
import dev.wassettetape.diff.ToolSurfaceDiff;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of verifying a live server against a tape: one entry per exchange that differs after
 * normalisation, naming the exchange, the JSON paths, expected and actual; {@code tools/list}
 * changes as tools added, removed and changed.
 *
 * @param tape the golden tape
 * @param received where the live session was written ({@code <tape>.received.json})
 * @param entries what differs; empty when verify passed
 * @param expected the golden exchanges, normalised (for an IDE diff)
 * @param actual the live exchanges, normalised
 */
public record VerifyReport(
    Path tape, Path received, List<Entry> entries, List<JsonNode> expected, List<JsonNode> actual) {

  public VerifyReport {
    entries = List.copyOf(entries);
    expected = List.copyOf(expected);
    actual = List.copyOf(actual);
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
    StringBuilder out = new StringBuilder();
    if (passed()) {
      return "Verified "
          + tape
          + ": "
          + (expected.size() - 1)
          + " interactions match (after normalisation).\n";
    }
    out.append("Verify failed: the live server differs from tape ").append(tape).append('\n');
    for (Entry e : entries) {
      out.append("\n").append(e.exchange()).append(":\n");
      if (e.tools() != null) {
        e.tools().lines().forEach(l -> out.append("  ").append(l).append('\n'));
      }
      e.differences().forEach(d -> out.append("  ").append(d).append('\n'));
    }
    out.append("\nThe live session was written to ").append(received).append('\n');
    out.append("Accept it as the new golden tape with: mv ")
        .append(received)
        .append(' ')
        .append(tape)
        .append('\n');
    return out.toString();
  }

  /** All golden exchanges, normalised, as one pretty JSON text (for expected/actual diffs). */
  public String expectedText() {
    return text(expected);
  }

  public String actualText() {
    return text(actual);
  }

  private static String text(List<JsonNode> exchanges) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    exchanges.forEach(array::add);
    return TapeFile.pretty(array);
  }
}

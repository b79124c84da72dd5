package dev.wassettetape.internal.diff;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One place where two JSON documents differ, as JsonUnit reports it.
 *
 * @param path JsonUnit's path into both documents, e.g. {@code response.result.content[0].text};
 *     empty for the whole document
 * @param kind a value that differs, a node only the expected side has, or only the actual side
 * @param expected the value on the expected side, or null when absent there
 * @param actual the value on the actual side, or null when absent there
 */
public record Difference(String path, Kind kind, JsonNode expected, JsonNode actual) {

  /** What JsonUnit found. */
  public enum Kind {
    DIFFERENT,
    MISSING,
    EXTRA
  }

  /** A difference of value (or of presence, when one side is null). */
  public static Difference of(String path, JsonNode expected, JsonNode actual) {
    Kind kind = expected == null ? Kind.EXTRA : actual == null ? Kind.MISSING : Kind.DIFFERENT;
    return new Difference(path, kind, expected, actual);
  }

  /**
   * In JsonUnit's words, e.g. {@code Different value found in node "a.b", expected: <1> but was:
   * <2>.}
   */
  @Override
  public String toString() {
    String node = "\"" + path + "\"";
    return switch (kind) {
      case DIFFERENT ->
          "Different value found in node "
              + node
              + ", expected: <"
              + show(expected)
              + "> but was: <"
              + show(actual)
              + ">.";
      case MISSING -> "Missing node " + node + ", expected: <" + show(expected) + ">.";
      case EXTRA -> "Extra node " + node + ": <" + show(actual) + ">.";
    };
  }

  static String show(JsonNode node) {
    if (node == null) {
      return "(absent)";
    }
    String text = node.toString();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}

package dev.wassettetape.diff;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One place where two JSON documents differ.
 *
 * @param path a JSON Pointer into both documents
 * @param expected the value on the expected side, or null when absent there
 * @param actual the value on the actual side, or null when absent there
 */
public record Difference(String path, JsonNode expected, JsonNode actual) {

  @Override
  public String toString() {
    return (path.isEmpty() ? "/" : path) + ": expected " + show(expected) + ", was " + show(actual);
  }

  static String show(JsonNode node) {
    if (node == null) {
      return "(absent)";
    }
    String text = node.toString();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}

package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Secrets the harness knows about, and their removal from anything written to a tape.
 *
 * <p>A secret is a named value (e.g. the value of {@code WEATHER_API_KEY} given to the component)
 * or a field name whose value is always secret (e.g. an {@code apiKey} argument or an {@code
 * Authorization} header). Both become {@code <redacted:NAME>}. Replay redacts live requests the
 * same way before matching, so a redacted tape still replays and verifies.
 */
public final class Secrets {

  public static final Secrets NONE = new Secrets(Map.of(), Set.of());

  private final Map<String, String> values; // name -> value, longest value first
  private final Set<String> fieldNames;

  private Secrets(Map<String, String> values, Set<String> fieldNames) {
    Map<String, String> ordered = new LinkedHashMap<>();
    values.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .sorted(
            Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length())
                .reversed())
        .forEach(e -> ordered.put(e.getKey(), e.getValue()));
    this.values = ordered;
    this.fieldNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    this.fieldNames.addAll(fieldNames);
  }

  /** Named secret values, e.g. {@code WEATHER_API_KEY -> "abc..."}. */
  public static Secrets of(Map<String, String> values) {
    return new Secrets(values, Set.of());
  }

  /** Also treats the values of these field names (any depth, case-insensitive) as secret. */
  public Secrets withFieldNames(Set<String> names) {
    Set<String> all = new TreeSet<>(fieldNames);
    all.addAll(names);
    return new Secrets(values, all);
  }

  /** The names that will show as {@code <redacted:NAME>}, sorted. */
  public List<String> names() {
    Set<String> names = new TreeSet<>(values.keySet());
    names.addAll(fieldNames);
    return new ArrayList<>(names);
  }

  public static String placeholder(String name) {
    return "<redacted:" + name + ">";
  }

  /** A redacted copy of the JSON. */
  public JsonNode redact(JsonNode node) {
    if (node == null || (values.isEmpty() && fieldNames.isEmpty())) {
      return node;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(redact(node.asText()));
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      node.properties()
          .forEach(
              e ->
                  copy.set(
                      e.getKey(),
                      fieldNames.contains(e.getKey())
                              && e.getValue().isValueNode()
                              && !e.getValue().isNull()
                          ? TextNode.valueOf(placeholder(e.getKey()))
                          : redact(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      node.forEach(child -> copy.add(redact(child)));
      return copy;
    }
    return node;
  }

  /** The text with every secret value replaced by its placeholder. */
  public String redact(String text) {
    String result = text;
    for (Map.Entry<String, String> e : values.entrySet()) {
      result = result.replace(e.getValue(), placeholder(e.getKey()));
    }
    return result;
  }

  /**
   * The JSON with every {@code <redacted:NAME>} of a known value replaced by the live value: what
   * verify sends to the live server when a taped request carried a secret.
   */
  public JsonNode reveal(JsonNode node) {
    if (node == null || values.isEmpty()) {
      return node;
    }
    if (node.isTextual()) {
      String text = node.asText();
      for (Map.Entry<String, String> e : values.entrySet()) {
        text = text.replace(placeholder(e.getKey()), e.getValue());
      }
      return TextNode.valueOf(text);
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), reveal(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      node.forEach(child -> copy.add(reveal(child)));
      return copy;
    }
    return node;
  }

  /** The names of secret values found in the text: a leak scan for written tapes. */
  public List<String> leakedInto(String text) {
    return values.entrySet().stream()
        .filter(e -> text.contains(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }
}

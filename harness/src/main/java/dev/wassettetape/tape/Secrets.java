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
 * Secrets the harness knows about, and their removal from everything it writes or says.
 *
 * <p>A secret is a named value (e.g. the value of {@code WEATHER_API_KEY} given to the component)
 * or a field name whose value is always secret (e.g. an {@code apiKey} argument or an {@code
 * Authorization} header), which may also have a known value (so that verify can send it). Both
 * become {@code <redacted:NAME>}, and so does a value's every common encoding ({@link
 * SecretForms}). Replay redacts live requests the same way before matching, so a redacted tape
 * still replays and verifies.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are refused: replacing them wherever they
 * appear would corrupt unrelated text.
 */
public final class Secrets {

  /** The shortest secret value accepted. */
  public static final int MIN_LENGTH = 8;

  public static final Secrets NONE = new Secrets(Map.of(), Set.of());

  private final Map<String, String> values; // name -> value, longest value first
  private final Map<String, List<String>> forms; // name -> the value's forms, longest first
  private final Set<String> fieldNames;

  private Secrets(Map<String, String> values, Set<String> fieldNames) {
    Map<String, String> ordered = new LinkedHashMap<>();
    if (!values.isEmpty()) { // none (NONE): no stream set up, in a fresh JVM's first replay
      values.entrySet().stream()
          .filter(e -> e.getValue() != null && !e.getValue().isEmpty()) // not set: nothing to hide
          .sorted(
              Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length())
                  .reversed())
          .forEach(e -> ordered.put(e.getKey(), refuseShort(e.getKey(), e.getValue())));
    }
    this.values = ordered;
    this.forms = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : ordered.entrySet()) {
      forms.put(e.getKey(), SecretForms.of(e.getValue()));
    }
    this.fieldNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    this.fieldNames.addAll(fieldNames);
  }

  /** Whether there is nothing to redact: no values, no field names. */
  public boolean isEmpty() {
    return values.isEmpty() && fieldNames.isEmpty();
  }

  private static String refuseShort(String name, String value) {
    if (value.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "the secret "
              + name
              + " is "
              + value.length()
              + " characters long; secrets shorter than "
              + MIN_LENGTH
              + " are refused, because replacing so short a value wherever it appears would"
              + " corrupt unrelated text. Give the real credential, or mark the field that"
              + " carries it secret by name instead.");
    }
    return value;
  }

  /**
   * Named secret values, e.g. {@code WEATHER_API_KEY -> "abc..."}; a null or empty value (not set,
   * e.g. in replay) is left out.
   *
   * @throws IllegalArgumentException for a value shorter than {@value #MIN_LENGTH} characters
   */
  public static Secrets of(Map<String, String> values) {
    return new Secrets(values, Set.of());
  }

  /** Also treats the values of these field names (any depth, case-insensitive) as secret. */
  public Secrets withFieldNames(Set<String> names) {
    Set<String> all = new TreeSet<>(fieldNames);
    all.addAll(names);
    return new Secrets(values, all);
  }

  /**
   * Also treats this field's values as secret, and knows its live value (null: unknown), so that
   * the value is redacted wherever it appears and verify sends it where the tape says {@code
   * <redacted:NAME>}.
   */
  public Secrets withField(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(values);
    if (value != null) {
      all.put(name, value);
    }
    Set<String> names = new TreeSet<>(fieldNames);
    names.add(name);
    return new Secrets(all, names);
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
    if (node == null || isEmpty()) {
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

  /** The text with every secret value, in every form, replaced by its placeholder. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (Map.Entry<String, List<String>> e : forms.entrySet()) {
      for (String form : e.getValue()) {
        result = result.replace(form, placeholder(e.getKey()));
      }
    }
    return result;
  }

  /**
   * The exception itself when no message in its chain carries a secret, else a copy whose messages
   * are redacted (stack traces kept): what may be thrown to a test or printed.
   */
  public RuntimeException redact(RuntimeException e) {
    return leaks(e) ? (RuntimeException) redactedCopy(e) : e;
  }

  private boolean leaks(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !leakedInto(c.getMessage()).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private Throwable redactedCopy(Throwable t) {
    Throwable cause = t.getCause() == null ? null : redactedCopy(t.getCause());
    RedactedException copy =
        new RedactedException(t.getClass().getName(), redact(t.getMessage()), cause);
    copy.setStackTrace(t.getStackTrace());
    return copy;
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

  /** The names of secret values found in the text, in any form: a leak scan for what is written. */
  public List<String> leakedInto(String text) {
    return forms.entrySet().stream()
        .filter(e -> e.getValue().stream().anyMatch(text::contains))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** An exception whose messages had a secret: the original's class name, message redacted. */
  public static final class RedactedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String originalClass;

    RedactedException(String originalClass, String message, Throwable cause) {
      super(message, cause);
      this.originalClass = originalClass;
    }

    /** The class of the exception this is a redacted copy of. */
    public String originalClass() {
      return originalClass;
    }

    @Override
    public String toString() {
      return originalClass + (getMessage() == null ? "" : ": " + getMessage());
    }
  }
}

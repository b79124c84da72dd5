package dev.wassettetape.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where exchanges are normalised before they are compared. Tapes store what was recorded; this
 * applies only when comparing (verify, and the matching of replay).
 *
 * <p>Built-in rules ({@link #standard()}), in order: JSON carried in {@code content[].text} is
 * parsed so it compares structurally; {@code tools/list} is sorted by name and {@code
 * list-components} by id; {@code serverInfo.version} and {@code instructions} of the handshake are
 * ignored; stray {@code notifications/tools/list_changed} events are dropped; progress tokens and
 * server request ids are numbered ({@code <progress-token:1>}, {@code <id:1>}); then in every
 * string, ISO-8601 timestamps, UUIDs and absolute temporary paths become numbered placeholders
 * ({@code <timestamp:1>}, {@code <uuid:1>}, {@code <temp-path>}). JSON-RPC ids of the client are
 * never on a tape, so they never differ. User rules follow the built-ins.
 *
 * <pre>{@code
 * Normalizer n = Normalizer.standard()
 *     .ignoring("/response/result/structuredContent/result/fetchedAt")
 *     .replacing(Pattern.compile("req-[0-9a-f]+"), "<request-id>");
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class Normalizer {

  static final Pattern TIMESTAMP =
      Pattern.compile(
          "\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?\\b");
  static final Pattern UUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  static final Pattern TEMP_PATH = tempPathPattern();

  private final List<NormalizationRule> rules;

  private Normalizer(List<NormalizationRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** No rules at all: exchanges compare exactly (but for key order). */
  public static Normalizer none() {
    return new Normalizer(List.of());
  }

  /** The built-in rules. */
  public static Normalizer standard() {
    return new Normalizer(
        List.of(
            Normalizer::parseEmbeddedJson,
            Normalizer::sortLists,
            Normalizer::ignoreHandshakeNoise,
            (exchange, scope) -> dropEvents(exchange, "notifications/tools/list_changed"),
            Normalizer::numberProgressTokens,
            Normalizer::numberServerRequestIds,
            Normalizer::placeholders));
  }

  /** Adds a rule after the existing ones. */
  public Normalizer with(NormalizationRule rule) {
    List<NormalizationRule> all = new ArrayList<>(rules);
    all.add(rule);
    return new Normalizer(all);
  }

  /**
   * Ignores the value at a path of the exchange: a JSON Pointer whose segments may be {@code *}
   * (any key or index), e.g. {@code /response/result/content/*}{@code /annotations}. The value
   * becomes {@code "<ignored>"} on both sides, so its presence still counts.
   */
  public Normalizer ignoring(String pointer) {
    return with(
        (exchange, scope) -> {
          slots(exchange, pointer).forEach(slot -> slot.set(TextNode.valueOf("<ignored>")));
          return exchange;
        });
  }

  /**
   * Compares the arrays at a path (a pointer pattern as in {@link #ignoring}) without regard to the
   * order of their elements, like JsonUnit's IGNORING_ARRAY_ORDER but for one place.
   */
  public Normalizer ignoringOrder(String pointer) {
    return with(
        (exchange, scope) -> {
          for (Slot slot : slots(exchange, pointer)) {
            if (slot.value() instanceof ArrayNode array) {
              List<JsonNode> items = new ArrayList<>();
              array.forEach(items::add);
              items.sort(java.util.Comparator.comparing(Normalizer::canonical));
              array.removeAll();
              array.addAll(items);
            }
          }
          return exchange;
        });
  }

  /** JSON text with object keys sorted, so equal values sort together. */
  private static String canonical(JsonNode node) {
    if (node.isObject()) {
      java.util.TreeMap<String, String> fields = new java.util.TreeMap<>();
      node.properties().forEach(e -> fields.put(e.getKey(), canonical(e.getValue())));
      return fields.toString();
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(canonical(n)));
      return items.toString();
    }
    return node.toString();
  }

  /**
   * Drops server events of a method from every exchange: for notifications a server sends on its
   * own schedule (log lines, list changes), whose anchoring to an interaction is a matter of
   * timing.
   */
  public Normalizer ignoringEvents(String method) {
    return with((exchange, scope) -> dropEvents(exchange, method));
  }

  /** Replaces every match of the regex in every string with the replacement ({@code $1} works). */
  public Normalizer replacing(Pattern regex, String replacement) {
    return with(
        (exchange, scope) -> mapStrings(exchange, s -> regex.matcher(s).replaceAll(replacement)));
  }

  /** A normalising view of one tape: one numbering scope for all its exchanges. */
  public Session session() {
    return new Session(new NormalizationRule.Scope());
  }

  /** Normalises a whole tape's exchanges in one scope: {@code [handshake, interaction...]}. */
  public List<JsonNode> exchanges(Tape tape) {
    Session session = session();
    List<JsonNode> out = new ArrayList<>();
    out.add(session.handshake(tape));
    for (Interaction i : tape.interactions()) {
      out.add(session.interaction(i));
    }
    return out;
  }

  /** Normalises the exchanges of one tape with shared numbering. */
  public final class Session {
    private final NormalizationRule.Scope scope;

    private Session(NormalizationRule.Scope scope) {
      this.scope = scope;
    }

    public JsonNode handshake(Tape tape) {
      ObjectNode node = (ObjectNode) TapeFile.toJson(tape).get("handshake");
      node.put("kind", "handshake");
      return apply(node);
    }

    public JsonNode interaction(Interaction interaction) {
      ObjectNode node = TapeFile.interaction(interaction);
      node.remove("elapsedMs");
      return apply(node);
    }

    /** Any JSON, e.g. the params of a request being matched. */
    public JsonNode apply(JsonNode node) {
      JsonNode current = node.deepCopy();
      for (NormalizationRule rule : rules) {
        current = rule.apply(current, scope);
      }
      return current;
    }
  }

  // ---- built-in rules ------------------------------------------------------------------------

  /** JSON inside {@code content[].text}, parsed: compared by meaning, not by characters. */
  static JsonNode parseEmbeddedJson(JsonNode exchange, NormalizationRule.Scope scope) {
    for (JsonNode content : exchange.path("response").path("result").path("content")) {
      JsonNode text = content.get("text");
      if (content.isObject() && text != null && text.isTextual()) {
        String t = text.asText().trim();
        if (t.startsWith("{") || t.startsWith("[")) {
          try {
            ((ObjectNode) content).set("text", JsonRpcMessage.MAPPER.readTree(t));
          } catch (java.io.IOException notJson) {
            // plain text that happens to start with a bracket
          }
        }
      }
    }
    return exchange;
  }

  /** {@code tools/list} by name, {@code list-components} by id: their order is not behaviour. */
  static JsonNode sortLists(JsonNode exchange, NormalizationRule.Scope scope) {
    String method = exchange.path("request").path("method").asText();
    if ("tools/list".equals(method)) {
      sortBy(exchange.path("response").path("result").path("tools"), "name");
    }
    if ("tools/call".equals(method)
        && "list-components"
            .equals(exchange.path("request").path("params").path("name").asText())) {
      for (JsonNode content : exchange.path("response").path("result").path("content")) {
        sortBy(content.path("text").path("components"), "id");
      }
    }
    return exchange;
  }

  private static void sortBy(JsonNode array, String field) {
    if (array instanceof ArrayNode list) {
      List<JsonNode> items = new ArrayList<>();
      list.forEach(items::add);
      items.sort(java.util.Comparator.comparing(n -> n.path(field).asText()));
      list.removeAll();
      list.addAll(items);
    }
  }

  /** The server's version and its long instructions text change with every release. */
  static JsonNode ignoreHandshakeNoise(JsonNode exchange, NormalizationRule.Scope scope) {
    if ("handshake".equals(exchange.path("kind").asText())) {
      JsonNode result = exchange.path("response").path("result");
      if (result.path("serverInfo").has("version")) {
        ((ObjectNode) result.path("serverInfo")).put("version", "<ignored>");
      }
      if (result.has("instructions")) {
        ((ObjectNode) result).put("instructions", "<ignored>");
      }
    }
    return exchange;
  }

  /** Removes the events of a method from an exchange (and an emptied {@code events}). */
  static JsonNode dropEvents(JsonNode exchange, String method) {
    if (exchange.get("events") instanceof ArrayNode events) {
      for (int k = events.size() - 1; k >= 0; k--) {
        JsonNode event = events.get(k);
        String m =
            event.has("notification")
                ? event.path("notification").path("method").asText()
                : event.path("request").path("method").asText();
        if (method.equals(m)) {
          events.remove(k);
        }
      }
      if (events.isEmpty()) {
        ((ObjectNode) exchange).remove("events");
      }
    }
    return exchange;
  }

  /** Progress tokens are the client's choice, new on every run: numbered like UUIDs. */
  static JsonNode numberProgressTokens(JsonNode exchange, NormalizationRule.Scope scope) {
    if (exchange.at("/request/params/_meta") instanceof ObjectNode meta
        && meta.has("progressToken")) {
      meta.put(
          "progressToken",
          scope.placeholder("progress-token", meta.get("progressToken").toString()));
    }
    for (JsonNode event : exchange.path("events")) {
      if (event.at("/notification/params") instanceof ObjectNode params
          && "notifications/progress".equals(event.at("/notification/method").asText())
          && params.has("progressToken")) {
        params.put(
            "progressToken",
            scope.placeholder("progress-token", params.get("progressToken").toString()));
      }
    }
    return exchange;
  }

  static JsonNode numberServerRequestIds(JsonNode exchange, NormalizationRule.Scope scope) {
    for (JsonNode event : exchange.path("events")) {
      if (event.path("request").has("id")) {
        ((ObjectNode) event.path("request"))
            .put("id", scope.placeholder("id", event.path("request").get("id").toString()));
      }
    }
    return exchange;
  }

  /** Timestamps, UUIDs and temp paths in every string. */
  static JsonNode placeholders(JsonNode exchange, NormalizationRule.Scope scope) {
    return mapStrings(
        exchange,
        s -> {
          String out =
              replace(
                  UUID, s, m -> scope.placeholder("uuid", m.toLowerCase(java.util.Locale.ROOT)));
          out = replace(TIMESTAMP, out, m -> scope.placeholder("timestamp", m));
          return TEMP_PATH.matcher(out).replaceAll("<temp-path>");
        });
  }

  private static String replace(
      Pattern pattern, String text, java.util.function.UnaryOperator<String> by) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(by.apply(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Applies a function to every string value (not to keys), in place where possible. */
  static JsonNode mapStrings(JsonNode node, java.util.function.UnaryOperator<String> f) {
    if (node.isTextual()) {
      return TextNode.valueOf(f.apply(node.asText()));
    }
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        object.set(name, mapStrings(object.get(name), f));
      }
    } else if (node instanceof ArrayNode array) {
      for (int k = 0; k < array.size(); k++) {
        array.set(k, mapStrings(array.get(k), f));
      }
    }
    return node;
  }

  /** A place in a JSON tree: a field of an object or an element of an array. */
  private record Slot(JsonNode container, String key) {
    JsonNode value() {
      return container.isObject() ? container.get(key) : container.get(Integer.parseInt(key));
    }

    void set(JsonNode value) {
      if (container instanceof ObjectNode object) {
        object.set(key, value);
      } else {
        ((ArrayNode) container).set(Integer.parseInt(key), value);
      }
    }
  }

  /** The slots a pointer pattern ({@code *} = any key or index) names in a tree. */
  private static List<Slot> slots(JsonNode node, String pointer) {
    String[] segments =
        pointer.startsWith("/") ? pointer.substring(1).split("/", -1) : pointer.split("/", -1);
    List<Slot> found = new ArrayList<>();
    collect(node, segments, 0, found);
    return found;
  }

  private static void collect(JsonNode node, String[] segments, int depth, List<Slot> found) {
    String segment = unescape(segments[depth]);
    List<String> keys = new ArrayList<>();
    if (node.isObject()) {
      if (segment.equals("*")) {
        node.fieldNames().forEachRemaining(keys::add);
      } else if (node.has(segment)) {
        keys.add(segment);
      }
    } else if (node.isArray()) {
      for (int k = 0; k < node.size(); k++) {
        if (segment.equals("*") || segment.equals(String.valueOf(k))) {
          keys.add(String.valueOf(k));
        }
      }
    }
    for (String key : keys) {
      Slot slot = new Slot(node, key);
      if (depth == segments.length - 1) {
        found.add(slot);
      } else {
        collect(slot.value(), segments, depth + 1, found);
      }
    }
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }

  private static Pattern tempPathPattern() {
    String tmp = System.getProperty("java.io.tmpdir", "/tmp").replaceAll("/+$", "");
    String alternatives =
        String.join(
            "|",
            java.util.stream.Stream.of(tmp, "/tmp", "/var/folders", "/private/var/folders")
                .distinct()
                .map(Pattern::quote)
                .toList());
    return Pattern.compile("(?:file://)?(?:" + alternatives + ")/[^\\s\"'<>]*");
  }
}

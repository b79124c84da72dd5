package dev.wassettetape.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.internal.jsonrpc.Stateless;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules of {@link Normalizer#standard()}, and the string walker they share with user rules. */
final class BuiltInRules {

  static final Pattern TIMESTAMP =
      Pattern.compile(
          "\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?\\b");
  static final Pattern UUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  static final Pattern TEMP_PATH = tempPathPattern();

  private BuiltInRules() {}

  /**
   * The built-in rules as one, set up when it first applies: a replayed test, which compares
   * nothing, compiles none of their patterns (part of a fresh JVM's first replay).
   */
  static final class All implements NormalizationRule {
    private static final class Rules {
      static final List<NormalizationRule> LIST = all();
    }

    @Override
    public JsonNode apply(JsonNode exchange, Scope scope) {
      JsonNode current = exchange;
      for (NormalizationRule rule : Rules.LIST) {
        current = rule.apply(current, scope);
      }
      return current;
    }
  }

  /** The built-in rules, in the order they apply. */
  static List<NormalizationRule> all() {
    return List.of(
        BuiltInRules::cancelledByRequestOnly,
        BuiltInRules::parseEmbeddedJson,
        BuiltInRules::sortLists,
        (exchange, scope) -> dropEvents(exchange, "notifications/tools/list_changed"),
        BuiltInRules::numberProgressTokens,
        BuiltInRules::numberServerRequestIds,
        BuiltInRules::placeholders);
  }

  /**
   * A cancelled request compares by its request and the fact that it was cancelled: whatever the
   * server managed to send before the cancellation reached it (progress, even a response), and the
   * reason given, are a matter of timing.
   */
  static JsonNode cancelledByRequestOnly(JsonNode exchange, NormalizationRule.Scope scope) {
    if (exchange instanceof ObjectNode e && e.has("cancelled")) {
      e.remove("response");
      e.remove("events");
      e.putObject("cancelled");
    }
    return exchange;
  }

  /** JSON inside {@code content[].text}, parsed: compared by meaning, not by characters. */
  static JsonNode parseEmbeddedJson(JsonNode exchange, NormalizationRule.Scope scope) {
    for (JsonNode content : exchange.path("response").path("result").path("content")) {
      JsonNode text = content.get("text");
      if (content.isObject() && text != null && text.isTextual()) {
        String t = text.asText().trim();
        if (t.startsWith("{") || t.startsWith("[")) {
          try {
            ((ObjectNode) content).set("text", Json.parse(t));
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
      if (event.at("/notification/params/_meta") instanceof ObjectNode meta
          && meta.has(Stateless.SUBSCRIPTION_KEY)) { // the listen request's id: renumbered
        meta.put(Stateless.SUBSCRIPTION_KEY, "<subscription-id>");
      }
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

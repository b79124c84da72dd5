package dev.wassettetape.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wassettetape.jsonrpc.CanonicalJson;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.TapeWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where exchanges are normalised before they are compared. Tapes store what was recorded; this
 * applies only when comparing (verify, and the matching of replay).
 *
 * <p>Built-in rules ({@link #standard()}), in order: a cancelled request compares by its request
 * alone (what came before the cancellation is timing); JSON carried in {@code content[].text} is
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
 * Numbering ({@code <uuid:1>}, ...) runs within one chapter: each test's chapter is compared on its
 * own. Immutable and thread-safe.
 */
public final class Normalizer {

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
    return new Normalizer(BuiltInRules.all());
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
          PointerPattern.slots(exchange, pointer)
              .forEach(slot -> slot.set(TextNode.valueOf("<ignored>")));
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
          for (PointerPattern.Slot slot : PointerPattern.slots(exchange, pointer)) {
            if (slot.value() instanceof ArrayNode array) {
              List<JsonNode> items = new ArrayList<>();
              array.forEach(items::add);
              items.sort(Comparator.comparing(CanonicalJson::of));
              array.removeAll();
              array.addAll(items);
            }
          }
          return exchange;
        });
  }

  /**
   * Drops server events of a method from every exchange: for notifications a server sends on its
   * own schedule (log lines, list changes), whose anchoring to an interaction is a matter of
   * timing.
   */
  public Normalizer ignoringEvents(String method) {
    return with((exchange, scope) -> BuiltInRules.dropEvents(exchange, method));
  }

  /** Replaces every match of the regex in every string with the replacement ({@code $1} works). */
  public Normalizer replacing(Pattern regex, String replacement) {
    return with(
        (exchange, scope) ->
            BuiltInRules.mapStrings(exchange, s -> regex.matcher(s).replaceAll(replacement)));
  }

  /** A normalising view with one numbering scope, e.g. for one chapter. */
  public Session session() {
    return new Session(new NormalizationRule.Scope());
  }

  /** A chapter's exchanges, normalised in one scope. */
  public List<JsonNode> exchanges(Chapter chapter) {
    Session session = session();
    List<JsonNode> out = new ArrayList<>();
    for (Interaction i : chapter.interactions()) {
      out.add(session.interaction(i));
    }
    return out;
  }

  /** The handshake, normalised in a scope of its own. */
  public JsonNode handshake(Handshake handshake) {
    return session().handshake(handshake);
  }

  /** Normalises exchanges with shared numbering. */
  public final class Session {
    private final NormalizationRule.Scope scope;

    private Session(NormalizationRule.Scope scope) {
      this.scope = scope;
    }

    public JsonNode handshake(Handshake handshake) {
      ObjectNode node = TapeWriter.handshake(handshake);
      node.put("kind", "handshake");
      return apply(node);
    }

    public JsonNode interaction(Interaction interaction) {
      ObjectNode node = TapeWriter.interaction(interaction);
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
}

package dev.wassettetape.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.diff.JsonDiff;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.TapeWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import net.javacrumbs.jsonunit.core.Configuration;
import net.javacrumbs.jsonunit.core.ConfigurationWhen;
import net.javacrumbs.jsonunit.core.Option;

/**
 * Where exchanges are normalised before they are compared. Tapes store what was recorded; this
 * applies only when comparing (verify, and the matching of replay).
 *
 * <p>Built-in rules ({@link #standard()}), in order: a cancelled request compares by its request
 * alone (what came before the cancellation is timing); JSON carried in {@code content[].text} is
 * parsed so it compares structurally; {@code tools/list} is sorted by name and {@code
 * list-components} by id; stray {@code notifications/tools/list_changed} events are dropped;
 * progress tokens and server request ids are numbered ({@code <progress-token:1>}, {@code <id:1>});
 * then in every string, ISO-8601 timestamps, UUIDs and absolute temporary paths become numbered
 * placeholders ({@code <timestamp:1>}, {@code <uuid:1>}, {@code <temp-path>}). JSON-RPC ids of the
 * client are never on a tape, so they never differ. User rules follow the built-ins. The normalised
 * exchanges are then compared by JsonUnit ({@link #comparison()}): ignored paths and array order
 * are its options; built in, the handshake's {@code serverInfo.version} and {@code instructions}
 * are ignored.
 *
 * <pre>{@code
 * Normalizer n = Normalizer.standard()
 *     .ignoring("response.result.structuredContent.result.fetchedAt")
 *     .replacing(Pattern.compile("req-[0-9a-f]+"), "<request-id>");
 * }</pre>
 *
 * Numbering ({@code <uuid:1>}, ...) runs within one chapter: each test's chapter is compared on its
 * own. Immutable and thread-safe.
 */
public final class Normalizer {

  private final List<NormalizationRule> rules;
  // JsonUnit's options, applied when a comparison first needs them: a replayed test never loads
  // JsonUnit (nor the Jackson mapper its set-up creates)
  private final UnaryOperator<Configuration> options;
  private volatile Configuration comparison;

  private Normalizer(List<NormalizationRule> rules, UnaryOperator<Configuration> options) {
    this.rules = List.copyOf(rules);
    this.options = options;
  }

  /** No rules at all: exchanges compare exactly (but for key order). */
  public static Normalizer none() {
    return new Normalizer(List.of(), UnaryOperator.identity());
  }

  /**
   * The built-in rules, and the built-in JsonUnit option: the server's version and its long
   * instructions text, which change with every release, are not compared.
   */
  public static Normalizer standard() {
    return new Normalizer(
        List.of(new BuiltInRules.All()),
        c ->
            c.whenIgnoringPaths(
                "response.result.serverInfo.version", "response.result.instructions"));
  }

  /** Adds a rule after the existing ones. */
  public Normalizer with(NormalizationRule rule) {
    List<NormalizationRule> all = new ArrayList<>(rules);
    all.add(rule);
    return new Normalizer(all, options);
  }

  /**
   * Ignores the value at a path of the exchange, in JsonUnit's path syntax (the paths a verify
   * failure prints): e.g. {@code response.result.structuredContent.fetchedAt}, {@code
   * response.result.content[*].annotations}. A JsonUnit option, as {@code whenIgnoringPaths}: the
   * node is not compared on either side.
   */
  public Normalizer ignoring(String path) {
    String jsonUnit = jsonUnitPath(path);
    return configuring(c -> c.whenIgnoringPaths(jsonUnit));
  }

  /**
   * Compares the arrays at a path (JsonUnit syntax, as in {@link #ignoring}) without regard to the
   * order of their elements: JsonUnit's {@code IGNORING_ARRAY_ORDER} for that path.
   */
  public Normalizer ignoringOrder(String path) {
    String jsonUnit = jsonUnitPath(path);
    return configuring(
        c ->
            c.when(
                ConfigurationWhen.path(jsonUnit),
                ConfigurationWhen.then(Option.IGNORING_ARRAY_ORDER)));
  }

  /**
   * Any other JsonUnit option of the comparison, e.g. {@code c ->
   * c.withOptions(Option.IGNORING_EXTRA_FIELDS)} to let a newer server add fields.
   */
  public Normalizer configuring(UnaryOperator<Configuration> option) {
    UnaryOperator<Configuration> before = options;
    return new Normalizer(rules, c -> option.apply(before.apply(c)));
  }

  /** The JsonUnit options the normalised exchanges are compared with ({@code diff.JsonDiff}). */
  public Configuration comparison() {
    Configuration c = comparison;
    if (c == null) {
      c = options.apply(JsonDiff.DEFAULT);
      comparison = c;
    }
    return c;
  }

  private static String jsonUnitPath(String path) {
    if (path.startsWith("/")) {
      throw new IllegalArgumentException(
          "'"
              + path
              + "' looks like a JSON Pointer; paths to ignore are in JsonUnit's syntax, as verify"
              + " prints them, e.g. "
              + path.substring(1).replaceAll("/([0-9]+|\\*)(?=/|$)", "[$1]").replace('/', '.'));
    }
    return path;
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

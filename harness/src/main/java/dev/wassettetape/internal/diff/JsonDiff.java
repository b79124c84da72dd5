package dev.wassettetape.internal.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.jsonunit.core.Configuration;
import net.javacrumbs.jsonunit.core.internal.Diff;

/**
 * Where two JSON documents are compared: by <a href="https://github.com/lukas-krecan/JsonUnit">
 * JsonUnit</a>, whose {@link Configuration} carries the options (ignored paths, array order, ...).
 * Objects compare by key (order does not matter), arrays by index unless an option says otherwise,
 * numbers by value ({@code 1} equals {@code 1.0}). Each difference JsonUnit finds is one {@link
 * Difference}, with JsonUnit's path ({@code response.result.content[0].text}) — the same syntax
 * {@code Normalizer.ignoring} takes.
 */
public final class JsonDiff {

  /** Numbers compare by value, as JSON means them: {@code 1} and {@code 1.0} are equal. */
  public static final Configuration DEFAULT = Configuration.empty().withTolerance(BigDecimal.ZERO);

  private static final ObjectMapper VALUES = new ObjectMapper();

  private JsonDiff() {}

  /** The differences under the default options. */
  public static List<Difference> diff(JsonNode expected, JsonNode actual) {
    return diff(expected, actual, DEFAULT);
  }

  /** The differences under the given JsonUnit options (its difference listener is replaced). */
  public static List<Difference> diff(JsonNode expected, JsonNode actual, Configuration options) {
    List<Difference> out = new ArrayList<>();
    Configuration listening =
        options.withDifferenceListener(
            (d, context) ->
                out.add(
                    new Difference(
                        d.getType() == net.javacrumbs.jsonunit.core.listener.Difference.Type.EXTRA
                            ? d.getActualPath()
                            : d.getExpectedPath(),
                        kind(d.getType()),
                        tree(d.getExpected()),
                        tree(d.getActual()))));
    Diff.create(orNull(expected), orNull(actual), "fullJson", "", listening).similar();
    return out;
  }

  private static Object orNull(JsonNode node) {
    return node == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node;
  }

  private static Difference.Kind kind(net.javacrumbs.jsonunit.core.listener.Difference.Type type) {
    return switch (type) {
      case EXTRA -> Difference.Kind.EXTRA;
      case MISSING -> Difference.Kind.MISSING;
      case DIFFERENT -> Difference.Kind.DIFFERENT;
    };
  }

  /** JsonUnit hands values over unwrapped (maps, lists, BigDecimal, String): back to a tree. */
  private static JsonNode tree(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof JsonNode node ? node : VALUES.valueToTree(value);
  }
}

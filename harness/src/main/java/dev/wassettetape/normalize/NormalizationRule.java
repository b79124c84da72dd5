package dev.wassettetape.normalize;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rewrites one exchange before comparison: what legitimately changes between runs becomes a
 * placeholder or disappears. An exchange is the JSON of an interaction as {@link
 * dev.wassettetape.tape.TapeWriter#interaction} prints it ({@code request}, {@code response},
 * {@code events}), or of the handshake ({@code request}, {@code response}).
 *
 * <p>Rules must be stateless or keep their state in the {@link Scope}; they may change the node in
 * place and return it, or return a new one. Thread-safe when stateless.
 */
@FunctionalInterface
public interface NormalizationRule {

  /** Changes nothing. */
  NormalizationRule NONE = (exchange, scope) -> exchange;

  JsonNode apply(JsonNode exchange, Scope scope);

  /**
   * State shared by the rules across the exchanges of one tape: the consistent numbering of values
   * (the same UUID gets the same placeholder everywhere in a tape).
   */
  final class Scope {
    private final java.util.Map<String, java.util.Map<String, String>> numbering =
        new java.util.HashMap<>();

    /** {@code <kind:N>}, where N counts distinct values of this kind in order of appearance. */
    public String placeholder(String kind, String value) {
      java.util.Map<String, String> seen =
          numbering.computeIfAbsent(kind, k -> new java.util.HashMap<>());
      return seen.computeIfAbsent(value, v -> "<" + kind + ":" + (seen.size() + 1) + ">");
    }
  }
}

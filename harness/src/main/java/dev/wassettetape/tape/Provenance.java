package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a tape came from.
 *
 * @param at when it was recorded
 * @param with the harness that recorded it, e.g. {@code wassette-tape 0.1.0}
 * @param runtime the MCP server: {@code {"name":"wassette","version":"0.8.0"}} or {@code
 *     {"name":"command","command":[...]}}
 * @param components the components served: id, sha256, bytes, policy (text)
 * @param redacted names of the secrets replaced by {@code <redacted:NAME>}
 */
public record Provenance(
    Instant at, String with, JsonNode runtime, List<JsonNode> components, List<String> redacted) {

  public Provenance {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(with, "with");
    Objects.requireNonNull(runtime, "runtime");
    components = components.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    redacted = List.copyOf(redacted);
    runtime = runtime.deepCopy();
  }

  /** The same provenance, also listing these names as redacted. */
  public Provenance withRedacted(java.util.Collection<String> names) {
    java.util.Set<String> all = new java.util.TreeSet<>(redacted);
    all.addAll(names);
    return new Provenance(at, with, runtime, components, List.copyOf(all));
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode runtime() {
    return runtime.deepCopy();
  }

  /** Copies: tapes are immutable. */
  @Override
  public List<JsonNode> components() {
    return components.stream().<JsonNode>map(JsonNode::deepCopy).toList();
  }
}

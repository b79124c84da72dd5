package dev.wassettetape.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.CanonicalJson;
import dev.wassettetape.tape.Secrets;
import java.util.Set;

/**
 * What replay matches a request on: the method and the params as {@link #matched} sees them, with
 * secrets redacted as on the tape, compared as canonical JSON (keys in any order, numbers by value:
 * {@link CanonicalJson#equal}), so that an index lookup is one hash, made without any text.
 */
final class RequestKey {

  /** Methods whose {@code arguments} may be left out when there are none. */
  private static final Set<String> WITH_ARGUMENTS = Set.of("tools/call", "prompts/get");

  private final String method;
  private final JsonNode params;
  private final int hash;

  private RequestKey(String method, JsonNode params) {
    this.method = method;
    this.params = params;
    this.hash = 31 * method.hashCode() + CanonicalJson.hash(params);
  }

  static RequestKey of(boolean notification, String method, JsonNode params, Secrets secrets) {
    return new RequestKey(
        (notification ? "notification " : "") + method, matched(method, secrets.redact(params)));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RequestKey k
        && k.hash == hash
        && k.method.equals(method)
        && CanonicalJson.equal(k.params, params);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return method + " " + CanonicalJson.of(params);
  }

  /**
   * Params as matching sees them (also what near-miss diffs compare). What clients legitimately
   * send either way is made one: absent {@code params} is {@code {}}; absent {@code arguments} of
   * {@code tools/call} and {@code prompts/get} is {@code {}}; {@code _meta} and {@code
   * progressToken} (new on every run) are left out. A new object whose members are the params' own:
   * read it, never change it.
   */
  static JsonNode matched(String method, JsonNode params) {
    if (params != null && !params.isObject()) {
      return params; // not MCP, but compared as it is
    }
    ObjectNode copy = JsonNodeFactory.instance.objectNode(); // the envelope only: it is read
    if (params != null) {
      copy.setAll((ObjectNode) params);
    }
    copy.remove("_meta");
    copy.remove("progressToken");
    if (WITH_ARGUMENTS.contains(method) && !copy.has("arguments")) {
      copy.putObject("arguments");
    }
    return copy;
  }
}

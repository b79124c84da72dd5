package dev.wassettetape.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.CanonicalJson;
import dev.wassettetape.internal.jsonrpc.RawJson;
import dev.wassettetape.tape.Interaction;
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
    return new RequestKey(prefixed(notification, method), matched(method, secrets.redact(params)));
  }

  /**
   * The {@link #hashCode} of a taped request's key: from the hash its params were read with, when
   * matching reads them as they are, else from its key.
   */
  static int hash(Interaction taped, Secrets secrets) {
    RawJson raw = asRead(taped, secrets);
    return raw != null
        ? 31 * prefixed(taped.notification(), taped.method()).hashCode() + raw.hash()
        : of(taped.notification(), taped.method(), taped.params(), secrets).hashCode();
  }

  /** Whether a taped request has this key: compared with its params as read, when it can be. */
  boolean matches(Interaction taped, Secrets secrets) {
    if (!method.equals(prefixed(taped.notification(), taped.method()))) {
      return false;
    }
    return asRead(taped, secrets) != null
        ? CanonicalJson.equal(params, TapedParams.of(taped))
        : equals(of(taped.notification(), taped.method(), taped.params(), secrets));
  }

  /**
   * The params of a taped request as read with their hash, when matching reads them as they are: no
   * secrets to redact, nothing to leave out ({@code _meta}, {@code progressToken}) or add ({@code
   * arguments}); else null.
   */
  private static RawJson asRead(Interaction taped, Secrets secrets) {
    RawJson raw = RawJson.in(TapedParams.of(taped));
    boolean asRead =
        raw != null
            && raw.hashed()
            && secrets.isEmpty()
            && !raw.has("_meta")
            && !raw.has("progressToken")
            && (!WITH_ARGUMENTS.contains(taped.method()) || raw.has("arguments"));
    return asRead ? raw : null;
  }

  private static String prefixed(boolean notification, String method) {
    return notification ? "notification " + method : method;
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
   * progressToken} (new on every run) are left out. The params themselves when nothing is to
   * change, else a new object whose members are the params' own: read it, never change it.
   */
  static JsonNode matched(String method, JsonNode params) {
    if (params != null && !params.isObject()) {
      return params; // not MCP, but compared as it is
    }
    boolean arguments =
        !WITH_ARGUMENTS.contains(method) || params != null && params.has("arguments");
    if (params != null && arguments && !params.has("_meta") && !params.has("progressToken")) {
      return params; // as most are
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

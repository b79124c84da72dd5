package dev.wassettetape.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.jsonrpc.CanonicalJson;
import dev.wassettetape.tape.Secrets;

/**
 * What replay matches a request on: the method and the params, without what changes between runs of
 * the same client ({@code _meta}, progress tokens), with secrets redacted as on the tape, and in a
 * canonical text (sorted keys) so that an index lookup is one hash.
 */
record RequestKey(String method, String params) {

  static RequestKey of(String method, JsonNode params, Secrets secrets) {
    return new RequestKey(method, CanonicalJson.of(strip(secrets.redact(params))));
  }

  /** Params as matching sees them (also what near-miss diffs compare). */
  static JsonNode strip(JsonNode params) {
    if (params == null) {
      return null;
    }
    if (!params.has("_meta") && !params.has("progressToken")) {
      return params;
    }
    ObjectNode copy = (ObjectNode) params.deepCopy();
    copy.remove("_meta");
    copy.remove("progressToken");
    return copy;
  }
}

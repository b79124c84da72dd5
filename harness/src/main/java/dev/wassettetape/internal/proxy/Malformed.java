package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.ProtocolProblem;

/**
 * The JSON-RPC answer a client gets for a line the proxy could not use, so that no input leaves a
 * client waiting: {@code -32700} for a line that is not JSON (or not UTF-8, or too long), {@code
 * -32600} for JSON that is no JSON-RPC request, with the request's id when it has a readable one,
 * else {@code null}. A malformed <em>response</em> gets no answer (JSON-RPC never answers a
 * response); it is only reported. The line itself never reaches the server.
 */
final class Malformed {

  private Malformed() {}

  /** The answer to a client's unusable line; null when there is nothing to answer. */
  static Response answerTo(ProtocolProblem problem) {
    JsonNode json = problem.json();
    if (json == null) {
      return Response.errorWithoutId(
          Response.PARSE_ERROR,
          "wassette-tape: parse error: "
              + problem.detail()
              + " (MCP over stdio is one JSON-RPC message per line)");
    }
    if (json.isObject() && !json.has("method") && (json.has("result") || json.has("error"))) {
      return null;
    }
    String message = "wassette-tape: invalid JSON-RPC request: " + problem.detail();
    JsonNode id = json.path("id");
    if (id.isTextual() || id.isIntegralNumber()) {
      return Response.error(new Id(id), Response.INVALID_REQUEST, message, null);
    }
    return Response.errorWithoutId(Response.INVALID_REQUEST, message);
  }
}

package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Stateless;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * The POST that carries a message to a Streamable HTTP server: the client's own headers that are
 * not the transport's, the media types, and either the session's headers or, for a stateless
 * request, headers mirroring its body.
 */
final class HttpPostRequest {

  private HttpPostRequest() {}

  /**
   * @param message the message, or null for text that is no message (sent with the session's
   *     headers)
   */
  static HttpRequest build(
      URI url,
      String body,
      JsonRpcMessage message,
      Map<String, List<String>> headers,
      String sessionId,
      String protocolVersion) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url);
    headers.forEach(
        (name, values) -> {
          if (HttpChecks.forwardable(name)) {
            values.forEach(value -> request.header(name, value));
          }
        });
    request
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    String stateless = message == null ? null : Stateless.version(message);
    if (stateless != null) { // a request of its own: no session, its headers mirror its body
      request.header(HttpEndpoint.VERSION_HEADER, stateless);
      if (message instanceof Request r) {
        request.header(HttpEndpoint.METHOD_HEADER, r.method());
        String name = Stateless.name(r);
        if (name != null) {
          request.header(HttpEndpoint.NAME_HEADER, name);
        }
      } else if (message instanceof Notification n) {
        request.header(HttpEndpoint.METHOD_HEADER, n.method());
      }
    } else {
      if (sessionId != null) {
        request.header("Mcp-Session-Id", sessionId);
      }
      if (protocolVersion != null) {
        request.header("MCP-Protocol-Version", protocolVersion);
      }
    }
    return request.build();
  }
}

package dev.wassettetape.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How the client answers the server's requests: {@code ping} always; {@code roots/list}, {@code
 * sampling/createMessage} and {@code elicitation/create} through the handlers set, whose
 * capabilities the handshake announces; anything else through the fallback (method not found by
 * default). Thread-safe.
 */
final class ServerRequests {

  private static final Map<String, String> CAPABILITIES =
      Map.of(
          "roots/list", "roots",
          "sampling/createMessage", "sampling",
          "elicitation/create", "elicitation");

  private final Map<String, Function<JsonNode, JsonNode>> handlers = new ConcurrentHashMap<>();
  private volatile Function<Request, Response> otherwise =
      request ->
          Response.error(
              request.id(),
              Response.METHOD_NOT_FOUND,
              "client does not support " + request.method(),
              null);

  void roots(Supplier<JsonNode> roots) {
    handle(
        "roots/list",
        params -> {
          ObjectNode result = JsonNodeFactory.instance.objectNode();
          result.set("roots", roots.get());
          return result;
        });
  }

  /** A handler gets a request's params and returns its result. */
  void handle(String method, Function<JsonNode, JsonNode> handler) {
    handlers.put(method, handler);
  }

  void otherwise(Function<Request, Response> handler) {
    this.otherwise = handler;
  }

  /** The client capabilities of the handlers set, e.g. {@code {"roots":{},"sampling":{}}}. */
  ObjectNode capabilities() {
    ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
    CAPABILITIES.forEach(
        (method, capability) -> {
          if (handlers.containsKey(method)) {
            capabilities.putObject(capability);
          }
        });
    return capabilities;
  }

  Response answer(Request request) {
    if (request.method().equals("ping")) {
      return Response.success(request.id(), JsonNodeFactory.instance.objectNode());
    }
    Function<JsonNode, JsonNode> handler = handlers.get(request.method());
    if (handler == null) {
      return otherwise.apply(request);
    }
    try {
      return Response.success(
          request.id(),
          handler.apply(request.params().orElse(JsonNodeFactory.instance.objectNode())));
    } catch (RuntimeException e) {
      return Response.error(
          request.id(), Response.INTERNAL_ERROR, request.method() + " failed: " + e, null);
    }
  }
}

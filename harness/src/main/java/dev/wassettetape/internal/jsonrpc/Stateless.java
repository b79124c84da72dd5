package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * MCP's stateless protocol (revision {@value #VERSION}): no {@code initialize} and no session; each
 * request says in its {@code params._meta} which protocol it speaks and what the client can do, and
 * the server describes itself in answer to {@code server/discover}. Over Streamable HTTP each such
 * request is a POST of its own, without {@code Mcp-Session-Id}, with {@code Mcp-Method} (and {@code
 * Mcp-Name}) headers mirroring the body.
 */
public final class Stateless {

  /** The first protocol revision that is stateless. */
  public static final String VERSION = "2026-07-28";

  /** The request that takes the place of {@code initialize}. */
  public static final String DISCOVER = "server/discover";

  /** The {@code _meta} key of the protocol version. */
  public static final String VERSION_KEY = "io.modelcontextprotocol/protocolVersion";

  /** The {@code _meta} key of the client capabilities. */
  public static final String CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";

  private Stateless() {}

  /** The stateless protocol version a message's {@code _meta} names; null for a session's. */
  public static String version(JsonRpcMessage message) {
    JsonNode version = message.jsonView().path("params").path("_meta").path(VERSION_KEY);
    return version.isTextual() && version.asText().compareTo(VERSION) >= 0
        ? version.asText()
        : null;
  }

  /** {@code params} with the stateless {@code _meta} added (a new object; null params: {}). */
  public static ObjectNode withMeta(JsonNode params, JsonNode capabilities) {
    ObjectNode copy =
        params instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
    ObjectNode meta = copy.get("_meta") instanceof ObjectNode m ? m : copy.putObject("_meta");
    meta.put(VERSION_KEY, VERSION);
    meta.set(
        CAPABILITIES_KEY,
        capabilities == null || capabilities.isMissingNode()
            ? JsonNodeFactory.instance.objectNode()
            : capabilities.deepCopy());
    return copy;
  }

  /**
   * {@code params} without the stateless {@code _meta} keys (and without {@code _meta} when nothing
   * else is in it): what a tape keeps of a stateless request, the same as a session's. The
   * session-wide values are the handshake's.
   */
  public static JsonNode strip(JsonNode params) {
    if (!(params instanceof ObjectNode o) || !(o.get("_meta") instanceof ObjectNode meta)) {
      return params;
    }
    if (!meta.has(VERSION_KEY) && !meta.has(CAPABILITIES_KEY)) {
      return params;
    }
    ObjectNode copy = o.deepCopy();
    ObjectNode copyMeta = (ObjectNode) copy.get("_meta");
    copyMeta.remove(VERSION_KEY);
    copyMeta.remove(CAPABILITIES_KEY);
    if (copyMeta.isEmpty()) {
      copy.remove("_meta");
    }
    return copy;
  }

  /** The {@code _meta} key of the subscription a notification belongs to (its listen request). */
  public static final String SUBSCRIPTION_KEY = "io.modelcontextprotocol/subscriptionId";

  /**
   * A notification of a {@code subscriptions/listen} stream carries the id of its listen request:
   * where the request had {@code from} (e.g. the id the server saw), this gives the copy with
   * {@code to} (the client's own id); any other message as it is.
   */
  public static JsonRpcMessage withSubscriptionId(JsonRpcMessage message, Id from, Id to) {
    JsonNode id = message.jsonView().path("params").path("_meta").path(SUBSCRIPTION_KEY);
    if (!(message instanceof Notification)
        || id.isMissingNode()
        || !id.asText().equals(from.value().asText())) { // 2 and 2L alike
      return message;
    }
    ObjectNode json = message.json();
    ((ObjectNode) json.get("params").get("_meta")).set(SUBSCRIPTION_KEY, to.value());
    return new Notification(json);
  }

  /**
   * The {@code Mcp-Name} a request carries: the tool or prompt name, or the resource URI; null for
   * methods without one.
   */
  public static String name(Request request) {
    JsonNode params = request.jsonView().path("params");
    return switch (request.method()) {
      case "tools/call", "prompts/get" -> text(params.path("name"));
      case "resources/read", "resources/subscribe", "resources/unsubscribe" ->
          text(params.path("uri"));
      default -> null;
    };
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}

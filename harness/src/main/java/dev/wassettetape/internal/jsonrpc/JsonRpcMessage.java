package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 2.0 message. The closed set of kinds is {@link Request}, {@link Notification} and
 * {@link Response}.
 *
 * <p>Every message keeps the JSON object it was read from (or built as), so fields this model does
 * not know about survive a round trip: a proxy built on it forwards messages faithfully. Messages
 * are immutable: the object is copied in and out.
 */
public sealed interface JsonRpcMessage permits Request, Notification, Response {

  /** A copy of the whole message as JSON. */
  ObjectNode json();

  /** The message as one line of compact JSON, without the newline. */
  default String toLine() {
    return Json.text(jsonView());
  }

  /** The message's JSON without copying; callers must not modify it. */
  ObjectNode jsonView();

  /**
   * Reads one message from its JSON text.
   *
   * @throws MalformedMessageException when the text is not JSON or not a JSON-RPC 2.0 message
   */
  static JsonRpcMessage parse(String text) {
    JsonNode node;
    try {
      node = Json.parse(text);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("not JSON: " + e.getOriginalMessage(), text);
    }
    if (node == null || !node.isObject()) {
      throw new MalformedMessageException("not a JSON object", text);
    }
    return of((ObjectNode) node, text);
  }

  /**
   * The message a JSON object is (copied in).
   *
   * @throws MalformedMessageException when it is not a JSON-RPC 2.0 message
   */
  static JsonRpcMessage of(ObjectNode json) {
    return of(json.deepCopy(), null);
  }

  private static JsonRpcMessage of(ObjectNode json, String read) {
    // the text is kept to be written again as it came, unless it is not one line (e.g. a pretty
    // HTTP body), which would break the framing of a stdio peer
    String text = read != null && read.indexOf('\n') < 0 && read.indexOf('\r') < 0 ? read : null;
    if (!"2.0".equals(json.path("jsonrpc").asText(null))) {
      throw new MalformedMessageException("missing \"jsonrpc\": \"2.0\"", read);
    }
    JsonNode id = json.get("id");
    if (id != null && id.isNull() && json.has("error") && !json.has("method")) {
      return new Response(json, text); // the error answer to a request whose id could not be read
    }
    if (id != null && !Id.isValid(id)) {
      throw new MalformedMessageException("\"id\" must be a string or a number", read);
    }
    JsonNode method = json.get("method");
    if (method != null) {
      if (!method.isTextual()) {
        throw new MalformedMessageException("\"method\" must be a string", read);
      }
      return id == null ? new Notification(json, text) : new Request(json, text);
    }
    if (json.has("result") || json.has("error")) {
      if (id == null) {
        throw new MalformedMessageException("a response needs an \"id\"", read);
      }
      return new Response(json, text);
    }
    throw new MalformedMessageException("neither a request, a notification nor a response", read);
  }

  /** A new object node with {@code "jsonrpc": "2.0"} set, for builders. */
  static ObjectNode envelope() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("jsonrpc", "2.0");
    return node;
  }
}

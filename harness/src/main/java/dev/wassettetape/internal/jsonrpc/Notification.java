package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A JSON-RPC notification: a method call without an id, never answered. */
public final class Notification extends AbstractMessage implements JsonRpcMessage {

  Notification(ObjectNode json) {
    super(json);
  }

  Notification(ObjectNode owned, String line) {
    super(owned, line);
  }

  public static Notification of(String method, JsonNode params) {
    ObjectNode json = JsonRpcMessage.envelope();
    json.put("method", method);
    if (params != null) {
      json.set("params", params);
    }
    return new Notification(json);
  }

  public String method() {
    return json.get("method").asText();
  }

  public Optional<JsonNode> params() {
    return Optional.ofNullable(json.get("params")).map(JsonNode::deepCopy);
  }
}

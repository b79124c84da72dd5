package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A JSON-RPC request: it has an id and expects a {@link Response} with the same id. */
public final class Request extends AbstractMessage implements JsonRpcMessage {

  Request(ObjectNode json) {
    super(json);
  }

  Request(ObjectNode owned, String line) {
    super(owned, line);
  }

  /** A request with the given id, method and params ({@code null} params are omitted). */
  public static Request of(Id id, String method, JsonNode params) {
    ObjectNode json = JsonRpcMessage.envelope();
    json.set("id", id.value());
    json.put("method", method);
    if (params != null) {
      json.set("params", params);
    }
    return new Request(json);
  }

  public Id id() {
    return new Id(json.get("id"));
  }

  public String method() {
    return json.get("method").asText();
  }

  /** The params, or empty when the request has none. */
  public Optional<JsonNode> params() {
    return Optional.ofNullable(json.get("params")).map(JsonNode::deepCopy);
  }

  /** The same request with another id (what a proxy does when it renumbers). */
  public Request withId(Id id) {
    return hasSameId(id) ? this : new Request(withIdJson(id), null); // same id: its text as it came
  }
}

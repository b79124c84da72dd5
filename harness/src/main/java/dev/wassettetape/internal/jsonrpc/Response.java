package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A JSON-RPC response: the {@code result} or the {@code error} of the request with its id. */
public final class Response extends AbstractMessage implements JsonRpcMessage {

  /** JSON-RPC's "method not found". */
  public static final int METHOD_NOT_FOUND = -32601;

  /** JSON-RPC's "parse error": the line is not JSON. */
  public static final int PARSE_ERROR = -32700;

  /** JSON-RPC's "invalid request". */
  public static final int INVALID_REQUEST = -32600;

  /** JSON-RPC's "internal error". */
  public static final int INTERNAL_ERROR = -32603;

  Response(ObjectNode json) {
    super(json);
  }

  Response(ObjectNode owned, String line) {
    super(owned, line);
  }

  public static Response success(Id id, JsonNode result) {
    ObjectNode json = JsonRpcMessage.envelope();
    json.set("id", id.value());
    json.set("result", result);
    return new Response(json);
  }

  /**
   * A success answer that shares {@code result} instead of copying it: only for JSON that nobody
   * changes, e.g. a tape's (replay answers from it without a copy per call).
   */
  public static Response sharing(Id id, JsonNode result) {
    ObjectNode json = JsonRpcMessage.envelope();
    json.set("id", id.value());
    json.set("result", result);
    return new Response(json, null);
  }

  public static Response error(Id id, int code, String message, JsonNode data) {
    ObjectNode json = JsonRpcMessage.envelope();
    json.set("id", id.value());
    ObjectNode error = json.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (data != null) {
      error.set("data", data);
    }
    return new Response(json);
  }

  /**
   * The error answer to a request whose id could not be read (a line that is not JSON, an invalid
   * request): JSON-RPC says its id is {@code null}.
   */
  public static Response errorWithoutId(int code, String message) {
    ObjectNode json = JsonRpcMessage.envelope();
    json.putNull("id");
    ObjectNode error = json.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return new Response(json);
  }

  /** Whether it answers an identified request; false for {@link #errorWithoutId}. */
  public boolean hasId() {
    return !json.get("id").isNull();
  }

  /**
   * @throws IllegalStateException for an error answer to a request whose id could not be read
   */
  public Id id() {
    if (!hasId()) {
      throw new IllegalStateException(
          "an error answer to an unreadable request has no id: " + json);
    }
    return new Id(json.get("id"));
  }

  public boolean isError() {
    return json.has("error");
  }

  public Optional<JsonNode> result() {
    return Optional.ofNullable(json.get("result")).map(JsonNode::deepCopy);
  }

  public Optional<JsonNode> error() {
    return Optional.ofNullable(json.get("error")).map(JsonNode::deepCopy);
  }

  /** The same response with another id (what replay does to answer a live request). */
  public Response withId(Id id) {
    return hasSameId(id)
        ? this
        : new Response(withIdJson(id), null); // same id: its text as it came
  }
}

package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.Response;

/** How a request ended: a {@code result} or an {@code error}, exactly one of them. */
public record Outcome(JsonNode result, JsonNode error) {

  public Outcome {
    if ((result == null) == (error == null)) {
      throw new IllegalArgumentException(
          "an outcome has a result or an error, not both nor neither");
    }
    result = result == null ? null : result.deepCopy();
    error = error == null ? null : error.deepCopy();
  }

  public static Outcome of(Response response) {
    // read, not copied: the constructor makes the outcome's own copy
    return new Outcome(response.jsonView().get("result"), response.jsonView().get("error"));
  }

  public boolean isError() {
    return error != null;
  }

  /** This outcome as a response to the request with the given id. */
  public Response toResponse(Id id) {
    if (error != null) {
      return Response.error(
          id,
          error.path("code").asInt(Response.INTERNAL_ERROR),
          error.path("message").asText(""),
          error.get("data"));
    }
    return Response.sharing(id, result); // an outcome's JSON never changes: no copy per answer
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode result() {
    return result == null ? null : result.deepCopy();
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode error() {
    return error == null ? null : error.deepCopy();
  }
}

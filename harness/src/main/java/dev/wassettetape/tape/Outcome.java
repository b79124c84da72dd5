package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.RawJson;
import dev.wassettetape.internal.jsonrpc.Response;
import java.util.Objects;

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
    // an outcome's JSON never changes: no copy per answer (a result read from a file is kept as
    // its text, parsed here)
    return Response.sharing(id, RawJson.tree(result));
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode result() {
    return RawJson.copy(result);
  }

  /** Equal when the results (or errors) are, however each is kept. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Outcome o
        && Objects.equals(RawJson.tree(result), RawJson.tree(o.result))
        && Objects.equals(error, o.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(RawJson.tree(result), error);
  }

  @Override
  public String toString() {
    return "Outcome[result=" + RawJson.tree(result) + ", error=" + error + "]";
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode error() {
    return error == null ? null : error.deepCopy();
  }
}

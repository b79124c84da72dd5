package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Id;
import java.util.Objects;

/**
 * Server-to-client traffic anchored to the interaction during which it arrived: a notification, or
 * a server request with the client's answer. Events keep their arrival order within an interaction,
 * and whether they came before or after its response.
 *
 * @param afterResponse true when it arrived after the interaction's response
 * @param id the server request's id; null for a notification
 * @param method the notification's or request's method
 * @param params its params, or null
 * @param answer the client's answer to a server request; null for a notification (or when the
 *     client never answered)
 */
public record Event(boolean afterResponse, Id id, String method, JsonNode params, Outcome answer) {

  public Event {
    Objects.requireNonNull(method, "method");
    params = params == null ? null : params.deepCopy();
  }

  public boolean isRequest() {
    return id != null;
  }

  public Event withAnswer(Outcome answer) {
    return new Event(afterResponse, id, method, params, answer);
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode params() {
    return params == null ? null : params.deepCopy();
  }
}

package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One client request (or client notification) and what came of it.
 *
 * @param method the method
 * @param params the params, or null when there were none
 * @param notification true for a client notification, which has no response
 * @param response the outcome; null for a notification, or when the session ended first
 * @param events server traffic while it was pending (and until the next interaction)
 * @param elapsedMs time from request to response; informative only, never compared
 */
public record Interaction(
    String method,
    JsonNode params,
    boolean notification,
    Outcome response,
    List<Event> events,
    long elapsedMs) {

  public Interaction {
    Objects.requireNonNull(method, "method");
    params = params == null ? null : params.deepCopy();
    events = List.copyOf(events);
  }

  public Interaction withEvents(List<Event> events) {
    return new Interaction(method, params, notification, response, events, elapsedMs);
  }

  public Interaction withResponse(Outcome response, long elapsedMs) {
    return new Interaction(method, params, notification, response, events, elapsedMs);
  }

  /** For messages: {@code tools/call get-weather} or just the method. */
  public String label() {
    return label(method, params);
  }

  /** For messages: {@code tools/call get-weather} or just the method. */
  public static String label(String method, JsonNode params) {
    if ("tools/call".equals(method) && params != null && params.has("name")) {
      return method + " " + params.path("name").asText();
    }
    return method;
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode params() {
    return params == null ? null : params.deepCopy();
  }
}

package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.RawJson;
import dev.wassettetape.internal.replay.TapedParams;
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
 * @param cancelled why the client cancelled the request ({@code notifications/cancelled}; empty
 *     when it gave no reason), or null when it did not; a cancelled request may still have a
 *     response, when the server answered first
 * @param elapsedMs time from request to response; informative only, never compared
 */
public record Interaction(
    String method,
    JsonNode params,
    boolean notification,
    Outcome response,
    List<Event> events,
    String cancelled,
    long elapsedMs) {

  static {
    TapedParams.grant(i -> i.params); // replay's index reads them as kept, with their hash
  }

  public Interaction {
    Objects.requireNonNull(method, "method");
    params = params == null ? null : params.deepCopy();
    events = List.copyOf(events);
  }

  /** An interaction that was not cancelled. */
  public Interaction(
      String method,
      JsonNode params,
      boolean notification,
      Outcome response,
      List<Event> events,
      long elapsedMs) {
    this(method, params, notification, response, events, null, elapsedMs);
  }

  public Interaction withEvents(List<Event> events) {
    return new Interaction(method, params, notification, response, events, cancelled, elapsedMs);
  }

  public Interaction withResponse(Outcome response, long elapsedMs) {
    return new Interaction(method, params, notification, response, events, cancelled, elapsedMs);
  }

  /** This request, cancelled by the client for the reason given (empty: none). */
  public Interaction withCancelled(String reason) {
    return new Interaction(method, params, notification, response, events, reason, elapsedMs);
  }

  public boolean isCancelled() {
    return cancelled != null;
  }

  /** For messages: {@code tools/call get-weather} or just the method. */
  public String label() {
    return label(method, RawJson.tree(params));
  }

  /** For messages: {@code tools/call get-weather} or just the method. */
  public static String label(String method, JsonNode params) {
    if ("tools/call".equals(method) && params != null && params.has("name")) {
      return method + " " + params.path("name").asText();
    }
    return method;
  }

  /**
   * A copy: tapes are immutable. (Params read from a file are kept as their text until read: a
   * replay reads those it matches; this parses them.)
   */
  @Override
  public JsonNode params() {
    return RawJson.copy(params);
  }

  /** Equal when everything is, the params however each is kept. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Interaction o
        && method.equals(o.method)
        && Objects.equals(RawJson.tree(params), RawJson.tree(o.params))
        && notification == o.notification
        && Objects.equals(response, o.response)
        && events.equals(o.events)
        && Objects.equals(cancelled, o.cancelled)
        && elapsedMs == o.elapsedMs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        method, RawJson.tree(params), notification, response, events, cancelled, elapsedMs);
  }

  @Override
  public String toString() {
    return "Interaction[method="
        + method
        + ", params="
        + RawJson.tree(params)
        + ", notification="
        + notification
        + ", response="
        + response
        + ", events="
        + events
        + ", cancelled="
        + cancelled
        + ", elapsedMs="
        + elapsedMs
        + "]";
  }
}

package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The exchange that opened the session, kept apart from ordinary interactions: {@code initialize}
 * (or, for a session of the stateless protocol, {@code server/discover}), which carries the
 * protocol version, server info and capabilities. {@code events} is server traffic that came during
 * the handshake or before the first interaction (e.g. a {@code list_changed} sent right after
 * {@code notifications/initialized}).
 *
 * @param method {@value #INITIALIZE} or {@code server/discover}
 */
public record Handshake(String method, JsonNode request, Outcome response, List<Event> events) {

  /** The method of a session's handshake. */
  public static final String INITIALIZE = "initialize";

  public Handshake {
    request = request.deepCopy();
    events = List.copyOf(events);
  }

  /** An {@code initialize} handshake. */
  public Handshake(JsonNode request, Outcome response, List<Event> events) {
    this(INITIALIZE, request, response, events);
  }

  /** Whether this is the handshake of a stateless session ({@code server/discover}). */
  public boolean stateless() {
    return !INITIALIZE.equals(method);
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode request() {
    return request.deepCopy();
  }
}

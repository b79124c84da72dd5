package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code initialize} exchange, kept apart from ordinary interactions: it carries the negotiated
 * protocol version, server info and capabilities. {@code events} is server traffic that came during
 * the handshake or before the first interaction (e.g. a {@code list_changed} sent right after
 * {@code notifications/initialized}).
 */
public record Handshake(JsonNode request, Outcome response, List<Event> events) {

  public Handshake {
    request = request.deepCopy();
    events = List.copyOf(events);
  }

  /** A copy: tapes are immutable. */
  @Override
  public JsonNode request() {
    return request.deepCopy();
  }
}

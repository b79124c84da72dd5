package dev.wassettetape.proxy;

import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The session's one handshake, shared by all its clients: the first {@code initialize} goes to the
 * server, and every client that asks (the first included) gets the server's answer with its own id,
 * at once or when it comes; {@code notifications/initialized} goes to the server once. Guarded by
 * the proxy's lock.
 */
final class SharedHandshake {

  private Response answer;
  private final List<Request> asked = new ArrayList<>();
  private final List<Connection> askers = new ArrayList<>();
  private boolean initializedSent;

  /**
   * A client's {@code initialize}: true when it opens the session (forward it to the server);
   * otherwise it joins the session, answered now or when the server answers.
   */
  boolean opens(Connection client, Request initialize) {
    boolean first = answer == null && asked.isEmpty();
    if (answer != null) {
      client.send(answer.withId(initialize.id()));
    } else {
      asked.add(initialize);
      askers.add(client);
    }
    return first;
  }

  /** The server answered the session's {@code initialize}: every client that asked gets it. */
  void answered(Response response) {
    answer = response;
    for (int k = 0; k < asked.size(); k++) {
      askers.get(k).send(response.withId(asked.get(k).id()));
    }
    asked.clear();
    askers.clear();
  }

  /** Whether a client's {@code notifications/initialized} goes to the server: the first only. */
  boolean forwardInitialized() {
    boolean first = !initializedSent;
    initializedSent = true;
    return first;
  }

  /** The protocol version the server chose; null before it answered. */
  String protocolVersion() {
    return answer == null
        ? null
        : answer.result().map(r -> r.path("protocolVersion").asText()).orElse(null);
  }
}

package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.jsonrpc.Stateless;
import java.util.ArrayList;
import java.util.List;

/**
 * The session's one handshake, shared by all its clients: the first {@code initialize} goes to the
 * server, and every client that asks (the first included) gets the server's answer with its own id,
 * at once or when it comes; {@code notifications/initialized} goes to the server once. A session of
 * the stateless protocol has {@code server/discover} for its handshake instead: the client's first,
 * or one the proxy asks itself before the first stateless request when no client did. A client that
 * joins later is told the session-wide notifications it missed (the list changes, as many as there
 * were, up to 100) when it says it is initialised, as a replayed session tells every client the
 * handshake's. Guarded by the proxy's lock.
 */
final class SharedHandshake {

  private String method; // of the handshake, once one started
  private Response answer;
  private final List<Request> asked = new ArrayList<>();
  private final List<Connection> askers = new ArrayList<>();
  private boolean initializedSent;
  private final List<Notification> heard = new ArrayList<>();

  /**
   * A client's {@code initialize}: true when it opens the session (forward it to the server);
   * otherwise it joins the session, answered now or when the server answers.
   */
  boolean opens(Connection client, Request initialize) {
    boolean first = method == null;
    method = initialize.method();
    if (answer != null) {
      client.send(answer.withId(initialize.id()));
    } else {
      asked.add(initialize);
      askers.add(client);
    }
    return first;
  }

  /**
   * Whether a request is (a client's copy of) the session's handshake: an {@code initialize} or
   * {@code server/discover} when none started yet or the session's is of the same method.
   */
  boolean isHandshake(Request request) {
    String m = request.method();
    return (m.equals("initialize") || m.equals(Stateless.DISCOVER))
        && (method == null || method.equals(m));
  }

  /** Whether a stateless request finds no handshake yet, so the proxy must discover first. */
  boolean needsDiscovery(Request request) {
    return method == null && Stateless.version(request) != null;
  }

  /**
   * The {@code server/discover} the proxy asks itself, as the first stateless request would, so
   * that the session's tape has the server's description though no client asked for it: the
   * session's handshake from now on, answered to no client.
   */
  Request discoverFor(Request first) {
    JsonNode meta = first.jsonView().path("params").path("_meta");
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    ObjectNode discoverMeta = params.putObject("_meta");
    discoverMeta.set(Stateless.VERSION_KEY, meta.get(Stateless.VERSION_KEY));
    if (meta.has(Stateless.CAPABILITIES_KEY)) {
      discoverMeta.set(Stateless.CAPABILITIES_KEY, meta.get(Stateless.CAPABILITIES_KEY));
    }
    method = Stateless.DISCOVER;
    return Request.of(Id.of("wassette-tape-discover"), Stateless.DISCOVER, params);
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

  /** The server told every client something about the session, e.g. that its tools changed. */
  void heard(Notification notice) {
    if (heard.size() < 100) {
      heard.add(notice);
    }
  }

  /** What a client that joins now has missed of those. */
  List<Notification> missedByJoiner() {
    return List.copyOf(heard);
  }

  /** The protocol version the server chose; null before it answered. */
  String protocolVersion() {
    return answer == null
        ? null
        : answer.result().map(r -> r.path("protocolVersion").asText()).orElse(null);
  }
}

package dev.wassettetape.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.jsonrpc.Id;
import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.jsonrpc.Notification;
import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Tape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a session becomes a tape: an interceptor that turns the messages passing the proxy into a
 * handshake and interactions.
 *
 * <p>Anchoring: server traffic (notifications, server requests) belongs to the client request
 * pending when it arrived (the most recent one when several are in flight), marked as before its
 * response; with nothing pending, to the last interaction, marked as after its response; before the
 * first interaction, to the handshake. Client ids are not kept (replay rewrites them); server
 * request ids are, since the client's answer refers to them.
 *
 * <p>Called by the proxy on its dispatch thread; {@link #tape} may be called from any thread.
 */
public final class Recorder implements Interceptor {

  private final Object lock = new Object();
  private JsonNode handshakeRequest;
  private Outcome handshakeResponse;
  private Id handshakeId;
  private final List<Event> handshakeEvents = new ArrayList<>();
  private final List<Interaction> interactions = new ArrayList<>();
  private final Map<Id, Integer> pendingClient = new LinkedHashMap<>();
  private final Map<Id, Long> startedAt = new HashMap<>();
  private final Map<Id, int[]> pendingServer =
      new HashMap<>(); // id -> {interaction, event}; -1 = handshake

  @Override
  public void observe(Direction direction, JsonRpcMessage message) {
    synchronized (lock) {
      if (direction == Direction.CLIENT_TO_SERVER) {
        fromClient(message);
      } else {
        fromServer(message);
      }
    }
  }

  private void fromClient(JsonRpcMessage message) {
    if (message instanceof Request request) {
      JsonNode params = request.params().orElse(null);
      if ("initialize".equals(request.method()) && handshakeRequest == null) {
        handshakeRequest = params == null ? JsonNodeFactory.instance.objectNode() : params;
        handshakeId = request.id();
        return;
      }
      interactions.add(new Interaction(request.method(), params, false, null, List.of(), 0));
      pendingClient.put(request.id(), interactions.size() - 1);
      startedAt.put(request.id(), System.nanoTime());
    } else if (message instanceof Notification notification) {
      if (!"notifications/initialized".equals(notification.method())) {
        interactions.add(
            new Interaction(
                notification.method(),
                notification.params().orElse(null),
                true,
                null,
                List.of(),
                0));
      }
    } else if (message instanceof Response answer) {
      int[] at = pendingServer.remove(answer.id());
      if (at != null) {
        List<Event> events =
            at[0] < 0 ? handshakeEvents : new ArrayList<>(interactions.get(at[0]).events());
        events.set(at[1], events.get(at[1]).withAnswer(Outcome.of(answer)));
        if (at[0] >= 0) {
          interactions.set(at[0], interactions.get(at[0]).withEvents(events));
        }
      }
    }
  }

  private void fromServer(JsonRpcMessage message) {
    if (message instanceof Response response) {
      if (response.id().equals(handshakeId) && handshakeResponse == null) {
        handshakeResponse = Outcome.of(response);
        return;
      }
      Integer index = pendingClient.remove(response.id());
      if (index != null) {
        long elapsed = (System.nanoTime() - startedAt.remove(response.id())) / 1_000_000;
        interactions.set(
            index, interactions.get(index).withResponse(Outcome.of(response), elapsed));
      }
      return;
    }
    Event event =
        message instanceof Request r
            ? new Event(false, r.id(), r.method(), r.params().orElse(null), null)
            : new Event(
                false,
                null,
                ((Notification) message).method(),
                ((Notification) message).params().orElse(null),
                null);
    int anchor;
    if (!pendingClient.isEmpty()) {
      anchor = new ArrayList<>(pendingClient.values()).get(pendingClient.size() - 1);
    } else {
      anchor = interactions.isEmpty() ? -1 : interactions.size() - 1;
      if (anchor >= 0 || handshakeResponse != null) {
        event = new Event(true, event.id(), event.method(), event.params(), null);
      }
    }
    int eventIndex;
    if (anchor < 0) {
      handshakeEvents.add(event);
      eventIndex = handshakeEvents.size() - 1;
    } else {
      List<Event> events = new ArrayList<>(interactions.get(anchor).events());
      events.add(event);
      interactions.set(anchor, interactions.get(anchor).withEvents(events));
      eventIndex = events.size() - 1;
    }
    if (event.isRequest()) {
      pendingServer.put(event.id(), new int[] {anchor, eventIndex});
    }
  }

  /** Whether the handshake was seen (a session that never initialised makes no tape). */
  public boolean hasHandshake() {
    synchronized (lock) {
      return handshakeRequest != null;
    }
  }

  /** The session so far as a tape. */
  public Tape tape(String name, Provenance provenance) {
    synchronized (lock) {
      if (handshakeRequest == null) {
        throw new IllegalStateException(
            "no initialize request was recorded: nothing to put on tape '" + name + "'");
      }
      return new Tape(
          name,
          provenance,
          new Handshake(handshakeRequest, handshakeResponse, handshakeEvents),
          interactions);
    }
  }
}

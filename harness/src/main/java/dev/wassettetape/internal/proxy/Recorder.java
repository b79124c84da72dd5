package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.intercept.Direction;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.jsonrpc.Stateless;
import dev.wassettetape.internal.proxy.RecordedInteractions.Slot;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a session becomes a tape: the innermost interceptor, next to the server, files each message
 * passing the proxy where its {@link Anchor} says, as the handshake or as interactions of a
 * chapter. Client requests and notifications start interactions of their chapter, in the order the
 * client sent them; responses complete them; server notifications and requests become events of the
 * interaction they are anchored to (with the client's answer), or of the handshake. Client ids are
 * not kept (replay rewrites them); server request ids are, since the client's answer refers to
 * them. Pings, in either direction, are liveness, not behaviour: never taped.
 *
 * <p>Secrets are redacted as they are recorded: what the recorder holds, and so every tape made of
 * it, has {@code <redacted:NAME>} where a secret was (the server still gets the real value: the
 * recorder only observes).
 *
 * <p>Its memory stays flat however long a session runs: what the session will not change any more
 * is spooled to disk ({@link RecordedInteractions}).
 *
 * <p>Called by the proxy under its dispatch lock; the other methods may be called from any thread.
 */
public final class Recorder implements Interceptor, AutoCloseable {

  @Override
  public void intercept(Chain chain) {
    observe(chain.direction(), Pipeline.messageOf(chain), Pipeline.anchorOf(chain));
    chain.proceed();
  }

  /** A server request's event: in an interaction (slot) or, when slot is null, the handshake. */
  private record EventSlot(Slot slot, int event) {}

  private final Secrets secrets;
  private final Object lock = new Object();
  private JsonNode handshakeRequest;
  private String handshakeMethod = Handshake.INITIALIZE;
  private Outcome handshakeResponse;
  private final List<Event> handshakeEvents = new ArrayList<>();

  private final Map<Id, Slot> requests = new HashMap<>();
  private final Map<Id, Long> startedAt = new HashMap<>();
  private final Map<Id, EventSlot> serverRequests = new HashMap<>();
  private final RecordedInteractions interactions =
      new RecordedInteractions(
          lock,
          slot -> serverRequests.values().stream().anyMatch(e -> slot.equals(e.slot())),
          requests::remove);

  /** A recorder that redacts nothing. */
  public Recorder() {
    this(Secrets.NONE);
  }

  public Recorder(Secrets secrets) {
    this.secrets = secrets;
  }

  /** Files one message where its anchor says. */
  void observe(Direction direction, JsonRpcMessage message, Anchor anchor) {
    synchronized (lock) {
      if (direction == Direction.CLIENT_TO_SERVER) {
        fromClient(message, anchor);
      } else {
        fromServer(message, anchor);
      }
    }
  }

  private void fromClient(JsonRpcMessage message, Anchor anchor) {
    if (message instanceof Request request && request.method().equals("ping")) {
      return; // liveness, not behaviour: never taped
    }
    if (message instanceof Request request) {
      JsonNode params = secrets.redact(request.jsonView().get("params")); // the tape copies it
      if (!anchor.isHandshake()) {
        params = Stateless.strip(params); // a stateless request's _meta is the handshake's
      }
      if (anchor.isHandshake()) {
        handshakeRequest = params == null ? JsonNodeFactory.instance.objectNode() : params;
        handshakeMethod = request.method();
        return;
      }
      requests.put(
          request.id(),
          add(
              anchor.chapter(),
              new Interaction(request.method(), params, false, null, List.of(), 0),
              request.id()));
      startedAt.put(request.id(), System.nanoTime());
    } else if (message instanceof Notification notification) {
      Slot cancelled = cancelledRequest(notification);
      if (cancelled != null) {
        String reason = notification.params().map(p -> p.path("reason").asText("")).orElse("");
        update(cancelled, interaction(cancelled).withCancelled(secrets.redact(reason)));
        return; // on the tape as the request's cancellation: its id means nothing in replay
      }
      if (!"notifications/initialized".equals(notification.method()) && !anchor.isHandshake()) {
        add(
            anchor.chapter(),
            new Interaction(
                notification.method(),
                secrets.redact(notification.params().orElse(null)),
                true,
                null,
                List.of(),
                0),
            null);
      }
    } else if (message instanceof Response answer && answer.hasId()) {
      EventSlot at = serverRequests.remove(answer.id());
      if (at != null) {
        List<Event> events = at.slot() == null ? handshakeEvents : eventsOf(at.slot());
        events.set(at.event(), events.get(at.event()).withAnswer(outcome(answer)));
        if (at.slot() != null) {
          update(at.slot(), interaction(at.slot()).withEvents(events));
        }
      }
    }
  }

  private void fromServer(JsonRpcMessage message, Anchor anchor) {
    if (message instanceof Response response) {
      if (anchor.isHandshake()) {
        handshakeResponse = outcome(response);
        return;
      }
      Slot slot = response.hasId() ? requests.get(response.id()) : null;
      if (slot != null) {
        long elapsed = (System.nanoTime() - startedAt.remove(response.id())) / 1_000_000;
        update(slot, interaction(slot).withResponse(outcome(response), elapsed));
      }
      return;
    }
    if (message instanceof Request r && r.method().equals("ping")) {
      return;
    }
    Id id = message instanceof Request r ? r.id() : null;
    String method = message instanceof Request r ? r.method() : ((Notification) message).method();
    JsonNode params =
        secrets.redact(
            message instanceof Request r
                ? r.params().orElse(null)
                : ((Notification) message).params().orElse(null));
    Event event = new Event(anchor.afterResponse(), id, method, params, null);
    Slot slot = anchor.isHandshake() ? null : requests.get(anchor.request());
    int index;
    if (slot == null) {
      handshakeEvents.add(event);
      index = handshakeEvents.size() - 1;
    } else {
      List<Event> events = eventsOf(slot);
      events.add(event);
      update(slot, interaction(slot).withEvents(events));
      index = events.size() - 1;
    }
    if (id != null) {
      serverRequests.put(id, new EventSlot(slot, index));
    }
  }

  /** The recorded request a {@code notifications/cancelled} names, if it names one. */
  private Slot cancelledRequest(Notification notification) {
    if (!"notifications/cancelled".equals(notification.method())) {
      return null;
    }
    JsonNode id = notification.params().map(p -> p.get("requestId")).orElse(null);
    return id != null && (id.isTextual() || id.isIntegralNumber())
        ? requests.get(new Id(id))
        : null;
  }

  private Outcome outcome(Response response) {
    return new Outcome( // read, not copied: the outcome makes its own copy
        secrets.redact(response.jsonView().get("result")),
        secrets.redact(response.jsonView().get("error")));
  }

  private Slot add(String chapter, Interaction interaction, Id request) {
    return interactions.add(chapter, interaction, request);
  }

  /** How many interactions are on the heap (the rest are spooled). */
  int onHeap() {
    synchronized (lock) {
      return interactions.onHeap();
    }
  }

  private Interaction interaction(Slot slot) {
    return interactions.get(slot);
  }

  private List<Event> eventsOf(Slot slot) {
    return new ArrayList<>(interaction(slot).events());
  }

  private void update(Slot slot, Interaction interaction) {
    interactions.set(slot, interaction);
  }

  /** Whether the handshake was seen (a session that never initialised makes no tape). */
  public boolean hasHandshake() {
    synchronized (lock) {
      return handshakeRequest != null;
    }
  }

  /** The handshake so far. */
  public Handshake handshake() {
    synchronized (lock) {
      if (handshakeRequest == null) {
        throw new IllegalStateException("no initialize request was recorded");
      }
      return new Handshake(handshakeMethod, handshakeRequest, handshakeResponse, handshakeEvents);
    }
  }

  /** What a chapter's client did so far, as a chapter recorded at the given time. */
  public Chapter chapter(String key, Instant at) {
    synchronized (lock) {
      return new Chapter(at, interactions.chapter(key));
    }
  }

  /**
   * The session so far as a tape: every chapter that sent something, under a header that lists what
   * was redacted.
   */
  public Tape tape(String name, Provenance provenance) {
    synchronized (lock) {
      Map<String, Chapter> all = new LinkedHashMap<>();
      interactions.chapters().forEach(key -> all.put(key, chapter(key, provenance.at())));
      return new Tape(name, provenance.withRedacted(secrets.names()), handshake(), all);
    }
  }

  /** Frees what it spooled; a closed recorder has nothing more to give. */
  @Override
  public void close() {
    synchronized (lock) {
      interactions.close();
    }
  }
}

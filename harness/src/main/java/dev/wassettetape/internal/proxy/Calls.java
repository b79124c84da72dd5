package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Stateless;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The client requests of one session as the server sees them (each renumbered with an id unique in
 * the session), and where server traffic is anchored: the one place that decides which request, and
 * so which chapter and which client, a notification or server request belongs to. Not thread-safe:
 * the proxy holds its dispatch lock.
 *
 * <p>The rule, in order: a list change ({@code notifications/tools/list_changed} and the like)
 * describes the session, not a request: it belongs to the handshake and goes to every client (as
 * does a server's {@code roots/list}, which the client that opened the session answers); a progress
 * notification belongs to the pending request that carries its {@code progressToken}; other server
 * traffic to the most recently started pending request; with nothing pending, to the last answered
 * request (after its response); before any request, to the handshake. Over stdio nothing else ties
 * server traffic to a request, so when requests of several chapters are pending at once (tests
 * running in parallel) traffic without a token is ambiguous: it is anchored by the rule and a
 * warning names the chapters.
 */
final class Calls {

  /** Looked up when there is something to say: java.util.logging costs ~50 ms to start. */
  private static Logger log() {
    return Logger.getLogger(Calls.class.getName());
  }

  /**
   * Where a server message goes: its anchor, and the client that receives it (null: none, or every
   * client when {@code everyone}).
   */
  record Route(Anchor anchor, Connection client, boolean everyone, Call call) {
    Route(Anchor anchor, Connection client) {
      this(anchor, client, false, null);
    }

    Route(Anchor anchor, Connection client, boolean everyone) {
      this(anchor, client, everyone, null);
    }
  }

  /**
   * Server traffic about the session as a whole, not about any request: list changes, and the
   * server asking for the client's roots (servers ask when a session starts, and when told the
   * roots changed).
   */
  private static final Set<String> SESSION_WIDE =
      Set.of(
          "notifications/tools/list_changed",
          "notifications/prompts/list_changed",
          "notifications/resources/list_changed",
          "roots/list");

  private final Map<Id, Call> pending = new LinkedHashMap<>(); // in the order they started
  private long nextId = 1;
  private Call handshake;
  private Call lastAnswered;

  /** Starts a call: the request gets its id in the session. */
  Call start(Connection client, Request request, boolean isHandshake) {
    JsonNode params = request.jsonView().get("params"); // read only
    JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
    Call call =
        new Call(
            client,
            request.id(),
            Id.of(nextId++),
            request.method(),
            client.chapter(),
            token,
            isHandshake,
            params);
    pending.put(call.id(), call);
    if (isHandshake) {
      handshake = call;
    }
    return call;
  }

  /** The call a response answers, no longer pending; null for an id the session never sent. */
  Call answered(Id id) {
    Call call = pending.remove(id);
    if (call != null && !call.handshake() && !call.isPing()) {
      lastAnswered = call;
    }
    return call;
  }

  /** The pending call a client knows by its own id, e.g. to cancel it. */
  private Call pendingOf(Connection client, Id clientId) {
    for (Call c : pending.values()) {
      if (c.client() == client && c.clientId().equals(clientId)) {
        return c;
      }
    }
    return null;
  }

  /** A cancellation names the client's id of the request; the server knows it by the session's. */
  Notification renumbered(Connection client, Notification notification) {
    if (!"notifications/cancelled".equals(notification.method())) {
      return notification;
    }
    ObjectNode params = (ObjectNode) notification.params().orElse(null);
    if (params == null || !params.has("requestId")) {
      return notification;
    }
    Call call;
    try {
      call = pendingOf(client, new Id(params.get("requestId")));
    } catch (IllegalArgumentException notAnId) {
      return notification;
    }
    if (call == null) {
      return notification;
    }
    call.cancelled = true; // it may never be answered now: it waits for nothing
    params.set("requestId", call.id().value());
    return Notification.of(notification.method(), params);
  }

  List<Call> pending() {
    return new ArrayList<>(pending.values());
  }

  /**
   * The calls the server left unanswered too long, with why: no answer and no progress for the
   * timeout, or no answer within {@value McpClient#MAX_TIMEOUTS} timeouts however much progress
   * came. A cancelled call is waited for no more.
   */
  Map<Call, String> overdue(Duration timeout) {
    long now = System.nanoTime();
    Map<Call, String> overdue = new LinkedHashMap<>();
    for (Call call : pending.values()) {
      if (call.cancelled()) {
        continue;
      }
      if (call.idleNanos(now) > timeout.toNanos()) {
        overdue.put(call, "no answer nor progress within " + timeout.toMillis() + " ms");
      } else if (call.ageNanos(now) > timeout.toNanos() * McpClient.MAX_TIMEOUTS) {
        overdue.put(
            call, "no answer within " + timeout.toMillis() * McpClient.MAX_TIMEOUTS + " ms");
      }
    }
    return overdue;
  }

  /** Takes a client's pending calls out (a crash injected for it). */
  List<Call> drain(Connection client) {
    List<Call> its = new ArrayList<>();
    pending.values().removeIf(c -> c.client() == client && its.add(c));
    return its;
  }

  /** Takes every pending call out (the server is gone). */
  List<Call> drain() {
    List<Call> all = pending();
    pending.clear();
    return all;
  }

  /** Where a server notification or request belongs (see the class comment). */
  Route route(JsonRpcMessage message) {
    boolean handshaking = handshake != null && pending.containsKey(handshake.id());
    if (message instanceof Notification n && SESSION_WIDE.contains(n.method())) {
      return new Route(handshaking ? Anchor.HANDSHAKE : Anchor.AFTER_HANDSHAKE, null, true);
    }
    if (message instanceof Request r && SESSION_WIDE.contains(r.method())) {
      // one client answers for the session: the one that opened it
      return new Route(
          handshaking ? Anchor.HANDSHAKE : Anchor.AFTER_HANDSHAKE,
          handshake == null ? null : handshake.client());
    }
    JsonNode token =
        message instanceof Notification n && "notifications/progress".equals(n.method())
            ? n.jsonView().path("params").get("progressToken")
            : null;
    List<Call> open = new ArrayList<>();
    for (Call c : pending.values()) {
      if (!c.handshake() && !c.isPing()) {
        open.add(c);
      }
    }
    JsonNode subscription =
        message.jsonView().path("params").path("_meta").path(Stateless.SUBSCRIPTION_KEY);
    if (!subscription.isMissingNode()) { // a listen stream's notification: its listen request's
      for (Call c : open) {
        if (c.id().value().asText().equals(subscription.asText())) {
          return to(c, false);
        }
      }
    }
    if (token != null) {
      for (int k = open.size() - 1; k >= 0; k--) {
        if (token.equals(open.get(k).progressToken())) {
          open.get(k).lastProgressNanos = System.nanoTime(); // progress resets its clock
          return to(open.get(k), false);
        }
      }
    }
    open.removeIf(Call::cancelled);
    if (!open.isEmpty()) {
      Call latest = open.get(open.size() - 1);
      List<String> chapters = open.stream().map(Call::chapter).distinct().toList();
      if (chapters.size() > 1) {
        log()
            .warning(
                "wassette-tape: "
                    + describe(message)
                    + " arrived while requests of "
                    + chapters
                    + " were pending; anchored to the latest, in "
                    + latest.chapter()
                    + ". Over stdio only a progress token ties server traffic to a request: run"
                    + " these tests one at a time to make the tape deterministic.");
      }
      return to(latest, false);
    }
    if (lastAnswered != null && !handshaking) {
      return to(lastAnswered, true);
    }
    return new Route(
        handshaking || handshake == null ? Anchor.HANDSHAKE : Anchor.AFTER_HANDSHAKE,
        handshake == null ? null : handshake.client());
  }

  private static Route to(Call call, boolean afterResponse) {
    return new Route(
        new Anchor(call.chapter(), call.id(), afterResponse), call.client(), false, call);
  }

  private static String describe(JsonRpcMessage message) {
    return message instanceof Request r
        ? "server request " + r.method()
        : "server notification " + ((Notification) message).method();
  }
}

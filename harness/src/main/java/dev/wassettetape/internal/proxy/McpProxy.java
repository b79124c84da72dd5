package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.Mailbox;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.internal.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An MCP proxy between clients and one server session. Each client {@linkplain #connect connects}
 * for a chapter (a test); all of them share the server's one session: the first {@code initialize}
 * is the session's handshake, later ones are answered with its result. Every other message is
 * forwarded as it is, in both directions: requests, responses, notifications, and server-to-client
 * requests with the client's answers. Client request ids are renumbered so that they are unique in
 * the session, and answers go back with the client's own id.
 *
 * <p>Where a message enters and where it goes: {@link Dispatch}. Interceptors ({@link Pipeline})
 * see each message there, one at a time under the dispatch lock, in order, with its {@link Anchor}:
 * the chapter of the client that sent it, or for server traffic the request it belongs to ({@link
 * Calls} decides). A server notification or request goes to the client of the chapter it is
 * anchored to.
 *
 * <p>A request the server leaves unanswered times out on its own ({@link #TIMED_OUT}; progress
 * resets its clock); a cancelled request is no longer waited for. Messages to the server are
 * written by the thread that routed them: a server that stops reading its input for longer than the
 * timeout (its pipe full, that thread stuck) is given up like a dead one. A dead server (its stream
 * ended or failed) ends the session: every pending client request gets a JSON-RPC error that says
 * what happened and carries the server's diagnostics (e.g. the tail of its stderr), then every
 * client is disconnected.
 */
public final class McpProxy implements AutoCloseable {

  /** The JSON-RPC error code of "this request timed out"; the session goes on. */
  public static final int TIMED_OUT = -32004;

  /** The JSON-RPC error code of "the server behind the proxy is gone". */
  public static final int SERVER_GONE = -32000;

  private final Transport server;
  private final Dispatch dispatch;
  private final Duration timeout;
  private final Calls calls = new Calls();
  private final List<Connection> clients = new CopyOnWriteArrayList<>();
  private final List<ProtocolProblem> problems = new CopyOnWriteArrayList<>();
  private final Object lock = new Object(); // the dispatch lock
  private final AtomicBoolean ended = new AtomicBoolean();
  private final ScheduledExecutorService watchdog;
  // Writes to a destination happen in dispatch order, outside the dispatch lock (Mailbox).
  private final Mailbox toServer = new Mailbox(true);
  private volatile String endReason;
  private volatile String serverLost;
  private volatile long lastServerTraffic = System.nanoTime();
  private final SharedHandshake handshake = new SharedHandshake();

  /**
   * @param timeout how long a client request may wait for an answer or progress from the server
   *     before it times out
   */
  public McpProxy(Transport server, List<Interceptor> interceptors, Duration timeout) {
    this.server = server;
    this.timeout = timeout;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("watchdog"));
    this.dispatch =
        new Dispatch(
            server,
            new Pipeline(interceptors, lock, watchdog),
            calls,
            handshake,
            clients,
            problems,
            lock,
            toServer,
            this::serverGone);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, "wassette-tape-proxy " + name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Starts forwarding from the server. */
  public McpProxy start() {
    server.start(
        new Transport.Listener() {
          @Override
          public boolean quick() {
            return true;
          }

          @Override
          public void onMessage(JsonRpcMessage message) {
            lastServerTraffic = System.nanoTime();
            dispatch.fromServer(message);
          }

          @Override
          public void onProblem(ProtocolProblem problem) {
            problems.add(problem);
          }

          @Override
          public void onClosed(String reason) {
            serverGone("the server closed the session (" + reason + ")");
          }
        });
    long period = Math.max(50, Math.min(500, timeout.toMillis() / 4));
    watchdog.scheduleWithFixedDelay(this::checkTimeouts, period, period, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Connects a client whose traffic belongs to the given chapter. It is disconnected when its
   * transport closes or the session ends.
   */
  public Connection connect(Transport transport, String chapter) {
    Connection client = new Connection(transport, chapter);
    clients.add(client);
    if (ended.get()) {
      client.disconnect("the session had already ended: " + endReason);
      return client;
    }
    transport.start(
        new Transport.Listener() {
          @Override
          public boolean quick() {
            return true;
          }

          @Override
          public void onMessage(JsonRpcMessage message) {
            onMessage(message, Map.of());
          }

          @Override
          public void onMessage(JsonRpcMessage message, Map<String, List<String>> headers) {
            client.heardFrom();
            dispatch.fromClient(client, message, headers);
          }

          @Override
          public void onProblem(ProtocolProblem problem) {
            dispatch.fromClient(client, problem);
          }

          @Override
          public void onClosed(String reason) {
            client.disconnect("the client closed the session (" + reason + ")");
          }
        });
    return client;
  }

  /**
   * Times out the requests the server left unanswered too long ({@link Calls#overdue}), each on its
   * own: the client gets an error, the server a cancellation (never for {@code initialize}, which
   * MCP says must not be cancelled), and the session goes on.
   */
  private void checkTimeouts() {
    Duration waiting = dispatch.writeWaiting();
    if (waiting.compareTo(timeout) > 0) { // the thread writing is stuck until the server ends
      serverGone(
          "the server has not read its input for "
              + waiting.toMillis()
              + " ms (longer than the timeout of "
              + timeout.toMillis()
              + " ms); it was ended");
      server.abort();
      return;
    }
    Mailbox.loop(
        () -> {
          synchronized (lock) {
            calls.overdue(timeout).forEach(this::timeOut);
          }
        },
        false);
  }

  private void timeOut(Call call, String why) {
    call.timedOut();
    call.client()
        .send(
            Response.error(
                call.clientId(),
                TIMED_OUT,
                "wassette-tape: " + call.method() + " timed out: " + why,
                JsonNodeFactory.instance.objectNode().put("diagnostics", server.diagnostics())));
    if (!call.handshake()) {
      ObjectNode params = JsonNodeFactory.instance.objectNode();
      params.set("requestId", call.id().value());
      params.put("reason", "timed out: " + why);
      dispatch.forward(Notification.of("notifications/cancelled", params), Map.of(), call.client());
    }
  }

  private void serverGone(String what) {
    Mailbox.loop(() -> endSession(what), false);
  }

  private void endSession(String what) {
    synchronized (lock) {
      if (ended.get()) {
        return;
      }
      String diagnostics = server.diagnostics();
      endReason = what + ". " + diagnostics; // known before any client hears of it
      serverLost = endReason;
      for (Call call : calls.drain()) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("diagnostics", diagnostics);
        call.client()
            .send(
                Response.error(
                    call.clientId(), SERVER_GONE, "MCP server gone: " + endReason, data));
      }
      end(endReason);
    }
  }

  private void end(String reason) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    endReason = reason;
    watchdog.shutdownNow();
    // close each side after what is queued for it (e.g. the errors of a dead server) went out
    clients.forEach(c -> c.disconnect("the session ended: " + reason));
    try {
      toServer.post(server::close);
    } catch (RejectedExecutionException alreadyShut) {
      server.close();
    }
    toServer.shut();
  }

  /**
   * Waits until the server has sent nothing for {@code quiet} (and nothing is pending), or until
   * {@code atMost} has passed: how the end of a session lets trailing notifications arrive without
   * a fixed sleep.
   */
  public void awaitQuiet(Duration quiet, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    try {
      while (System.nanoTime() < deadline && !ended.get()) {
        boolean busy;
        synchronized (lock) {
          busy = calls.pending().stream().anyMatch(c -> !c.cancelled());
        }
        long silent = System.nanoTime() - lastServerTraffic;
        if (!busy && silent >= quiet.toNanos()) {
          return;
        }
        Thread.sleep(Math.max(1, Math.min(quiet.toMillis() - silent / 1_000_000, 20)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Why the server went away before the session was closed (its stream ended or failed), with its
   * diagnostics; null while it lives or when the harness ended the session.
   */
  public String serverLost() {
    return serverLost;
  }

  /** Why the session ended, or null while it runs. */
  public String endReason() {
    return endReason;
  }

  /** Lines from any side that were not JSON-RPC messages, and responses to nothing. */
  public List<ProtocolProblem> problems() {
    return List.copyOf(problems);
  }

  /** Ends the session: the server and every client are closed. */
  @Override
  public void close() {
    end("closed by the harness");
  }
}

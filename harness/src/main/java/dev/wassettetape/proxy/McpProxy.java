package dev.wassettetape.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.jsonrpc.Id;
import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import dev.wassettetape.transport.ProtocolProblem;
import dev.wassettetape.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stdio MCP proxy between one client and one server. Every message is forwarded as it is, in both
 * directions: requests, responses, notifications, and server-to-client requests with the client's
 * answers. In-flight requests are tracked per direction and id (a client request 1 and a server
 * request 1 are different), so concurrent requests work.
 *
 * <p>Where a message enters: {@link #fromClient} and {@link #fromServer}. Interceptors see each
 * message there, on one dispatch thread, in order.
 *
 * <p>A dead server (end of stream, crash, or a request unanswered past the timeout) ends the
 * session: every pending client request gets a JSON-RPC error that says what happened and carries
 * the server's diagnostics (e.g. the tail of its stderr), then the client side is closed.
 */
public final class McpProxy implements AutoCloseable {

  /** The JSON-RPC error code of "the server behind the proxy is gone". */
  public static final int SERVER_GONE = -32000;

  private final Transport client;
  private final Transport server;
  private final List<Interceptor> interceptors;
  private final Duration timeout;
  private final Map<Key, Long> pending = new ConcurrentHashMap<>();
  private final List<ProtocolProblem> problems = new CopyOnWriteArrayList<>();
  private final Object dispatch = new Object();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final CountDownLatch endedLatch = new CountDownLatch(2); // both sides closed
  private final ScheduledExecutorService watchdog;
  // Writes happen on one thread per destination, in dispatch order, outside the dispatch lock:
  // a peer that is slow to read can never block the other direction.
  private final ExecutorService toServer = outbox("to-server");
  private final ExecutorService toClient = outbox("to-client");
  private volatile String endReason;

  private record Key(Direction direction, Id id) {}

  /**
   * @param timeout how long a client request may wait for the server before the session is declared
   *     dead
   */
  public McpProxy(
      Transport client, Transport server, List<Interceptor> interceptors, Duration timeout) {
    this.client = client;
    this.server = server;
    this.interceptors = List.copyOf(interceptors);
    this.timeout = timeout;
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "wassette-tape-proxy-watchdog");
              t.setDaemon(true);
              return t;
            });
  }

  private static ExecutorService outbox(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "wassette-tape-proxy " + name);
          t.setDaemon(true);
          return t;
        });
  }

  /** Starts forwarding. */
  public McpProxy start() {
    server.start(
        new Transport.Listener() {
          @Override
          public void onMessage(JsonRpcMessage message) {
            fromServer(message);
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
    client.start(
        new Transport.Listener() {
          @Override
          public void onMessage(JsonRpcMessage message) {
            fromClient(message);
          }

          @Override
          public void onProblem(ProtocolProblem problem) {
            problems.add(problem);
          }

          @Override
          public void onClosed(String reason) {
            end("the client closed the session (" + reason + ")");
          }
        });
    long period = Math.max(50, Math.min(500, timeout.toMillis() / 4));
    watchdog.scheduleWithFixedDelay(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
    return this;
  }

  private void fromClient(JsonRpcMessage message) {
    synchronized (dispatch) {
      if (message instanceof Request request) {
        for (Interceptor i : interceptors) {
          Optional<Response> answer = i.intercept(request);
          if (answer.isPresent()) {
            // answered here: it never reaches the server, so it is no part of the session
            answerClient(answer.get());
            return;
          }
        }
        pending.put(new Key(Direction.CLIENT_TO_SERVER, request.id()), System.nanoTime());
      } else if (message instanceof Response response) {
        pending.remove(new Key(Direction.SERVER_TO_CLIENT, response.id()));
      }
      observe(Direction.CLIENT_TO_SERVER, message);
      send(
          toServer,
          () -> {
            try {
              server.send(message);
            } catch (IOException e) {
              serverGone("could not write to the server: " + e.getMessage());
            }
          });
    }
  }

  private void fromServer(JsonRpcMessage message) {
    synchronized (dispatch) {
      if (message instanceof Response response) {
        pending.remove(new Key(Direction.CLIENT_TO_SERVER, response.id()));
      } else if (message instanceof Request request) {
        pending.put(new Key(Direction.SERVER_TO_CLIENT, request.id()), System.nanoTime());
      }
      observe(Direction.SERVER_TO_CLIENT, message);
      answerClient(message);
    }
  }

  private static void send(ExecutorService outbox, Runnable write) {
    try {
      outbox.execute(write);
    } catch (java.util.concurrent.RejectedExecutionException sessionOver) {
      // the session ended: nothing goes out any more
    }
  }

  private void answerClient(JsonRpcMessage message) {
    send(
        toClient,
        () -> {
          try {
            client.send(message);
          } catch (IOException e) {
            end("could not write to the client: " + e.getMessage());
          }
        });
  }

  private void observe(Direction direction, JsonRpcMessage message) {
    for (Interceptor i : interceptors) {
      i.observe(direction, message);
    }
  }

  private void checkSilence() {
    long now = System.nanoTime();
    pending.forEach(
        (key, since) -> {
          if (key.direction() == Direction.CLIENT_TO_SERVER && now - since > timeout.toNanos()) {
            serverGone(
                "the server did not answer request "
                    + key.id()
                    + " within "
                    + timeout.toSeconds()
                    + " s (it may have dropped the session silently)");
          }
        });
  }

  private void serverGone(String what) {
    synchronized (dispatch) {
      if (ended.get()) {
        return;
      }
      String diagnostics = server.diagnostics();
      for (Key key : List.copyOf(pending.keySet())) {
        if (key.direction() == Direction.CLIENT_TO_SERVER) {
          pending.remove(key);
          ObjectNode data = JsonNodeFactory.instance.objectNode();
          data.put("diagnostics", diagnostics);
          answerClient(Response.error(key.id(), SERVER_GONE, "MCP server gone: " + what, data));
        }
      }
      end(what + ". " + diagnostics);
    }
  }

  private void end(String reason) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    endReason = reason;
    watchdog.shutdownNow();
    // close each side after what is queued for it (e.g. the errors of a dead server) went out
    toClient.execute(
        () -> {
          client.close();
          endedLatch.countDown();
        });
    toServer.execute(
        () -> {
          server.close();
          endedLatch.countDown();
        });
    toClient.shutdown();
    toServer.shutdown();
  }

  /** Waits until the session ends; returns false when the time ran out. */
  public boolean awaitEnd(Duration wait) throws InterruptedException {
    return endedLatch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Why the session ended, or null while it runs. */
  public String endReason() {
    return endReason;
  }

  /** Lines from either side that were not JSON-RPC messages. */
  public List<ProtocolProblem> problems() {
    return List.copyOf(problems);
  }

  /** Ends the session (both sides are closed). */
  @Override
  public void close() {
    end("closed by the harness");
  }
}

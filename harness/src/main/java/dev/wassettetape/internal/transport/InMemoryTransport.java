package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.Excerpt;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two connected in-process transports: what one sends, the other's listener receives, in order, on
 * a delivery thread of its own (so a listener may send without deadlocking its peer). Used to put
 * the harness's own client in front of the proxy without pipes or bytes.
 */
public final class InMemoryTransport implements Transport {

  private final String name;
  private final ExecutorService delivery;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile InMemoryTransport peer;
  private volatile Listener listener;
  private volatile String closedBecause;

  private InMemoryTransport(String name) {
    this.name = name;
    this.delivery =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "wassette-tape-in-memory " + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** A connected pair: {@code [0]} talks to {@code [1]}. */
  public static InMemoryTransport[] pair(String a, String b) {
    InMemoryTransport left = new InMemoryTransport(a);
    InMemoryTransport right = new InMemoryTransport(b);
    left.peer = right;
    right.peer = left;
    return new InMemoryTransport[] {left, right};
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  /** Sending enqueues for the peer's delivery thread. */
  @Override
  public boolean sendsWithoutBlocking() {
    return true;
  }

  @Override
  public void send(JsonRpcMessage message) throws java.io.IOException {
    if (!closed.get() && !peer.closed.get()) {
      try {
        peer.deliver(message);
        return;
      } catch (RejectedExecutionException closing) {
        // the peer closed meanwhile
      }
    }
    String why = closed.get() ? closedBecause : peer.closedBecause;
    throw new java.io.IOException(
        name + ": in-memory channel is closed" + (why == null ? "" : " (" + why + ")"));
  }

  /** The peer hears a line that is no message, as a reader of bytes would report it. */
  @Override
  public void sendRaw(String text) throws java.io.IOException {
    if (closed.get() || peer.closed.get()) {
      throw new java.io.IOException(name + ": in-memory channel is closed");
    }
    ProtocolProblem problem =
        new ProtocolProblem(ProtocolProblem.Kind.NOT_JSON, "not JSON", Excerpt.of(text));
    peer.delivery.execute(
        () -> {
          Listener l = peer.listener;
          if (l != null && !peer.closed.get()) {
            l.onProblem(problem);
          }
        });
  }

  private void deliver(JsonRpcMessage message) {
    delivery.execute(
        () -> {
          Listener l = listener;
          if (l != null && !closed.get()) {
            l.onMessage(message);
          }
        });
  }

  @Override
  public String diagnostics() {
    return name + " (in-memory)";
  }

  @Override
  public void close() {
    close("closed");
  }

  /** Closes both ends; the peer's listener hears {@code reason} too. */
  @Override
  public void close(String reason) {
    if (closed.compareAndSet(false, true)) {
      closedBecause = reason;
      notifyClosed(this, reason);
      InMemoryTransport other = peer;
      if (other != null && !other.closed.get()) {
        String heard = "closed".equals(reason) ? "closed by " + name : name + " closed: " + reason;
        try {
          other.delivery.execute(() -> other.close(heard));
        } catch (RejectedExecutionException closing) {
          // the other end is closing already
        }
      }
    }
  }

  private static void notifyClosed(InMemoryTransport t, String reason) {
    t.delivery.execute(
        () -> {
          Listener l = t.listener;
          if (l != null) {
            l.onClosed(reason + " (" + t.name + ")");
          }
        });
    t.delivery.shutdown();
  }
}

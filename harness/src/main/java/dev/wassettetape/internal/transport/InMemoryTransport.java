package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.Excerpt;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two connected in-process transports: what one sends, the other's listener receives, in order,
 * never nested inside the sender's own delivery (so a listener may send without deadlocking its
 * peer). Delivery is a {@link Mailbox}'s: a {@linkplain Transport.Listener#quick quick} listener
 * (the proxy's; our client's, which keeps its user's code to a mailbox of its own) is run by the
 * sending thread; any other by the thread that sent the request it answers, or by a pooled thread.
 * Used to put the harness's own client in front of the proxy without pipes, bytes or thread
 * hand-offs.
 */
public final class InMemoryTransport implements Transport {

  private final String name;
  private final Mailbox delivery = new Mailbox(false);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile InMemoryTransport peer;
  private volatile Listener listener;
  private volatile String closedBecause;

  private InMemoryTransport(String name) {
    this.name = name;
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
    delivery.quick(listener.quick());
    this.listener = listener;
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
    peer.delivery.post(
        () -> {
          Listener l = peer.listener;
          if (l != null && !peer.closed.get()) {
            l.onProblem(problem);
          }
        });
  }

  private void deliver(JsonRpcMessage message) {
    delivery.post(
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
          other.delivery.post(() -> other.close(heard));
        } catch (RejectedExecutionException closing) {
          // the other end is closing already
        }
      }
    }
  }

  private static void notifyClosed(InMemoryTransport t, String reason) {
    t.delivery.post(
        () -> {
          Listener l = t.listener;
          if (l != null) {
            l.onClosed(reason + " (" + t.name + ")");
          }
        });
    t.delivery.shut();
  }
}

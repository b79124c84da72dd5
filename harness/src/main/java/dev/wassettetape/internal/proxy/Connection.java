package dev.wassettetape.internal.proxy;

import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.Mailbox;
import dev.wassettetape.internal.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of a {@link McpProxy} session, with the chapter its traffic belongs to. Messages to it
 * go out in order through a {@link Mailbox}: written by the thread that routed them once the
 * dispatch lock is released, or, to a client that may stall others ({@link
 * Transport#mayStallOthers}: one of several on an HTTP endpoint), by a pooled thread, so a client
 * slow to read blocks nobody else.
 */
public final class Connection {
  private final Transport transport;
  private final Mailbox outbox;
  private final CountDownLatch disconnected = new CountDownLatch(1);
  private final AtomicBoolean connected = new AtomicBoolean(true);
  private volatile String chapter;
  private volatile String reason;
  private final List<Batch> batches = new ArrayList<>();
  private volatile long lastTraffic = System.nanoTime(); // either way

  Connection(Transport transport, String chapter) {
    this.transport = transport;
    this.chapter = chapter;
    this.outbox = new Mailbox(!transport.mayStallOthers());
  }

  /** The chapter its traffic belongs to. */
  public String chapter() {
    return chapter;
  }

  /**
   * Files its later traffic under another chapter (for a test that runs nested tests through the
   * same client, e.g. a test factory's dynamic tests).
   */
  public void moveTo(String chapter) {
    this.chapter = chapter;
  }

  public boolean isConnected() {
    return connected.get();
  }

  /** Why it was disconnected, or null while connected. */
  public String reason() {
    return reason;
  }

  /** Waits until it is disconnected; false if time ran out. */
  public boolean awaitDisconnected(Duration wait) throws InterruptedException {
    return disconnected.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How long since a message last went to or came from this client. */
  public Duration quietFor() {
    return Duration.ofNanos(System.nanoTime() - lastTraffic);
  }

  /** A message came from this client. */
  void heardFrom() {
    lastTraffic = System.nanoTime();
  }

  void send(JsonRpcMessage message) {
    lastTraffic = System.nanoTime();
    synchronized (batches) {
      if (message instanceof Response r && r.hasId()) {
        for (Batch batch : batches) {
          if (batch.expected.remove(r.id())) {
            batch.answers.add(r);
            if (batch.expected.isEmpty()) {
              batches.remove(batch);
              write(batch.answers);
            }
            return;
          }
        }
      }
    }
    write(message);
  }

  /** Sends text that is no message (an injected fault), after what is queued for it. */
  void sendRaw(String text) {
    lastTraffic = System.nanoTime();
    write(t -> t.sendRaw(text));
  }

  /**
   * Collects the answers to the requests of a client's batch (their ids, as the client sent them),
   * to send them as one batch; {@code answered} are answers it already has (to invalid elements).
   */
  void expectBatch(Set<Id> requests, List<JsonRpcMessage> answered) {
    synchronized (batches) {
      if (requests.isEmpty()) {
        if (!answered.isEmpty()) {
          write(answered);
        }
        return;
      }
      Batch batch = new Batch(new HashSet<>(requests), new ArrayList<>(answered));
      batches.add(batch);
    }
  }

  private record Batch(Set<Id> expected, List<JsonRpcMessage> answers) {}

  private void write(List<JsonRpcMessage> batch) {
    List<JsonRpcMessage> answers = List.copyOf(batch);
    write(t -> t.send(answers));
  }

  private void write(JsonRpcMessage message) {
    write(t -> t.send(message));
  }

  private interface Send {
    void to(Transport transport) throws IOException;
  }

  /** Sends after what is queued for it, once the dispatch lock is released. */
  private void write(Send send) {
    try {
      outbox.post(
          () -> {
            try {
              send.to(transport);
            } catch (IOException e) {
              disconnect("could not write to the client: " + e.getMessage());
            }
          });
    } catch (RejectedExecutionException gone) {
      // disconnected: nothing goes out any more
    }
  }

  /** Closes its transport after what is queued for it went out. */
  void disconnect(String why) {
    if (!connected.compareAndSet(true, false)) {
      return;
    }
    reason = why;
    try {
      outbox.post(() -> transport.close(why));
    } catch (RejectedExecutionException alreadyShut) {
      // closing anyway
    }
    outbox.shut();
    disconnected.countDown();
  }
}

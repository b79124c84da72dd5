package dev.wassettetape.proxy;

import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of a {@link McpProxy} session, with the chapter its traffic belongs to. Messages to it
 * are written on a thread of its own, in order, so a client slow to read blocks nobody else.
 */
public final class Connection {
  private final Transport transport;
  private final ExecutorService outbox;
  private final CountDownLatch disconnected = new CountDownLatch(1);
  private final AtomicBoolean connected = new AtomicBoolean(true);
  private volatile String chapter;
  private volatile String reason;

  Connection(Transport transport, String chapter) {
    this.transport = transport;
    this.chapter = chapter;
    this.outbox = McpProxy.outbox("to " + chapter);
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

  void send(JsonRpcMessage message) {
    try {
      outbox.execute(
          () -> {
            try {
              transport.send(message);
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
      outbox.execute(transport::close);
    } catch (RejectedExecutionException alreadyShut) {
      // closing anyway
    }
    outbox.shutdown();
    disconnected.countDown();
  }
}

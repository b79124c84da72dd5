package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * MCP's stdio transport over a pair of byte streams: a child process's stdout/stdin, or our own
 * stdin/stdout when we act as a server. One daemon thread reads; writes are serialised.
 */
public final class StreamTransport implements Transport {

  private final InputStream in;
  private final OutputStream out;
  private final String name;
  private final int maxLineBytes;
  private final Supplier<String> diagnostics;
  private final Object writeLock = new Object();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closedReported = new AtomicBoolean();
  private volatile boolean closing;
  private volatile Listener listener;
  private volatile Runnable abort = this::close;

  /**
   * @param name names the peer in thread names and messages, e.g. {@code "wassette[pid 42]"}
   * @param diagnostics what to say about the peer when the stream fails (e.g. stderr tail)
   */
  public StreamTransport(
      InputStream in,
      OutputStream out,
      String name,
      int maxLineBytes,
      Supplier<String> diagnostics) {
    this.in = in;
    this.out = out;
    this.name = name;
    this.maxLineBytes = maxLineBytes;
    this.diagnostics = diagnostics;
  }

  @Override
  public void start(Listener listener) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException(name + ": transport already started");
    }
    this.listener = listener;
    Thread reader = new Thread(() -> read(listener), "wassette-tape-reader " + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void read(Listener listener) {
    MessageReader messages = new MessageReader(in, maxLineBytes);
    String reason = "end of stream from " + name;
    try {
      Frame frame;
      while ((frame = messages.next()) != null) {
        if (frame instanceof Frame.Message m) {
          listener.onMessage(m.message());
        } else if (frame instanceof Frame.Problem p) {
          listener.onProblem(p.problem());
        }
      }
    } catch (IOException e) {
      reason = closing ? "closed" : "read from " + name + " failed: " + e.getMessage();
    } catch (RuntimeException e) {
      reason = "listener failed on a message from " + name + ": " + e;
    } finally {
      if (closedReported.compareAndSet(false, true)) {
        listener.onClosed(closing ? "closed" : reason);
      }
    }
  }

  @Override
  public void send(JsonRpcMessage message) throws IOException {
    byte[] line = (message.toLine() + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (writeLock) {
      out.write(line);
      out.flush();
    }
  }

  @Override
  public void sendRaw(String text) throws IOException {
    byte[] line = (text.replace("\n", " ") + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (writeLock) {
      out.write(line);
      out.flush();
    }
  }

  @Override
  public void send(List<JsonRpcMessage> batch) throws IOException {
    String line =
        batch.stream().map(JsonRpcMessage::toLine).collect(Collectors.joining(",", "[", "]\n"));
    synchronized (writeLock) {
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /** What {@link #abort} does: for a process's streams, kill the process. */
  public StreamTransport abortedBy(Runnable kill) {
    this.abort = kill;
    return this;
  }

  @Override
  public void abort() {
    abort.run();
  }

  @Override
  public String diagnostics() {
    return diagnostics.get();
  }

  /**
   * Closes both streams and reports the end to the listener, also when the reader is blocked on a
   * stream that closing does not wake (our own stdin, for one).
   */
  @Override
  public void close() {
    closing = true;
    try {
      out.close();
    } catch (IOException ignored) {
      // the peer may be gone already
    }
    try {
      in.close();
    } catch (IOException ignored) {
      // idem
    }
    Listener l = listener;
    if (l != null && closedReported.compareAndSet(false, true)) {
      l.onClosed("closed");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

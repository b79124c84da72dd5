package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A bidirectional JSON-RPC message channel to one peer. Implementations are thread-safe for {@link
 * #send}; the listener is called one message at a time, in arrival order (see {@link Listener}).
 */
public interface Transport extends AutoCloseable {

  /** Starts delivering inbound traffic to the listener. Called once. */
  void start(Listener listener);

  /** Sends one message. */
  void send(JsonRpcMessage message) throws IOException;

  /**
   * Sends one message with HTTP headers a client sent it with ({@code Authorization}, cookies): an
   * HTTP transport sends them on, any other ignores them.
   */
  default void send(JsonRpcMessage message, Map<String, List<String>> headers) throws IOException {
    send(message);
  }

  /**
   * Whether {@link #send} may wait on a peer that is one among several (a client of a shared HTTP
   * endpoint): then the proxy sends to it from a thread of its own, so that a peer slow to read
   * never stalls the others. A transport that only hands the message over (in memory, a queue of
   * its own) or whose peer is the only one on its side (a stdio process) says no, and is written by
   * the thread that routed the message, after the routing lock is released.
   */
  default boolean mayStallOthers() {
    return false;
  }

  /** Sends text that is no message, as it is (fault injection's malformed output). */
  default void sendRaw(String text) throws IOException {
    throw new IOException(getClass().getSimpleName() + " cannot send text that is no message");
  }

  /**
   * Sends a JSON-RPC batch: the answers to a batch, as one array where the transport can frame one
   * (stdio), else one by one.
   */
  default void send(List<JsonRpcMessage> batch) throws IOException {
    for (JsonRpcMessage message : batch) {
      send(message);
    }
  }

  /**
   * What is known about the peer right now, for error messages: e.g. a process's exit status and
   * the tail of its stderr.
   */
  String diagnostics();

  /** Closes the channel; the listener's {@link Listener#onClosed} follows. */
  @Override
  void close();

  /**
   * Ends the peer at once, however stuck it is: a process is killed, which releases a thread
   * blocked writing to its full pipe (closing the stream would not). The proxy does this to a
   * server that stopped reading its input; by default, {@link #close}.
   */
  default void abort() {
    close();
  }

  /**
   * Closes the channel and says why; a transport whose peer can hear the reason (in memory) passes
   * it on, so the other side's error names the cause rather than just "closed".
   */
  default void close(String reason) {
    close();
  }

  /**
   * Receives inbound traffic, in arrival order, one message at a time: from the transport's reader
   * thread, or (in memory) from the sender's thread when the listener is {@link #quick}.
   */
  interface Listener {

    /**
     * Whether it returns soon and waits for nothing but short locks (the proxy's dispatch): then a
     * sender may run it on its own thread. A listener that runs its user's code (a client's
     * handlers) is not quick.
     */
    default boolean quick() {
      return false;
    }

    void onMessage(JsonRpcMessage message);

    /**
     * A message with the HTTP headers it came with (names in lower case); transports that have none
     * call {@link #onMessage(JsonRpcMessage)}.
     */
    default void onMessage(JsonRpcMessage message, Map<String, List<String>> headers) {
      onMessage(message);
    }

    /** A line that was not a message. Reading goes on. */
    default void onProblem(ProtocolProblem problem) {}

    /** The stream ended (EOF, error or close); {@code reason} says which. Called once. */
    default void onClosed(String reason) {}
  }
}

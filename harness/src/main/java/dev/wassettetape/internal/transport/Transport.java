package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A bidirectional JSON-RPC message channel to one peer. Implementations are thread-safe for {@link
 * #send}; the listener is called from one reader thread, in arrival order.
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
   * Whether {@link #send} only hands the message over (to a queue of its own) and never waits for
   * the peer: then the proxy sends from its dispatch thread, in order, without a thread hand-off. A
   * transport that writes to a pipe or a socket says no: a peer slow to read would stall the proxy.
   */
  default boolean sendsWithoutBlocking() {
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
   * Closes the channel and says why; a transport whose peer can hear the reason (in memory) passes
   * it on, so the other side's error names the cause rather than just "closed".
   */
  default void close(String reason) {
    close();
  }

  /** Receives inbound traffic. Called from the transport's reader thread. */
  interface Listener {
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

package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.jsonrpc.Stateless;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The harness as a Streamable HTTP MCP server: {@code /mcp} on a loopback address, served by Jetty.
 * Each MCP session a client opens with {@code initialize} becomes a {@link Transport} handed to
 * {@link Sessions#opened} (which connects it to the recording proxy or to a replay); everything
 * after that is routed by the {@code Mcp-Session-Id} header. It follows the MCP transport spec:
 * POST carries messages (requests are answered with JSON or an SSE stream, the rest with 202), GET
 * opens the session's standalone SSE stream (resumable with {@code Last-Event-ID}), DELETE ends the
 * session. A request whose {@code Host} or {@code Origin} is not loopback (or explicitly allowed)
 * is refused with 403, against DNS rebinding.
 *
 * <p>Requests of the stateless protocol ({@link Stateless}, 2026-07-28) come without a session:
 * each is a session of its own, opened for it and closed with its answer; their {@code Mcp-Method}
 * and {@code Mcp-Name} headers must mirror the body ({@value #HEADER_MISMATCH} with 400 otherwise).
 * Not served: JSON-RPC batches (gone from MCP since 2025-06-18), refused with 400.
 */
public final class HttpEndpoint implements AutoCloseable {

  /** The session header. */
  public static final String SESSION_HEADER = "Mcp-Session-Id";

  /** The protocol version header. */
  public static final String VERSION_HEADER = "MCP-Protocol-Version";

  /** The method header of a stateless request. */
  public static final String METHOD_HEADER = "Mcp-Method";

  /** The name header of a stateless request (tool, prompt or resource). */
  public static final String NAME_HEADER = "Mcp-Name";

  /** The JSON-RPC error code of headers that do not mirror a stateless request's body. */
  public static final int HEADER_MISMATCH = -32020;

  /** The endpoint path. */
  public static final String PATH = "/mcp";

  /**
   * The protocol versions a {@value #VERSION_HEADER} header may name. The harness forwards any
   * session's messages as they are; a version outside this list is refused with 400, as the spec
   * asks.
   */
  static final List<String> KNOWN_VERSIONS =
      List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28");

  /** Where the endpoint's sessions go. */
  @FunctionalInterface
  public interface Sessions {
    /**
     * A client opened a session. Start the transport (connect it) before returning: its first
     * message, the {@code initialize}, is delivered right after.
     */
    void opened(Transport session);
  }

  private final Server server;
  private final ServerConnector connector;
  final Sessions sessions;
  final Set<String> allowedHosts;
  final Map<String, HttpSession> open = new ConcurrentHashMap<>(); // sessions by id
  final AtomicLong stateless = new AtomicLong(); // numbers stateless exchanges
  private volatile URI url;

  private HttpEndpoint(Sessions sessions, Set<String> allowedHosts) {
    QueuedThreadPool threads = new QueuedThreadPool(64, 2);
    threads.setName("wassette-tape-http");
    threads.setDaemon(true);
    this.server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    this.sessions = sessions;
    this.allowedHosts = Set.copyOf(allowedHosts);
    connector.setIdleTimeout(3_600_000); // SSE streams may stay quiet for long
    server.addConnector(connector);
    server.setHandler(new HttpRouter(this));
    server.setStopTimeout(0); // every stream is ended before the stop
  }

  /**
   * Starts listening.
   *
   * @param bind a loopback address; port 0 for a free one
   * @param allowedHosts more host names accepted in {@code Host} and {@code Origin} besides
   *     loopback ones (e.g. a name the machine is reached by in a container)
   */
  public static HttpEndpoint start(
      InetSocketAddress bind, Set<String> allowedHosts, Sessions sessions) {
    HttpEndpoint endpoint = new HttpEndpoint(sessions, allowedHosts);
    endpoint.connector.setHost(bind.getHostString());
    endpoint.connector.setPort(bind.getPort());
    try {
      endpoint.server.start();
    } catch (Exception e) {
      endpoint.close();
      throw new IllegalStateException(
          "wassette-tape cannot listen on "
              + bind.getHostString()
              + ":"
              + bind.getPort()
              + ": "
              + e,
          e);
    }
    String host =
        bind.getAddress() != null && bind.getAddress().getAddress().length == 16
            ? "[" + bind.getHostString() + "]"
            : bind.getHostString();
    endpoint.url = URI.create("http://" + host + ":" + endpoint.connector.getLocalPort() + PATH);
    return endpoint;
  }

  /** The endpoint's URL, {@code http://127.0.0.1:<port>/mcp}. */
  public URI url() {
    return url;
  }

  /** The sessions open now. */
  public int openSessions() {
    return open.size();
  }

  /** Ends every session (their transports close, saying why) and stops listening. */
  @Override
  public void close() {
    close("the HTTP endpoint was closed");
  }

  /** Ends every session with {@code reason} and stops listening. */
  public void close(String reason) {
    List.copyOf(open.values()).forEach(s -> s.close(reason));
    try {
      server.stop();
    } catch (Exception e) {
      // stopping is best effort: its threads are daemons
    }
  }

  /** A JSON-RPC error body without id, as HTTP-level refusals carry. */
  static String error(String message) {
    return Response.errorWithoutId(-32000, message).toLine();
  }
}

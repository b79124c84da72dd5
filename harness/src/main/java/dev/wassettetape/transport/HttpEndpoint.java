package dev.wassettetape.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.jsonrpc.Id;
import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.jsonrpc.MalformedMessageException;
import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import dev.wassettetape.jsonrpc.Stateless;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
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

  private static final int MAX_BODY_BYTES = LineReader.DEFAULT_MAX_LINE_BYTES;

  /**
   * The protocol versions a {@value #VERSION_HEADER} header may name. The harness forwards any
   * session's messages as they are; a version outside this list is refused with 400, as the spec
   * asks.
   */
  static final List<String> KNOWN_VERSIONS =
      List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28");

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

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
  private final Sessions sessions;
  private final Set<String> allowedHosts;
  private final Map<String, HttpSession> open = new ConcurrentHashMap<>();
  private final AtomicLong stateless = new AtomicLong();
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
    server.setHandler(new Mcp());
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

  /**
   * Why a stateless request's {@code Mcp-Method} / {@code Mcp-Name} / {@value #VERSION_HEADER}
   * headers do not mirror its body; null when they do.
   */
  private static String headersMismatch(
      org.eclipse.jetty.server.Request request, JsonRpcMessage message) {
    String method =
        message instanceof Request r
            ? r.method()
            : message instanceof dev.wassettetape.jsonrpc.Notification n ? n.method() : null;
    String header = request.getHeaders().get(METHOD_HEADER);
    if (method != null && header == null) {
      return "missing required " + METHOD_HEADER + " header";
    }
    if (method != null && !method.equals(header)) {
      return METHOD_HEADER + " header `" + header + "` does not match body value `" + method + "`";
    }
    String name = message instanceof Request r ? Stateless.name(r) : null;
    String nameHeader = request.getHeaders().get(NAME_HEADER);
    if (name != null && !name.equals(nameHeader)) {
      return nameHeader == null
          ? "missing required " + NAME_HEADER + " header"
          : NAME_HEADER + " header `" + nameHeader + "` does not match body value `" + name + "`";
    }
    String version = request.getHeaders().get(VERSION_HEADER);
    if (version != null && !version.equals(Stateless.version(message))) {
      return VERSION_HEADER + " header `" + version + "` does not match the request's _meta";
    }
    return null;
  }

  /** A JSON-RPC error body without id, as HTTP-level refusals carry. */
  static String error(String message) {
    return Response.errorWithoutId(-32000, message).toLine();
  }

  private final class Mcp extends Handler.Abstract {

    @Override
    public boolean handle(
        org.eclipse.jetty.server.Request request,
        org.eclipse.jetty.server.Response response,
        Callback callback) {
      HttpURI uri = request.getHttpURI();
      if (!PATH.equals(uri.getPath())) {
        return refuse(response, callback, 404, "Not Found: the MCP endpoint is " + PATH);
      }
      String refused = foreign(request);
      if (refused != null) {
        return refuse(response, callback, 403, "Forbidden: " + refused);
      }
      return switch (request.getMethod()) {
        case "POST" -> post(request, response, callback);
        case "GET" -> get(request, response, callback);
        case "DELETE" -> delete(request, response, callback);
        default -> {
          response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, DELETE");
          yield refuse(response, callback, 405, "Method Not Allowed: " + request.getMethod());
        }
      };
    }

    private boolean post(
        org.eclipse.jetty.server.Request request,
        org.eclipse.jetty.server.Response response,
        Callback callback) {
      String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        return refuse(response, callback, 415, "Unsupported Media Type: POST application/json");
      }
      String accept = accept(request);
      boolean json = accepts(accept, "application/json");
      if (!json && !accepts(accept, "text/event-stream")) {
        return refuse(
            response,
            callback,
            406,
            "Not Acceptable: the client must accept application/json and text/event-stream");
      }
      String body;
      try {
        body =
            new String(
                Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get(),
                StandardCharsets.UTF_8);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return refuse(response, callback, 503, "Service Unavailable: shutting down");
      } catch (ExecutionException e) {
        return refuse(
            response, callback, 413, "Content Too Large: at most " + MAX_BODY_BYTES + " bytes");
      }
      JsonRpcMessage message;
      try {
        message = JsonRpcMessage.parse(body);
      } catch (MalformedMessageException e) {
        return invalid(response, callback, body, e);
      }
      String sessionId = request.getHeaders().get(SESSION_HEADER);
      HttpSession session;
      if (sessionId == null && Stateless.version(message) != null) {
        String mismatch = headersMismatch(request, message);
        if (mismatch != null) {
          return answer(
              response, callback, 400, Response.errorWithoutId(HEADER_MISMATCH, mismatch));
        }
        session =
            new HttpSession("stateless-" + stateless.incrementAndGet(), url.toString(), s -> {});
        session.endsWithItsAnswer();
        sessions.opened(session);
      } else if (sessionId == null) {
        if (!(message instanceof Request r && r.method().equals("initialize"))) {
          return refuse(
              response,
              callback,
              400,
              "Bad Request: no "
                  + SESSION_HEADER
                  + " header; a session starts with initialize, and a stateless request"
                  + " (protocol "
                  + Stateless.VERSION
                  + ") says so in its params._meta");
        }
        session =
            new HttpSession(UUID.randomUUID().toString(), url.toString(), s -> open.remove(s.id()));
        open.put(session.id(), session);
        sessions.opened(session);
      } else {
        session = open.get(sessionId);
        if (session == null) {
          return refuse(response, callback, 404, "Not Found: Session not found");
        }
        String version = request.getHeaders().get(VERSION_HEADER);
        if (version != null && !KNOWN_VERSIONS.contains(version)) {
          return refuse(
              response,
              callback,
              400,
              "Bad Request: unsupported "
                  + VERSION_HEADER
                  + " "
                  + version
                  + " (supported: "
                  + String.join(", ", KNOWN_VERSIONS)
                  + ")");
        }
      }
      if (message instanceof Request r) {
        boolean stateless = session.id().startsWith("stateless-");
        boolean opened = sessionId == null && !stateless;
        if (stateless) { // its stream closed by the client is its cancellation
          HttpSession exchange = session;
          request.addFailureListener(failure -> exchange.abandoned(r));
        }
        session.request(r, new HttpStream(response, callback, json, opened ? session.id() : null));
      } else {
        session.accept(message);
        response.setStatus(202);
        callback.succeeded();
        if (session.id().startsWith("stateless-")) {
          session.close("a stateless notification needs no answer");
        }
      }
      return true;
    }

    private boolean get(
        org.eclipse.jetty.server.Request request,
        org.eclipse.jetty.server.Response response,
        Callback callback) {
      if (!accepts(accept(request), "text/event-stream")) {
        return refuse(response, callback, 406, "Not Acceptable: GET opens a text/event-stream");
      }
      HttpSession session = session(request, response, callback);
      if (session != null) {
        session.listen(
            new HttpStream(response, callback, false, null),
            request.getHeaders().get("Last-Event-ID"));
      }
      return true;
    }

    private boolean delete(
        org.eclipse.jetty.server.Request request,
        org.eclipse.jetty.server.Response response,
        Callback callback) {
      HttpSession session = session(request, response, callback);
      if (session != null) {
        session.close("the client ended the session (DELETE)");
        response.setStatus(200);
        callback.succeeded();
      }
      return true;
    }

    /** The request's session; null when it was refused (and answered). */
    private HttpSession session(
        org.eclipse.jetty.server.Request request,
        org.eclipse.jetty.server.Response response,
        Callback callback) {
      String id = request.getHeaders().get(SESSION_HEADER);
      if (id == null) {
        refuse(response, callback, 400, "Bad Request: no " + SESSION_HEADER + " header");
        return null;
      }
      HttpSession session = open.get(id);
      if (session == null) {
        refuse(response, callback, 404, "Not Found: Session not found");
      }
      return session;
    }

    private boolean invalid(
        org.eclipse.jetty.server.Response response,
        Callback callback,
        String body,
        MalformedMessageException e) {
      JsonNode json;
      try {
        json = JsonRpcMessage.MAPPER.readTree(body);
      } catch (Exception notJson) {
        return answer(
            response,
            callback,
            400,
            Response.errorWithoutId(
                Response.PARSE_ERROR, "wassette-tape: parse error: " + e.getMessage()));
      }
      if (json != null && json.isArray()) {
        return refuse(
            response,
            callback,
            400,
            "Bad Request: JSON-RPC batches are not part of MCP over Streamable HTTP since"
                + " 2025-06-18; POST one message at a time");
      }
      JsonNode id = json == null ? null : json.get("id");
      String message = "wassette-tape: invalid JSON-RPC message: " + e.getMessage();
      return answer(
          response,
          callback,
          400,
          id != null && (id.isTextual() || id.isIntegralNumber())
              ? Response.error(new Id(id), Response.INVALID_REQUEST, message, null)
              : Response.errorWithoutId(Response.INVALID_REQUEST, message));
    }
  }

  /** Why a request comes from outside what we serve (Host, Origin); null when it does not. */
  private String foreign(org.eclipse.jetty.server.Request request) {
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host != null && !allowed(URI.create("http://" + host).getHost())) {
      return "Host " + host + " is not a loopback name (allow it with --allowed-host)";
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !origin.equals("null")) {
      String originHost;
      try {
        originHost = URI.create(origin).getHost();
      } catch (IllegalArgumentException e) {
        originHost = null;
      }
      if (originHost == null || !allowed(originHost)) {
        return "Origin " + origin + " is not a loopback origin (allow it with --allowed-host)";
      }
    }
    return null;
  }

  private boolean allowed(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return LOOPBACK.contains(h) || allowedHosts.contains(h);
  }

  private static String accept(org.eclipse.jetty.server.Request request) {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    return accept == null ? "*/*" : accept.toLowerCase(Locale.ROOT);
  }

  private static boolean accepts(String accept, String type) {
    return accept.contains(type) || accept.contains("*/*");
  }

  private static boolean refuse(
      org.eclipse.jetty.server.Response response, Callback callback, int status, String why) {
    return answer(response, callback, status, Response.errorWithoutId(-32000, why));
  }

  private static boolean answer(
      org.eclipse.jetty.server.Response response, Callback callback, int status, Response body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(
        true, java.nio.ByteBuffer.wrap(body.toLine().getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}

package dev.wassettetape.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.MalformedMessageException;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.jsonrpc.Stateless;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;

/**
 * Where an HTTP request to the {@link HttpEndpoint} enters: checked as the MCP transport spec asks
 * (path, {@code Host} and {@code Origin}, method, media types, session and protocol headers) and
 * refused with the status it names and a JSON-RPC error saying why, or handed to its {@link
 * HttpSession}: a POSTed message, a GET stream, a DELETE.
 */
final class HttpRouter extends Handler.Abstract {

  private static final int MAX_BODY_BYTES = LineReader.DEFAULT_MAX_LINE_BYTES;

  private final HttpEndpoint endpoint;

  HttpRouter(HttpEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public boolean handle(
      org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response,
      Callback callback) {
    // The body is read first, whatever the answer: a refusal that left it unread would make
    // Jetty close the connection under a client about to reuse it.
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
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      return refuse(
          response, callback, 413, "Content Too Large: at most " + MAX_BODY_BYTES + " bytes");
    }
    HttpURI uri = request.getHttpURI();
    if (!HttpEndpoint.PATH.equals(uri.getPath())) {
      return refuse(response, callback, 404, "Not Found: the MCP endpoint is " + HttpEndpoint.PATH);
    }
    String refused = HttpChecks.foreign(request, endpoint.allowedHosts);
    if (refused != null) {
      return refuse(response, callback, 403, "Forbidden: " + refused);
    }
    return switch (request.getMethod()) {
      case "POST" -> post(request, body, response, callback);
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
      String body,
      org.eclipse.jetty.server.Response response,
      Callback callback) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return refuse(response, callback, 415, "Unsupported Media Type: POST application/json");
    }
    String accept = HttpChecks.accept(request);
    boolean json = HttpChecks.accepts(accept, "application/json");
    if (!json && !HttpChecks.accepts(accept, "text/event-stream")) {
      return refuse(
          response,
          callback,
          406,
          "Not Acceptable: the client must accept application/json and text/event-stream");
    }
    JsonRpcMessage message;
    try {
      message = JsonRpcMessage.parse(body);
    } catch (MalformedMessageException e) {
      return invalid(response, callback, body, e);
    }
    String sessionId = request.getHeaders().get(HttpEndpoint.SESSION_HEADER);
    HttpSession session;
    if (sessionId == null && Stateless.version(message) != null) {
      String mismatch = HttpChecks.headersMismatch(request, message);
      if (mismatch != null) {
        return answer(
            response,
            callback,
            400,
            Response.errorWithoutId(HttpEndpoint.HEADER_MISMATCH, mismatch));
      }
      session =
          new HttpSession(
              "stateless-" + endpoint.stateless.incrementAndGet(),
              endpoint.url().toString(),
              s -> {});
      session.endsWithItsAnswer();
      if (!opened(session, message, response, callback)) {
        return true;
      }
    } else if (sessionId == null) {
      if (!(message instanceof Request r && r.method().equals("initialize"))) {
        return refuse(
            response,
            callback,
            400,
            "Bad Request: no "
                + HttpEndpoint.SESSION_HEADER
                + " header; a session starts with initialize, and a stateless request"
                + " (protocol "
                + Stateless.VERSION
                + ") says so in its params._meta");
      }
      session =
          new HttpSession(
              UUID.randomUUID().toString(),
              endpoint.url().toString(),
              s -> endpoint.open.remove(s.id()));
      endpoint.open.put(session.id(), session);
      if (!opened(session, message, response, callback)) {
        return true;
      }
    } else {
      session = endpoint.open.get(sessionId);
      if (session == null) {
        return refuse(response, callback, 404, "Not Found: Session not found");
      }
      String version = request.getHeaders().get(HttpEndpoint.VERSION_HEADER);
      if (version != null && !HttpEndpoint.KNOWN_VERSIONS.contains(version)) {
        return refuse(
            response,
            callback,
            400,
            "Bad Request: unsupported "
                + HttpEndpoint.VERSION_HEADER
                + " "
                + version
                + " (supported: "
                + String.join(", ", HttpEndpoint.KNOWN_VERSIONS)
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
      session.request(
          r,
          new HttpStream(response, callback, json, opened ? session.id() : null),
          HttpChecks.forwardable(request));
    } else {
      session.accept(message, HttpChecks.forwardable(request));
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
    if (!HttpChecks.accepts(HttpChecks.accept(request), "text/event-stream")) {
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

  /**
   * Hands a new session to whatever serves it; when that fails (a live server that cannot start),
   * the request that opened it is answered with a JSON-RPC error saying why, and there is no
   * session.
   *
   * @return whether the session is open
   */
  private boolean opened(
      HttpSession session,
      JsonRpcMessage first,
      org.eclipse.jetty.server.Response response,
      Callback callback) {
    try {
      endpoint.sessions.opened(session);
      return true;
    } catch (RuntimeException e) {
      endpoint.open.remove(session.id());
      String why = "wassette-tape: no MCP session: " + e.getMessage();
      answer(
          response,
          callback,
          500,
          first instanceof Request r
              ? Response.error(r.id(), -32000, why, null)
              : Response.errorWithoutId(-32000, why));
      return false;
    }
  }

  /** The request's session; null when it was refused (and answered). */
  private HttpSession session(
      org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response,
      Callback callback) {
    String id = request.getHeaders().get(HttpEndpoint.SESSION_HEADER);
    if (id == null) {
      refuse(response, callback, 400, "Bad Request: no " + HttpEndpoint.SESSION_HEADER + " header");
      return null;
    }
    HttpSession session = endpoint.open.get(id);
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
      json = Json.parse(body);
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

  private static boolean refuse(
      org.eclipse.jetty.server.Response response, Callback callback, int status, String why) {
    return answer(response, callback, status, Response.errorWithoutId(-32000, why));
  }

  private static boolean answer(
      org.eclipse.jetty.server.Response response, Callback callback, int status, Response body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body.toLine().getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}

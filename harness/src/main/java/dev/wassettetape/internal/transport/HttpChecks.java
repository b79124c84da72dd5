package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Stateless;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;

/**
 * What the {@link HttpRouter} checks of a request's headers before it serves it: where it comes
 * from ({@code Host}, {@code Origin}: loopback, or named as allowed), what it accepts, and whether
 * a stateless request's {@code Mcp-Method} / {@code Mcp-Name} / protocol headers mirror its body.
 */
final class HttpChecks {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private HttpChecks() {}

  /**
   * Why a stateless request's {@code Mcp-Method} / {@code Mcp-Name} / {@value
   * HttpEndpoint#VERSION_HEADER} headers do not mirror its body; null when they do.
   */
  static String headersMismatch(org.eclipse.jetty.server.Request request, JsonRpcMessage message) {
    String method =
        message instanceof Request r
            ? r.method()
            : message instanceof Notification n ? n.method() : null;
    String header = request.getHeaders().get(HttpEndpoint.METHOD_HEADER);
    if (method != null && header == null) {
      return "missing required " + HttpEndpoint.METHOD_HEADER + " header";
    }
    if (method != null && !method.equals(header)) {
      return HttpEndpoint.METHOD_HEADER
          + " header `"
          + header
          + "` does not match body value `"
          + method
          + "`";
    }
    String name = message instanceof Request r ? Stateless.name(r) : null;
    String nameHeader = request.getHeaders().get(HttpEndpoint.NAME_HEADER);
    if (name != null && !name.equals(nameHeader)) {
      return nameHeader == null
          ? "missing required " + HttpEndpoint.NAME_HEADER + " header"
          : HttpEndpoint.NAME_HEADER
              + " header `"
              + nameHeader
              + "` does not match body value `"
              + name
              + "`";
    }
    String version = request.getHeaders().get(HttpEndpoint.VERSION_HEADER);
    if (version != null && !version.equals(Stateless.version(message))) {
      return HttpEndpoint.VERSION_HEADER
          + " header `"
          + version
          + "` does not match the request's _meta";
    }
    return null;
  }

  /** Why a request comes from outside what we serve (Host, Origin); null when it does not. */
  static String foreign(org.eclipse.jetty.server.Request request, Set<String> allowedHosts) {
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host != null && !allowed(URI.create("http://" + host).getHost(), allowedHosts)) {
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
      if (originHost == null || !allowed(originHost, allowedHosts)) {
        return "Origin " + origin + " is not a loopback origin (allow it with --allowed-host)";
      }
    }
    return null;
  }

  private static boolean allowed(String host, Set<String> allowedHosts) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return LOOPBACK.contains(h) || allowedHosts.contains(h);
  }

  static String accept(org.eclipse.jetty.server.Request request) {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    return accept == null ? "*/*" : accept.toLowerCase(Locale.ROOT);
  }

  static boolean accepts(String accept, String type) {
    return accept.contains(type) || accept.contains("*/*");
  }

  /** Headers about HTTP or MCP's own transport: never passed on with a message. */
  private static final java.util.Set<String> TRANSPORT_HEADERS =
      java.util.Set.of(
          "host",
          "content-type",
          "content-length",
          "accept",
          "accept-encoding",
          "connection",
          "keep-alive",
          "transfer-encoding",
          "upgrade",
          "http2-settings",
          "expect",
          "te",
          "origin",
          "user-agent",
          "last-event-id",
          "mcp-session-id",
          "mcp-protocol-version",
          "mcp-method",
          "mcp-name");

  /**
   * The headers of a client's POST that belong to the message, not to the transport ({@code
   * Authorization}, cookies, custom ones), names in lower case: what an interceptor sees and an
   * HTTP server is sent.
   */
  static java.util.Map<String, java.util.List<String>> forwardable(
      org.eclipse.jetty.server.Request request) {
    java.util.Map<String, java.util.List<String>> headers = new java.util.TreeMap<>();
    for (org.eclipse.jetty.http.HttpField field : request.getHeaders()) {
      String name = field.getName().toLowerCase(java.util.Locale.ROOT);
      if (!TRANSPORT_HEADERS.contains(name)) {
        headers.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(field.getValue());
      }
    }
    return headers.isEmpty() ? java.util.Map.of() : java.util.Map.copyOf(headers);
  }

  /** Whether a header may be sent on to a server (the forwardable ones). */
  static boolean forwardable(String name) {
    return !TRANSPORT_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT));
  }
}

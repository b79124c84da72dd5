package dev.wassettetape.internal.cli;

import dev.wassettetape.internal.proxy.Connection;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.transport.HttpEndpoint;
import dev.wassettetape.internal.transport.StreamTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * Where the outside MCP clients of {@code record} and {@code replay} come from: our own
 * stdin/stdout (one client; its session ends at the end of input), or with {@code --http} a
 * Streamable HTTP endpoint (any number of client sessions, one after the other or at once, all in
 * the same chapter; the run ends on SIGTERM or Ctrl-C, or when the server behind it is gone).
 */
final class ClientSide {

  @Option(
      names = "--http",
      paramLabel = "[HOST:]PORT",
      description =
          "Serve MCP over Streamable HTTP at http://HOST:PORT/mcp instead of stdio (HOST defaults"
              + " to 127.0.0.1; PORT 0 picks a free one; the URL is printed on stderr). Ends on"
              + " SIGTERM or Ctrl-C.")
  String http;

  @Option(
      names = "--allowed-host",
      paramLabel = "NAME",
      description =
          "A host name accepted in the Host and Origin headers besides loopback ones"
              + " (repeatable); any other gets 403, against DNS rebinding.")
  List<String> allowedHosts = new ArrayList<>();

  private StreamTransport stdio;
  private HttpEndpoint endpoint;
  private final CountDownLatch ended = new CountDownLatch(1);

  boolean overHttp() {
    return http != null;
  }

  /** Runs the command until its clients are done; SIGTERM ends the input the same way. */
  int untilEnd(Callable<Integer> command) throws Exception {
    if (overHttp()) {
      return Stdio.untilEnd(ended::countDown, command);
    }
    stdio = Stdio.clientTransport();
    return Stdio.untilEnd(stdio::close, command);
  }

  /** Tells the client why there is no session (stdio: in the answer to its first request). */
  void refuse(String why) throws InterruptedException {
    if (!overHttp()) {
      Stdio.refuse(stdio, why);
    }
  }

  /**
   * Serves the clients through the proxy, each in {@code chapter}, until they are done.
   *
   * @param command the command's name, for what it prints
   * @return why the session ended
   */
  String serve(McpProxy proxy, String chapter, String command) throws InterruptedException {
    if (!overHttp()) {
      Connection connection = proxy.connect(stdio, chapter);
      connection.awaitDisconnected(Duration.ofDays(1));
      return connection.reason();
    }
    endpoint =
        HttpEndpoint.start(
            address(http), Set.copyOf(allowedHosts), session -> proxy.connect(session, chapter));
    System.err.println(
        "wassette-tape "
            + command
            + ": serving MCP at "
            + endpoint.url()
            + " (SIGTERM or Ctrl-C ends it)");
    String why = "ended by SIGTERM or Ctrl-C";
    while (!ended.await(200, TimeUnit.MILLISECONDS)) {
      if (proxy.serverLost() != null) {
        why = "the server went away: " + proxy.serverLost();
        break;
      }
    }
    endpoint.close("wassette-tape " + command + " " + why);
    return why;
  }

  /** {@code [HOST:]PORT} as a socket address; HOST defaults to 127.0.0.1. */
  static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon);
    if (host.isEmpty()) {
      host = "127.0.0.1";
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--http " + text + ": expected [HOST:]PORT, e.g. 127.0.0.1:8080 or 0 for a free port");
    }
  }
}

package dev.wassettetape.session;

import dev.wassettetape.internal.proxy.Connection;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.replay.TapeServer;
import dev.wassettetape.internal.transport.HttpEndpoint;
import dev.wassettetape.internal.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * Where a chapter's clients come in: their connections to a proxy, which is either the chapter's
 * own in front of a {@link TapeServer} (replayed) or the session's live one; optionally an HTTP
 * endpoint whose every client session connects here too.
 */
final class ClientFront {

  private volatile String chapter;
  private final TapeServer replay; // null when live
  private final McpProxy proxy; // the replay's; null when live
  private final BiFunction<Transport, String, Connection> live;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private volatile HttpEndpoint endpoint;

  private ClientFront(
      String chapter,
      TapeServer replay,
      McpProxy proxy,
      BiFunction<Transport, String, Connection> live) {
    this.chapter = chapter;
    this.replay = replay;
    this.proxy = proxy;
    this.live = live;
  }

  /** A front of a replayed chapter: the proxy in front of its replayer. */
  static ClientFront replayed(String chapter, TapeServer replay, McpProxy proxy) {
    return new ClientFront(chapter, replay, proxy, null);
  }

  /** A front of a live chapter: clients connect to the session's live proxy. */
  static ClientFront live(String chapter, BiFunction<Transport, String, Connection> live) {
    return new ClientFront(chapter, null, null, live);
  }

  /** Connects a client (an in-memory pipe's end, or an HTTP session of the endpoint). */
  Connection connect(Transport client) {
    Connection connection =
        proxy != null ? proxy.connect(client, chapter) : live.apply(client, chapter);
    connections.add(connection);
    return connection;
  }

  /**
   * Waits until every client of the front has been quiet for {@code quiet} (nothing to it, nothing
   * from it), or {@code atMost} passed.
   */
  void settle(java.time.Duration quiet, java.time.Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    try {
      while (System.nanoTime() < deadline
          && connections.stream().anyMatch(c -> c.quietFor().compareTo(quiet) < 0)) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The front's Streamable HTTP endpoint on a free loopback port, started on first use. */
  synchronized URI endpoint() {
    if (endpoint == null) {
      endpoint =
          HttpEndpoint.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Set.of(), this::connect);
    }
    return endpoint.url();
  }

  /** The replayer, when replayed; null when live. */
  TapeServer replay() {
    return replay;
  }

  /** Files the front's later traffic under another chapter. */
  void moveTo(String chapter) {
    this.chapter = chapter;
    connections.forEach(c -> c.moveTo(chapter));
    if (replay != null) {
      replay.moveTo(chapter);
    }
  }

  /** Ends the endpoint's sessions and the replay's proxy. */
  void close() {
    HttpEndpoint e = endpoint;
    if (e != null) {
      e.close("the test ended");
    }
    if (proxy != null) {
      proxy.close();
    }
  }
}

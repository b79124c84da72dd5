package dev.wassettetape.session;

import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.internal.proxy.Connection;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.proxy.Recorder;
import dev.wassettetape.internal.proxy.RedactingTransport;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.internal.verify.Verifier;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The live half of a session: one server, started when the first live chapter needs it, behind one
 * proxy whose recorder (none in passthrough) files every chapter's traffic. A server that failed to
 * start is not tried again: every later test would fail the same way. Guarded by the session.
 */
final class LiveSide implements AutoCloseable {

  private final Supplier<LiveServer> start; // null: the session never goes live
  private final Secrets secrets;
  private final List<Interceptor> interceptors;
  private final Duration timeout;
  private LiveServer server;
  private final Recorder recorder;
  private McpProxy proxy;
  private RuntimeException failure;

  LiveSide(
      Supplier<LiveServer> start,
      boolean recording,
      Secrets secrets,
      Function<Recorder, List<Interceptor>> interceptors,
      Duration timeout) {
    this.start = start;
    this.secrets = secrets;
    this.recorder = recording ? new Recorder(secrets) : null;
    this.interceptors = interceptors.apply(recorder);
    this.timeout = timeout;
  }

  /** Connects a chapter's client, starting the server first if it is not running yet. */
  synchronized Connection connect(Transport client, String chapter) {
    if (failure != null) {
      throw failure;
    }
    if (server == null) {
      if (start == null) {
        throw new IllegalStateException("this session has no live server to go live with");
      }
      try {
        server = start.get();
      } catch (RuntimeException e) {
        failure = secrets.redact(e); // a server's stderr may quote what it was given
        throw failure;
      }
      proxy =
          new McpProxy(RedactingTransport.of(server.transport(), secrets), interceptors, timeout)
              .start();
    }
    return proxy.connect(client, chapter);
  }

  /** Lets server traffic that trails the last response arrive (see {@link McpProxy#awaitQuiet}). */
  void awaitQuiet() {
    if (proxy != null) {
      proxy.awaitQuiet(Verifier.QUIET, Verifier.QUIET_AT_MOST);
    }
  }

  /** Why the live server went away before the session ended; null when it did not. */
  String lost() {
    return proxy == null ? null : proxy.serverLost();
  }

  /** Lines the live server wrote that were no MCP messages (redacted), in order. */
  List<ProtocolProblem> problems() {
    return proxy == null ? List.of() : proxy.problems();
  }

  /** Whether a client initialised the live session, so that there is something recorded. */
  boolean recorded() {
    return recorder != null && recorder.hasHandshake();
  }

  /** What a chapter's clients did (redacted), as recorded at the given time. */
  Chapter chapter(String key, Instant at) {
    return recorder == null ? new Chapter(at, List.of()) : recorder.chapter(key, at);
  }

  Handshake handshake() {
    return recorder.handshake();
  }

  /** The server's provenance now, listing the secrets redacted. */
  Provenance provenance() {
    return server.provenance().withRedacted(secrets.names());
  }

  @Override
  public void close() {
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
    if (recorder != null) {
      recorder.close();
    }
  }
}

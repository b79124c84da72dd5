package dev.wassettetape.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpException;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.jsonrpc.Stateless;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.proxy.Recorder;
import dev.wassettetape.internal.proxy.RedactingTransport;
import dev.wassettetape.internal.transport.InMemoryTransport;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays a tape's requests against a live server when no test does (the CLI's verify): chapter by
 * chapter, each through a client of its own sharing one session, through the recording proxy.
 * Server-to-client requests are answered as the tape says the client answered them, from the events
 * of the interaction being played; a cancelled request is sent and cancelled.
 */
public final class TapeDriver {

  private final Secrets secrets;
  private final Duration timeout;
  private volatile String serverLost;

  public TapeDriver(Secrets secrets, Duration timeout) {
    this.secrets = secrets;
    this.timeout = timeout;
  }

  /**
   * Plays the golden tape's chapters against the live server, one client per chapter sharing one
   * session, and returns what it answered, as a (redacted) tape with the same chapters.
   */
  public Tape drive(
      Tape golden, Transport server, List<Interceptor> interceptors, Provenance provenance) {
    Recorder recorder = new Recorder(secrets);
    List<Interceptor> all = new ArrayList<>(interceptors);
    all.add(recorder); // innermost: what the server said
    McpProxy proxy = new McpProxy(RedactingTransport.of(server, secrets), all, timeout).start();
    // a tape without chapters still has a handshake to verify
    Set<String> keys = new LinkedHashSet<>(golden.chapters().keySet());
    try {
      for (String key : keys.isEmpty() ? List.of("(handshake)") : keys) {
        if (!play(golden, key, proxy)) {
          break; // the session is over; what was recorded so far is compared
        }
      }
      proxy.awaitQuiet(
          Verifier.QUIET, Verifier.QUIET_AT_MOST); // notifications that trail the last response
      serverLost = proxy.serverLost();
    } finally {
      proxy.close();
    }
    try (recorder) {
      Map<String, Chapter> chapters = new LinkedHashMap<>();
      keys.forEach(key -> chapters.put(key, recorder.chapter(key, provenance.at())));
      return new Tape(
          golden.name(), provenance.withRedacted(secrets.names()), recorder.handshake(), chapters);
    }
  }

  /**
   * Why the live server went away during {@link #drive} (its exit status and stderr tail,
   * redacted), or null when it lived to the end.
   */
  public String serverLost() {
    return serverLost;
  }

  /** One chapter's requests through its own client; false when the session ended. */
  private boolean play(Tape golden, String key, McpProxy proxy) {
    InMemoryTransport[] pipe = InMemoryTransport.pair("verify " + key, "proxy " + key);
    proxy.connect(pipe[1], key);
    List<Interaction> interactions =
        golden.chapter(key).map(Chapter::interactions).orElse(List.of());
    // a server request is answered as the client answered it on the tape, in order: from the
    // events of the interaction being played, else from the session's (the handshake's: where
    // requests about the session, such as roots/list, are taped)
    Map<String, Deque<Outcome>> session = tapedAnswers(golden.handshake().events());
    AtomicReference<Map<String, Deque<Outcome>>> current = new AtomicReference<>(Map.of());
    try (McpClient driver = new McpClient(pipe[0], timeout)) {
      driver.onServerRequest(
          request -> {
            Deque<Outcome> taped = current.get().get(request.method());
            if (taped == null || taped.isEmpty()) {
              taped = session.get(request.method());
            }
            return taped == null || taped.isEmpty()
                ? Response.error(
                    request.id(),
                    Response.METHOD_NOT_FOUND,
                    "not on the tape: " + request.method(),
                    null)
                : taped.removeFirst().toResponse(request.id());
          });
      // the taped requests as they were: a stateless session's carry their _meta, so they stay so
      driver.request(golden.handshake().method(), secrets.reveal(golden.handshake().request()));
      if (!golden.handshake().stateless()) {
        driver.notify("notifications/initialized", null);
      }
      JsonNode statelessCapabilities =
          golden.handshake().stateless()
              ? golden.handshake().request().path("_meta").path(Stateless.CAPABILITIES_KEY)
              : null;
      for (Interaction i : interactions) {
        current.set(tapedAnswers(i.events()));
        JsonNode params = secrets.reveal(i.params());
        if (statelessCapabilities != null) { // each request says again what the handshake said
          params = Stateless.withMeta(params, statelessCapabilities);
        }
        if (i.notification()) {
          driver.notify(i.method(), params);
        } else if (i.isCancelled()) {
          driver.cancel(driver.start(i.method(), params), i.cancelled());
        } else {
          driver.request(i.method(), params);
        }
      }
      return true;
    } catch (McpException e) {
      return false;
    }
  }

  /** The client's taped answers to server requests, by method, in the order they were given. */
  private static Map<String, Deque<Outcome>> tapedAnswers(List<Event> events) {
    Map<String, Deque<Outcome>> answers = new HashMap<>();
    for (Event e : events) {
      if (e.isRequest() && e.answer() != null) {
        answers.computeIfAbsent(e.method(), m -> new ArrayDeque<>()).addLast(e.answer());
      }
    }
    return answers;
  }
}

package dev.wassettetape.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpException;
import dev.wassettetape.diff.Difference;
import dev.wassettetape.diff.JsonDiff;
import dev.wassettetape.diff.ToolSurfaceDiff;
import dev.wassettetape.jsonrpc.Response;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.proxy.Interceptor;
import dev.wassettetape.proxy.McpProxy;
import dev.wassettetape.proxy.Recorder;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.transport.InMemoryTransport;
import dev.wassettetape.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a live server is diffed against a tape: it drives the tape's requests, in order, through
 * the recording proxy to the live server, then compares every exchange after normalisation.
 * Server-to-client requests are answered as the tape says the client answered them.
 */
public final class Verifier {

  private final Normalizer normalizer;
  private final Secrets secrets;
  private final Duration timeout;

  public Verifier(Normalizer normalizer, Secrets secrets, Duration timeout) {
    this.normalizer = normalizer;
    this.secrets = secrets;
    this.timeout = timeout;
  }

  /**
   * Plays the golden tape's requests against the live server and returns what it answered, as a
   * (redacted) tape.
   */
  public Tape drive(
      Tape golden, Transport server, List<Interceptor> interceptors, Provenance provenance) {
    InMemoryTransport[] pipe = InMemoryTransport.pair("verify-driver", "proxy-client-side");
    Recorder recorder = new Recorder();
    List<Interceptor> all = new ArrayList<>(interceptors);
    all.add(0, recorder);
    McpProxy proxy = new McpProxy(pipe[1], server, all, timeout).start();
    try (McpClient driver = new McpClient(pipe[0], timeout)) {
      driver.onServerRequest(
          request -> {
            for (Event e : allEvents(golden)) {
              if (e.isRequest() && e.method().equals(request.method()) && e.answer() != null) {
                return e.answer().toResponse(request.id());
              }
            }
            return Response.error(
                request.id(),
                Response.METHOD_NOT_FOUND,
                "not on the tape: " + request.method(),
                null);
          });
      driver.request("initialize", secrets.reveal(golden.handshake().request()));
      driver.notify("notifications/initialized", null);
      for (Interaction i : golden.interactions()) {
        JsonNode params = secrets.reveal(i.params());
        if (i.notification()) {
          driver.notify(i.method(), params);
        } else {
          try {
            driver.request(i.method(), params);
          } catch (McpException e) {
            break; // the session is over; what was recorded so far is compared
          }
        }
      }
      settle();
    } finally {
      proxy.close();
    }
    return secrets.redact(recorder.tape(golden.name(), provenance));
  }

  /** Lets notifications that trail the last response arrive before the proxy closes. */
  private static void settle() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Event> allEvents(Tape tape) {
    List<Event> events = new ArrayList<>(tape.handshake().events());
    tape.interactions().forEach(i -> events.addAll(i.events()));
    return events;
  }

  /** Compares two tapes exchange by exchange, after normalisation. */
  public VerifyReport compare(Tape golden, Path goldenFile, Tape received, Path receivedFile) {
    List<JsonNode> expected = normalizer.exchanges(golden);
    List<JsonNode> actual = normalizer.exchanges(received);
    List<VerifyReport.Entry> entries = new ArrayList<>();
    int n = Math.max(expected.size(), actual.size());
    for (int k = 0; k < n; k++) {
      String where =
          k == 0 ? "handshake" : "interaction #" + k + " " + label(golden, received, k - 1);
      JsonNode e = k < expected.size() ? expected.get(k) : null;
      JsonNode a = k < actual.size() ? actual.get(k) : null;
      if (e == null || a == null) {
        entries.add(
            new VerifyReport.Entry(
                where
                    + (e == null
                        ? " (in the live session, not on the tape)"
                        : " (on the tape, missing from the live session)"),
                List.of(new Difference("", e, a)),
                null));
        continue;
      }
      ToolSurfaceDiff tools = null;
      if ("tools/list".equals(e.path("request").path("method").asText())) {
        tools = ToolSurfaceDiff.of(e.at("/response/result/tools"), a.at("/response/result/tools"));
        e = withoutTools(e);
        a = withoutTools(a);
      }
      List<Difference> differences = JsonDiff.diff(e, a);
      if (!differences.isEmpty() || (tools != null && !tools.isEmpty())) {
        entries.add(
            new VerifyReport.Entry(
                where, differences, tools != null && !tools.isEmpty() ? tools : null));
      }
    }
    return new VerifyReport(goldenFile, receivedFile, entries, expected, actual);
  }

  /** The tool surface is compared by {@link ToolSurfaceDiff}, not path by path. */
  private static JsonNode withoutTools(JsonNode exchange) {
    JsonNode copy = exchange.deepCopy();
    if (copy.at("/response/result") instanceof ObjectNode result) {
      result.remove("tools");
    }
    return copy;
  }

  /** Verifies, writing the live session beside the golden tape as {@code <tape>.received.json}. */
  public VerifyReport verify(
      Path goldenFile, Transport server, List<Interceptor> interceptors, Provenance provenance) {
    Tape golden = TapeFile.read(goldenFile);
    Tape received = drive(golden, server, interceptors, provenance);
    Path receivedFile = receivedPath(goldenFile);
    TapeFile.write(receivedFile, received);
    return compare(golden, goldenFile, received, receivedFile);
  }

  /** {@code weather.json} → {@code weather.received.json}, beside it. */
  public static Path receivedPath(Path tape) {
    String name = tape.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return tape.resolveSibling(base + ".received.json");
  }

  private static String label(Tape golden, Tape received, int index) {
    Tape t = index < golden.interactions().size() ? golden : received;
    return t.interactions().get(index).label();
  }
}

package dev.wassettetape.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.transport.InMemoryTransport;
import dev.wassettetape.transport.Transport;
import java.nio.file.Path;
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

/**
 * Where a live server is diffed against a tape: chapter by chapter, every exchange after
 * normalisation. When no test drives the session (the CLI), it drives it: each chapter's requests,
 * in order, through the recording proxy to the live server, with server-to-client requests answered
 * as the tape says the client answered them.
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
   * Plays the golden tape's chapters against the live server, one client per chapter sharing one
   * session, and returns what it answered, as a (redacted) tape with the same chapters.
   */
  public Tape drive(
      Tape golden, Transport server, List<Interceptor> interceptors, Provenance provenance) {
    Recorder recorder = new Recorder(secrets);
    List<Interceptor> all = new ArrayList<>(interceptors);
    all.add(0, recorder);
    McpProxy proxy = new McpProxy(server, all, timeout).start();
    // a tape without chapters still has a handshake to verify
    Set<String> keys = new LinkedHashSet<>(golden.chapters().keySet());
    try {
      for (String key : keys.isEmpty() ? List.of("(handshake)") : keys) {
        if (!play(golden, key, proxy)) {
          break; // the session is over; what was recorded so far is compared
        }
      }
      settle();
    } finally {
      proxy.close();
    }
    Map<String, Chapter> chapters = new LinkedHashMap<>();
    keys.forEach(key -> chapters.put(key, recorder.chapter(key, provenance.at())));
    return new Tape(
        golden.name(), provenance.withRedacted(secrets.names()), recorder.handshake(), chapters);
  }

  /** One chapter's requests through its own client; false when the session ended. */
  private boolean play(Tape golden, String key, McpProxy proxy) {
    InMemoryTransport[] pipe = InMemoryTransport.pair("verify " + key, "proxy " + key);
    proxy.connect(pipe[1], key);
    List<Interaction> interactions =
        golden.chapter(key).map(Chapter::interactions).orElse(List.of());
    Map<String, Deque<Outcome>> answers = tapedAnswers(golden.handshake(), interactions);
    try (McpClient driver = new McpClient(pipe[0], timeout)) {
      driver.onServerRequest(
          request -> {
            Deque<Outcome> taped = answers.get(request.method());
            return taped == null || taped.isEmpty()
                ? Response.error(
                    request.id(),
                    Response.METHOD_NOT_FOUND,
                    "not on the tape: " + request.method(),
                    null)
                : taped.removeFirst().toResponse(request.id());
          });
      driver.request("initialize", secrets.reveal(golden.handshake().request()));
      driver.notify("notifications/initialized", null);
      for (Interaction i : interactions) {
        JsonNode params = secrets.reveal(i.params());
        if (i.notification()) {
          driver.notify(i.method(), params);
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
  private static Map<String, Deque<Outcome>> tapedAnswers(
      Handshake handshake, List<Interaction> interactions) {
    List<Event> events = new ArrayList<>(handshake.events());
    interactions.forEach(i -> events.addAll(i.events()));
    Map<String, Deque<Outcome>> answers = new HashMap<>();
    for (Event e : events) {
      if (e.isRequest() && e.answer() != null) {
        answers.computeIfAbsent(e.method(), m -> new ArrayDeque<>()).addLast(e.answer());
      }
    }
    return answers;
  }

  /** Lets notifications that trail the last response arrive before the proxy closes. */
  private static void settle() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Compares two whole tapes: the handshake, then chapter by chapter. */
  public VerifyReport compare(Tape golden, Path goldenFile, Tape received, Path receivedFile) {
    JsonNode expectedHandshake = normalizer.handshake(golden.handshake());
    JsonNode actualHandshake = normalizer.handshake(received.handshake());
    List<VerifyReport.Entry> entries = new ArrayList<>();
    exchange("handshake", expectedHandshake, actualHandshake, entries);
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    ObjectNode actual = JsonNodeFactory.instance.objectNode();
    expected.set("handshake", expectedHandshake);
    actual.set("handshake", actualHandshake);
    ObjectNode expectedChapters = expected.putObject("chapters");
    ObjectNode actualChapters = actual.putObject("chapters");
    Set<String> keys = new LinkedHashSet<>(golden.chapters().keySet());
    keys.addAll(received.chapters().keySet());
    int compared = 0;
    for (String key : keys) {
      Chapter g = golden.chapters().get(key);
      Chapter r = received.chapters().get(key);
      if (g == null || r == null) {
        entries.add(
            new VerifyReport.Entry(
                "chapter '"
                    + key
                    + "'"
                    + (g == null
                        ? " (in the live session, not on the tape)"
                        : " (on the tape, missing from the live session)"),
                List.of(),
                null));
        continue;
      }
      Comparison c = chapter(g, r, "chapter '" + key + "', ");
      entries.addAll(c.entries());
      expectedChapters.set(key, c.expected());
      actualChapters.set(key, c.actual());
      compared += g.interactions().size();
    }
    return new VerifyReport(
        "tape " + goldenFile, goldenFile, receivedFile, compared, entries, expected, actual);
  }

  /** Compares a test's live chapter with its golden chapter. */
  public VerifyReport compareChapter(
      String key, Chapter golden, Chapter live, Path goldenFile, Path receivedFile) {
    Comparison c = chapter(golden, live, "");
    return new VerifyReport(
        "chapter '" + key + "' of tape " + goldenFile,
        goldenFile,
        receivedFile,
        golden.interactions().size(),
        c.entries(),
        c.expected(),
        c.actual());
  }

  /** Compares the live handshake with the golden one. */
  public VerifyReport compareHandshake(
      Handshake golden, Handshake live, Path goldenFile, Path receivedFile) {
    JsonNode expected = normalizer.handshake(golden);
    JsonNode actual = normalizer.handshake(live);
    List<VerifyReport.Entry> entries = new ArrayList<>();
    exchange("handshake", expected, actual, entries);
    return new VerifyReport(
        "the handshake of tape " + goldenFile,
        goldenFile,
        receivedFile,
        0,
        entries,
        expected,
        actual);
  }

  private record Comparison(List<VerifyReport.Entry> entries, JsonNode expected, JsonNode actual) {}

  private Comparison chapter(Chapter golden, Chapter live, String prefix) {
    List<JsonNode> expected = normalizer.exchanges(golden);
    List<JsonNode> actual = normalizer.exchanges(live);
    List<VerifyReport.Entry> entries = new ArrayList<>();
    int n = Math.max(expected.size(), actual.size());
    for (int k = 0; k < n; k++) {
      Chapter labelled = k < golden.interactions().size() ? golden : live;
      String where =
          prefix + "interaction #" + (k + 1) + " " + labelled.interactions().get(k).label();
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
      } else {
        exchange(where, e, a, entries);
      }
    }
    return new Comparison(entries, array(expected), array(actual));
  }

  /** Adds an entry when two normalised exchanges differ. */
  private static void exchange(
      String where, JsonNode expected, JsonNode actual, List<VerifyReport.Entry> entries) {
    ToolSurfaceDiff tools = null;
    if ("tools/list".equals(expected.path("request").path("method").asText())) {
      tools =
          ToolSurfaceDiff.of(
              expected.at("/response/result/tools"), actual.at("/response/result/tools"));
      expected = withoutTools(expected);
      actual = withoutTools(actual);
    }
    List<Difference> differences = JsonDiff.diff(expected, actual);
    if (!differences.isEmpty() || (tools != null && !tools.isEmpty())) {
      entries.add(
          new VerifyReport.Entry(
              where, differences, tools != null && !tools.isEmpty() ? tools : null));
    }
  }

  private static ArrayNode array(List<JsonNode> exchanges) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    exchanges.forEach(array::add);
    return array;
  }

  /** The tool surface is compared by {@link ToolSurfaceDiff}, not path by path. */
  private static JsonNode withoutTools(JsonNode exchange) {
    JsonNode copy = exchange.deepCopy();
    if (copy.at("/response/result") instanceof ObjectNode result) {
      result.remove("tools");
    }
    return copy;
  }

  /**
   * Verifies a whole tape against a live server, writing the live session beside the golden tape as
   * {@code <tape>.received.json}.
   */
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
}

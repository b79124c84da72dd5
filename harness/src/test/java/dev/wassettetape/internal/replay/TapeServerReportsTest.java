package dev.wassettetape.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What replay says when a request has no match, and how it plays what the server did. */
@Timeout(20)
class TapeServerReportsTest {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final Path FILE = Path.of("t.json");

  static ObjectNode weather(String city) {
    ObjectNode params = NODES.objectNode().put("name", "weather");
    params.putObject("arguments").put("city", city);
    return params;
  }

  static Outcome ok(String text) {
    return new Outcome(NODES.objectNode().put("text", text), null);
  }

  static Interaction call(String city, String answer, Event... events) {
    return new Interaction("tools/call", weather(city), false, ok(answer), List.of(events), 1);
  }

  static Tape tape() {
    ObjectNode progress = NODES.objectNode().put("progressToken", "taped").put("progress", 1);
    Map<String, Chapter> chapters = new LinkedHashMap<>();
    chapters.put(
        "a",
        new Chapter(
            Instant.EPOCH,
            List.of(
                call("Oslo", "7"),
                call(
                    "Lisbon",
                    "18",
                    new Event(false, null, "notifications/progress", progress, null)),
                new Interaction("prompts/list", null, false, ok("prompts"), List.of(), 1))));
    chapters.put(
        "b",
        new Chapter(
            Instant.EPOCH,
            List.of(
                call(
                    "Bergen",
                    "5",
                    new Event(
                        false,
                        Id.of(0),
                        "roots/list",
                        null,
                        new Outcome(NODES.objectNode().set("roots", NODES.arrayNode()), null))),
                new Interaction("tools/call", weather("Nowhere"), false, null, List.of(), 1),
                new Interaction("tools/call", weather("Slow"), false, null, List.of(), 1)
                    .withCancelled("user"),
                new Interaction(
                    "notifications/roots/list_changed",
                    null,
                    true,
                    null,
                    List.of(new Event(true, null, "notifications/tools/list_changed", null, null)),
                    0))));
    chapters.put("empty", new Chapter(Instant.EPOCH, List.of()));
    return new Tape(
        "t",
        new Provenance(
            Instant.EPOCH, "test", NODES.objectNode().put("name", "x"), List.of(), List.of()),
        new Handshake(
            NODES.objectNode(),
            new Outcome(NODES.objectNode().put("protocolVersion", "2025-11-25"), null),
            List.of()),
        chapters);
  }

  static TapeServer server(String chapter) {
    return new TapeServer(tape(), chapter, FILE, Secrets.NONE, "record it");
  }

  static McpClient client(TapeServer server) {
    McpClient client = new McpClient(server, Duration.ofSeconds(2));
    client.initialize();
    return client;
  }

  static String weatherOf(McpClient client, String city) {
    Response answer = client.request("tools/call", weather(city));
    if (answer.isError()) {
      throw new McpErrorException(answer.error().orElseThrow());
    }
    return answer.result().orElseThrow().path("text").asText();
  }

  @Test
  void aRequestWithoutAMatchGetsTheNearestTapedOnesWithTheirDifferences() {
    TapeServer server = server("a");
    McpClient client = client(server);

    assertThatThrownBy(() -> weatherOf(client, "Lisbo"))
        .isInstanceOf(McpErrorException.class)
        .hasMessage(
            "JSON-RPC error -32001: wassette-tape: no taped interaction matches tools/call weather;"
                + " nearest taped: #1 tools/call weather (Different value found in node"
                + " \"arguments.city\", expected: <\"Oslo\"> but was: <\"Lisbo\">.)");

    assertThat(server.mismatches("a"))
        .containsExactly(
            "No taped interaction matches tools/call weather (live id 2) in chapter 'a' of tape"
                + " t.json.\n"
                + "  request params: {\"name\":\"weather\",\"arguments\":{\"city\":\"Lisbo\"}}\n"
                + "  nearest taped requests:\n"
                + "  1. interaction #1 tools/call weather\n"
                + "       Different value found in node \"arguments.city\", expected: <\"Oslo\"> but was: <\"Lisbo\">.\n"
                + "  2. interaction #2 tools/call weather\n"
                + "       Different value found in node \"arguments.city\", expected: <\"Lisbon\"> but was: <\"Lisbo\">.\n"
                + "  3. interaction #3 prompts/list\n"
                + "       Different value found in node \"method\", expected: <\"prompts/list\"> but was: <\"tools/call\">.\n"
                + "       Extra node \"arguments\": <{\"city\":\"Lisbo\"}>.\n"
                + "       Extra node \"name\": <\"weather\">.\n"
                + "  To re-record the tape: record it");
    assertThat(server.mismatches()).isEqualTo(server.mismatches("a"));
    assertThat(server.mismatches("b")).isEmpty();
  }

  @Test
  void aRequestAskedOnceTooOftenSaysTheAnswerWasUsed() {
    TapeServer server = server("a");
    McpClient client = client(server);
    assertThat(weatherOf(client, "Oslo")).isEqualTo("7");

    assertThatThrownBy(() -> weatherOf(client, "Oslo")).isInstanceOf(McpErrorException.class);
    assertThat(server.mismatches("a").get(0))
        .contains("  1. interaction #1 tools/call weather (already used)\n")
        .contains("       same request; every recorded answer to it was used already\n");
  }

  @Test
  void aRequestTapedInAnotherChapterSaysWhere() {
    TapeServer server = server("a");
    McpClient client = client(server);

    assertThatThrownBy(() -> weatherOf(client, "Bergen"))
        .hasMessageEndingWith("in this test's chapter; it is taped under test 'b'");
    assertThat(server.mismatches("a").get(0))
        .contains(
            "  the same request is taped under another test: #1 tools/call weather in chapter 'b'"
                + " (was the test renamed, or does it depend on another one?)\n");
  }

  @Test
  void aChapterWithoutRequestsOrAMissingChapterSaysSo() {
    TapeServer empty = server("empty");
    assertThatThrownBy(() -> weatherOf(client(empty), "Rome"))
        .isInstanceOf(McpErrorException.class);
    assertThat(empty.mismatches("empty").get(0))
        .contains("  the chapter has no requests at all.\n");

    TapeServer missing = server("z");
    assertThatThrownBy(() -> weatherOf(client(missing), "Rome"))
        .hasMessageEndingWith("; the tape has no chapter 'z': this test never was recorded");
    assertThat(missing.mismatches("z").get(0))
        .contains(
            "  the tape has no chapter 'z' (this test never was recorded); it has chapters"
                + " 'a', 'b', 'empty'.\n");
  }

  @Test
  void servingTheWholeTapeNamesTheChapterOfEachInteraction() {
    TapeServer server = server(null);
    McpClient client = client(server);
    assertThat(weatherOf(client, "Oslo")).isEqualTo("7");

    assertThatThrownBy(() -> weatherOf(client, "Osl")).isInstanceOf(McpErrorException.class);
    assertThat(server.mismatches().get(0))
        .startsWith("No taped interaction matches tools/call weather (live id 3) of tape t.json.")
        .contains("  1. interaction #2 tools/call weather in chapter 'a'\n")
        .contains("  2. interaction #1 tools/call weather in chapter 'b'\n");
    assertThat(server.unused(null))
        .contains("#2 tools/call weather in chapter 'a' {\"city\":\"Lisbon\"}")
        .doesNotContain("#1 tools/call weather in chapter 'a' {\"city\":\"Oslo\"}");
  }

  @Test
  void unusedListsTheTapedRequestsNeverMadeWithTheirArguments() {
    TapeServer server = server("a");
    McpClient client = client(server);
    weatherOf(client, "Oslo");

    assertThat(server.unused("a"))
        .containsExactly("#2 tools/call weather {\"city\":\"Lisbon\"}", "#3 prompts/list ");
  }

  @Test
  void progressCarriesTheLiveTokenAndServerRequestsWaitForTheClient() throws Exception {
    TapeServer a = server("a");
    McpClient client = client(a);
    List<Notification> notes = new CopyOnWriteArrayList<>();
    client.onNotification(notes::add);
    ObjectNode params = weather("Lisbon");
    params.putObject("_meta").put("progressToken", "live-7");
    assertThat(client.request("tools/call", params).result().orElseThrow().path("text").asText())
        .isEqualTo("18");
    assertThat(notes)
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.params().orElseThrow().path("progressToken").asText())
                    .isEqualTo("live-7"));

    TapeServer b = server("b");
    McpClient other = new McpClient(b, Duration.ofSeconds(2));
    other.roots(() -> NODES.arrayNode().add(NODES.objectNode().put("uri", "file:///x")));
    other.initialize();
    assertThat(weatherOf(other, "Bergen")).isEqualTo("5");
    assertThat(b.mismatches("b"))
        .singleElement()
        .asString()
        .startsWith(
            "The client answered the taped server request roots/list differently from the"
                + " recording of chapter 'b' of tape t.json")
        .contains("Extra node \"result.roots[0]\": <{\"uri\":\"file:///x\"}>.");
  }

  @Test
  void anUnansweredInteractionEndsAsTheRecordedSessionDidAndACancelledOneGetsNoAnswer()
      throws Exception {
    TapeServer server = server("b");
    McpClient client = client(server);

    assertThatThrownBy(() -> weatherOf(client, "Nowhere"))
        .isInstanceOfSatisfying(
            McpErrorException.class, e -> assertThat(e.code()).isEqualTo(McpProxy.SERVER_GONE))
        .hasMessageContaining(
            "the recorded session ended before tools/call weather was answered (#2 tools/call"
                + " weather of t.json)");

    McpClient.Pending slow = client.start("tools/call", weather("Slow"));
    assertThat(slow.answer().completeOnTimeout(null, 300, TimeUnit.MILLISECONDS).get()).isNull();
  }

  @Test
  void aTapedNotificationPlaysTheServerTrafficThatFollowedIt() throws Exception {
    TapeServer server = server("b");
    McpClient client = client(server);
    BlockingQueue<String> notes = new LinkedBlockingQueue<>();
    client.onNotification(n -> notes.add(n.method()));

    client.notify("notifications/roots/list_changed", null);

    assertThat(notes.poll(2, TimeUnit.SECONDS)).isEqualTo("notifications/tools/list_changed");
  }

  @Test
  void aClosedReplaySaysSoAndRefusesMore(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.json");
    TapeFile.write(file, tape());
    TapeServer server = TapeServer.of(file, "a", Secrets.NONE, "record it");
    BlockingQueue<String> closed = new LinkedBlockingQueue<>();
    server.start(
        new dev.wassettetape.internal.transport.Transport.Listener() {
          @Override
          public void onMessage(dev.wassettetape.internal.jsonrpc.JsonRpcMessage message) {}

          @Override
          public void onClosed(String reason) {
            closed.add(reason);
          }
        });
    assertThat(server.diagnostics()).isEqualTo("replaying " + file);

    server.close();
    server.close();

    assertThat(closed.poll(2, TimeUnit.SECONDS)).isEqualTo("replay closed");
    assertThat(closed.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThatThrownBy(() -> server.send(Notification.of("x", null)))
        .isInstanceOf(IOException.class)
        .hasMessage("replay of " + file + " is closed");
  }
}

package dev.wassettetape.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The replayer talking to our client directly, on a tape made here. */
@Timeout(20)
class TapeServerTest {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static Tape tape(Interaction... interactions) {
    return new Tape(
        "t",
        new Provenance(
            Instant.EPOCH, "test", NODES.objectNode().put("name", "x"), List.of(), List.of()),
        new Handshake(
            NODES.objectNode(),
            new Outcome(NODES.objectNode().put("protocolVersion", "2025-06-18"), null),
            List.of()),
        Map.of("c", new Chapter(Instant.EPOCH, List.of(interactions))));
  }

  static McpClient client(TapeServer server) {
    McpClient client = new McpClient(server, Duration.ofSeconds(2));
    client.initialize();
    return client;
  }

  static Outcome ok(String text) {
    return new Outcome(NODES.objectNode().put("text", text), null);
  }

  @Test
  void absentParamsAndArgumentsMatchEmptyOnes() {
    ObjectNode noArguments = NODES.objectNode().put("name", "now");
    ObjectNode emptyArguments = noArguments.deepCopy();
    emptyArguments.putObject("arguments");
    TapeServer server =
        new TapeServer(
            tape(
                new Interaction("tools/list", NODES.objectNode(), false, ok("list"), List.of(), 1),
                new Interaction("tools/call", emptyArguments, false, ok("now"), List.of(), 1),
                new Interaction("prompts/list", null, false, ok("prompts"), List.of(), 1)),
            "c",
            Path.of("t.json"),
            Secrets.NONE,
            "record it");
    McpClient client = client(server);

    assertThat(client.request("tools/list", null).result().orElseThrow().path("text").asText())
        .isEqualTo("list");
    assertThat(
            client.request("tools/call", noArguments).result().orElseThrow().path("text").asText())
        .isEqualTo("now");
    assertThat(client.request("prompts/list", NODES.objectNode()).isError()).isFalse();
    assertThat(server.mismatches()).isEmpty();
  }

  @Test
  void aTapeWhoseServerNeverAnsweredInitializeStillAnswersIt() {
    Tape tape = tape();
    TapeServer server =
        new TapeServer(
            new Tape(
                tape.name(),
                tape.recorded(),
                new Handshake(NODES.objectNode(), null, List.of()),
                tape.chapters()),
            "c",
            Path.of("t.json"),
            Secrets.NONE,
            "record it");

    Response answer = new McpClient(server, Duration.ofSeconds(2)).request("initialize", null);

    assertThat(answer.error().orElseThrow().path("message").asText())
        .isEqualTo("wassette-tape: the recorded server never answered initialize (t.json)");
  }

  @Test
  void pingIsAlwaysAnsweredAndNeverCountsAsUnused() {
    TapeServer server = new TapeServer(tape(), "c", Path.of("t.json"), Secrets.NONE, "record it");
    McpClient client = client(server);

    Response pong = client.request("ping", null);

    assertThat(pong.result().orElseThrow().size()).isZero();
    assertThat(server.mismatches()).isEmpty();
    assertThat(server.unused("c")).isEmpty();
  }

  @Test
  void aCancelledCallTheServerNeverAnsweredIsNotAnsweredInReplayEither() throws Exception {
    ObjectNode params = NODES.objectNode().put("name", "slow");
    TapeServer server =
        new TapeServer(
            tape(
                new Interaction("tools/call", params, false, null, List.of(), 0)
                    .withCancelled("gave up")),
            "c",
            Path.of("t.json"),
            Secrets.NONE,
            "record it");
    McpClient client = client(server);

    McpClient.Pending call = client.start("tools/call", params);
    Thread.sleep(300);

    assertThat(call.answer()).isNotDone();
    client.cancel(call, "gave up again");
    assertThat(server.unused("c")).isEmpty();
    assertThat(server.mismatches()).isEmpty();
  }

  @Test
  void aCallAnsweredBeforeItsCancellationArrivedIsAnswered() {
    ObjectNode params = NODES.objectNode().put("name", "quick");
    TapeServer server =
        new TapeServer(
            tape(
                new Interaction("tools/call", params, false, ok("done"), List.of(), 0)
                    .withCancelled("")),
            "c",
            Path.of("t.json"),
            Secrets.NONE,
            "record it");

    JsonNode answer = client(server).request("tools/call", params).result().orElseThrow();

    assertThat(answer.path("text").asText()).isEqualTo("done");
  }
}

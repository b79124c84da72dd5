package dev.wassettetape.junit;

import static dev.wassettetape.junit.EngineRuns.STARTS;
import static dev.wassettetape.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the server sends the client (roots, sampling, elicitation), answered by the handlers the
 * extension's builder was given, in record, replay and verify, against the real server-everything
 * (it offers its sampling, elicitation and roots tools to a client that announces those).
 */
@ExtendWith(EngineRuns.DevelopersMachine.class)
class ServerRequestsTest {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What the sampling handler prefixes its "model's" answer with; a test changes it. */
  static volatile String model = "sampled";

  @WassetteTape("asks.json")
  static class ServerAsksTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder()
            .server(EngineRuns::everything)
            .roots(
                () ->
                    NODES
                        .arrayNode()
                        .add(NODES.objectNode().put("uri", "file:///work").put("name", "work")))
            .sampling(
                params -> {
                  ObjectNode result = NODES.objectNode().put("role", "assistant");
                  result
                      .putObject("content")
                      .put("type", "text")
                      .put("text", model + ": " + params.at("/messages/0/content/text").asText());
                  return result.put("model", "test-model").put("stopReason", "endTurn");
                })
            .elicitation(
                params -> {
                  ObjectNode result = NODES.objectNode().put("action", "accept");
                  result.putObject("content").put("name", "Ada").put("check", true);
                  return result;
                })
            .build();

    @BeforeAll
    static void openTheSession(McpClient client) {
      client.listTools(); // the server asks for the roots as the session opens
    }

    @Test
    void sampling(McpClient client) {
      String text =
          client
              .callTool("trigger-sampling-request", Map.of("prompt", "hi", "maxTokens", 5))
              .text();
      assertThat(text).contains(": hi"); // the tool result quotes the model's answer
    }

    @Test
    void elicitation(McpClient client) {
      assertThat(client.callTool("trigger-elicitation-request", Map.of()).text()).contains("Ada");
    }

    @Test
    void roots(McpClient client) {
      assertThat(client.callTool("get-roots-list", Map.of()).text()).contains("file:///work");
    }
  }

  static Event taped(Tape tape, String chapter, String method) {
    return tape.chapters().get(chapter).interactions().get(0).events().stream()
        .filter(e -> e.method().equals(method))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theHandlersAnswerTheServerLiveAndInReplayAndVerify(@TempDir Path dir) throws Exception {
    run(ServerAsksTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(0));

    Tape tape = TapeFile.read(dir.resolve("asks.json"));
    JsonNode sampled = taped(tape, "sampling", "sampling/createMessage").answer().result();
    assertThat(sampled.at("/content/text").asText()).startsWith("sampled: ");
    assertThat(
            taped(tape, "elicitation", "elicitation/create")
                .answer()
                .result()
                .path("action")
                .asText())
        .isEqualTo("accept");
    assertThat(tape.handshake().events())
        .filteredOn(Event::isRequest)
        .extracting(Event::method)
        .containsExactly("roots/list"); // the session's, whichever test was first
    assertThat(tape.handshake().request().path("capabilities").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("roots", "sampling", "elicitation");

    int starts = STARTS.get();
    run(ServerAsksTestCase.class, "REPLAY", dir).assertStatistics(s -> s.failed(0));
    assertThat(STARTS.get()).isEqualTo(starts);
    run(ServerAsksTestCase.class, "VERIFY", dir).assertStatistics(s -> s.failed(0));
    assertThat(dir.resolve("asks.received.json")).doesNotExist();
  }

  @Test
  void aHandlerThatAnswersOtherwiseThanTapedFailsItsTestInReplay(@TempDir Path dir) {
    run(ServerAsksTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(0));
    model = "changed";
    try {
      run(ServerAsksTestCase.class, "REPLAY", dir)
          .assertThatEvents()
          .haveExactly(1, event(test("roots"), finishedSuccessfully()))
          .haveExactly(
              1,
              event(
                  test("sampling"),
                  finishedWithFailure(
                      message(
                          m ->
                              m.contains(
                                      "The client answered the taped server request sampling/createMessage"
                                          + " differently from the recording of chapter 'sampling'")
                                  && m.contains(
                                      "node \"result.content.text\", expected: <\"sampled: ")))));
    } finally {
      model = "sampled";
    }
  }
}

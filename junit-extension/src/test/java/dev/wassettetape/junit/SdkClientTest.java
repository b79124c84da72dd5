package dev.wassettetape.junit;

import static dev.wassettetape.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;
import reactor.core.publisher.Mono;

/**
 * The official MCP Java SDK's clients as test parameters, in every mode, with elicitation and
 * sampling handlers configured on the SDK clients answering the server through the tape. Against
 * the real server-everything.
 */
@ExtendWith(EngineRuns.DevelopersMachine.class)
class SdkClientTest {

  /** How an agent author writes it: the SDK's client, its handler, the tape. */
  @WassetteTape("sdk.json")
  static class SdkTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder()
            .server(EngineRuns::everything)
            .sdkClient(
                new SdkClientSpec() {
                  @Override
                  public McpClient.SyncSpec sync(McpClient.SyncSpec spec) {
                    return spec.capabilities(CAPABILITIES)
                        .elicitation(request -> elicited())
                        .sampling(SdkTestCase::sampled);
                  }

                  @Override
                  public McpClient.AsyncSpec async(McpClient.AsyncSpec spec) {
                    return spec.capabilities(CAPABILITIES)
                        .elicitation(request -> Mono.just(elicited()))
                        .sampling(request -> Mono.just(sampled(request)));
                  }
                })
            .build();

    /**
     * Sampling and elicitation; not roots: server-everything asks for them as a session opens, at a
     * moment of its own, which a class of short-lived clients cannot pin to one chapter (our client
     * covers roots, with a class-level client: ServerRequestsTest).
     */
    static final McpSchema.ClientCapabilities CAPABILITIES =
        McpSchema.ClientCapabilities.builder().sampling().elicitation().build();

    /** The user's answer to the server's question. */
    static McpSchema.ElicitResult elicited() {
      return new McpSchema.ElicitResult(
          McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "Ada", "check", true));
    }

    /** The "model's" answer: the prompt, quoted. */
    static McpSchema.CreateMessageResult sampled(McpSchema.CreateMessageRequest request) {
      return McpSchema.CreateMessageResult.builder()
          .role(McpSchema.Role.ASSISTANT)
          .content(
              new McpSchema.TextContent(
                  "sampled: "
                      + ((McpSchema.TextContent) request.messages().get(0).content()).text()))
          .model("test-model")
          .stopReason(McpSchema.CreateMessageResult.StopReason.END_TURN)
          .build();
    }

    /** The texts of a result's content, one per line. */
    static String text(McpSchema.CallToolResult result) {
      return String.join(
          "\n",
          result.content().stream()
              .filter(c -> c instanceof McpSchema.TextContent)
              .map(c -> ((McpSchema.TextContent) c).text())
              .toList());
    }

    @org.junit.jupiter.api.Test
    void sync(McpSyncClient client) {
      McpSchema.CallToolResult result =
          client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "sync")));
      assertThat(text(result)).isEqualTo("Echo: sync");
    }

    @org.junit.jupiter.api.Test
    void async(McpAsyncClient client) {
      McpSchema.CallToolResult result =
          client
              .callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "async")))
              .block();
      assertThat(text(result)).isEqualTo("Echo: async");
    }

    @org.junit.jupiter.api.Test
    void elicitation(McpSyncClient client) {
      McpSchema.CallToolResult result =
          client.callTool(new McpSchema.CallToolRequest("trigger-elicitation-request", Map.of()));
      assertThat(text(result)).contains("Ada");
    }

    @org.junit.jupiter.api.Test
    void sampling(McpSyncClient client) {
      McpSchema.CallToolResult result =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "trigger-sampling-request", Map.of("prompt", "hi", "maxTokens", 5)));
      // the tool quotes the model's answer, which quotes the prompt the server sent
      assertThat(text(result)).contains("sampled: Resource trigger-sampling-request context: hi");
    }
  }

  /**
   * Every test of the run passed (the four of the fixture): else their failures, as the assertion's
   * message.
   */
  static void passed(Events events) {
    assertThat(events.failed().stream().map(e -> String.valueOf(EngineRuns.failure(e)))).isEmpty();
    assertThat(events.succeeded().filter(e -> e.getTestDescriptor().isTest()).count()).isEqualTo(4);
  }

  @Test
  void sdkClientsRecordReplayWithoutAServerAndVerify(@TempDir Path dir) throws Exception {
    passed(run(SdkTestCase.class, "RECORD", dir));
    Tape tape = TapeFile.read(dir.resolve("sdk.json"));
    assertThat(tape.chapters().keySet())
        .containsExactlyInAnyOrder("sync", "async", "elicitation", "sampling");
    assertThat(
            tape.chapters().get("sampling").interactions().stream()
                .flatMap(i -> i.events().stream())
                .map(e -> e.method()))
        .contains("sampling/createMessage");

    int starts = EngineRuns.STARTS.get();
    passed(run(SdkTestCase.class, "REPLAY", dir));
    assertThat(EngineRuns.STARTS.get()).as("replay starts no server").isEqualTo(starts);

    passed(run(SdkTestCase.class, "VERIFY", dir));
    assertThat(dir.resolve("sdk.received.json")).doesNotExist();

    starts = EngineRuns.STARTS.get();
    passed(run(SdkTestCase.class, "RECORD_MISSING", dir)); // every chapter there: replayed
    assertThat(EngineRuns.STARTS.get()).isEqualTo(starts);
    passed(run(SdkTestCase.class, "PASSTHROUGH", dir)); // live, no tape read or written
    assertThat(EngineRuns.STARTS.get()).isGreaterThan(starts);
  }
}

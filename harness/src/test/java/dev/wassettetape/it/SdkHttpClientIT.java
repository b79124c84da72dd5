package dev.wassettetape.it;

import static dev.wassettetape.it.Command.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP Java SDK client over Streamable HTTP, a peer we did not write, against {@code
 * record --http} (in front of server-everything on stdio) and {@code replay --http}: progress
 * streamed before the answer, a server request (roots) answered by the client, each in the tape and
 * streamed again in the replay.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SdkHttpClientIT {

  @TempDir static Path dir;

  final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

  static Path tape() {
    return dir.resolve("sdk-http.json");
  }

  McpSyncClient sdk(String url) {
    URI uri = URI.create(url);
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://" + uri.getAuthority())
            .endpoint(uri.getPath())
            .build();
    return McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(Duration.ofSeconds(30))
        .roots(new McpSchema.Root("file:///work/project", "project"))
        .progressConsumer(progress::add)
        .build();
  }

  /** What the test does, the same live and replayed. */
  void session(McpSyncClient client) {
    McpSchema.InitializeResult handshake = client.initialize();
    assertThat(handshake.serverInfo().name()).isEqualTo("mcp-servers/everything");

    McpSchema.CallToolResult echo =
        client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "over http")));
    assertThat(((McpSchema.TextContent) echo.content().get(0)).text()).isEqualTo("Echo: over http");

    McpSchema.CallToolResult longRun =
        client.callTool(
            McpSchema.CallToolRequest.builder("trigger-long-running-operation")
                .arguments(Map.of("duration", 0.2, "steps", 2))
                .progressToken("run-1")
                .build());
    assertThat(((McpSchema.TextContent) longRun.content().get(0)).text())
        .contains("Long running operation completed");
    // the SDK hands notifications to the consumer on a thread of its own: they may trail the answer
    for (int i = 0; i < 100 && progress.size() < 2; i++) {
      sleep();
    }
    assertThat(progress).extracting(p -> p.progress()).containsExactly(1.0, 2.0);

    McpSchema.CallToolResult roots =
        client.callTool(new McpSchema.CallToolRequest("get-roots-list", Map.of()));
    assertThat(((McpSchema.TextContent) roots.content().get(0)).text())
        .contains("file:///work/project");
    client.close();
  }

  static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @Order(1)
  void recordsTheSdkClientOverHttp() throws Exception {
    try (Served record =
        Served.start(
            dir,
            concat(
                concat(
                    NpmPeers.wassetteTape(),
                    "record",
                    "--tape",
                    tape().toString(),
                    "--http",
                    "0",
                    "--"),
                NpmPeers.serverEverything()))) {
      session(sdk(record.url()));
      assertThat(record.stop()).as(record.output()).isZero();
    }
    Tape tape = TapeFile.read(tape());
    Interaction longRun =
        tape.interactions().stream()
            .filter(i -> i.label().equals("tools/call trigger-long-running-operation"))
            .findFirst()
            .orElseThrow();
    assertThat(longRun.events()) // with whatever server-everything logs meanwhile
        .filteredOn(e -> e.method().equals("notifications/progress"))
        .hasSize(2);
  }

  @Test
  @Order(2)
  void replaysItOverHttpStreamingTheProgressAgain() throws Exception {
    try (Served replay =
        Served.start(
            dir,
            concat(
                NpmPeers.wassetteTape(), "replay", "--tape", tape().toString(), "--http", "0"))) {
      session(sdk(replay.url()));
      assertThat(replay.stop()).as(replay.output()).isZero();
      assertThat(replay.output()).doesNotContain("no taped interaction");
    }
  }
}

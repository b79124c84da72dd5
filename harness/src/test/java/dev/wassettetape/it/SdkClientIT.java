package dev.wassettetape.it;

import static dev.wassettetape.it.Command.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP Java SDK client (2.1.0, over stdio), a peer we did not write, against {@code
 * record} (in front of server-everything) and {@code replay}. Its {@code closeGracefully()} closes
 * stdin and sends SIGTERM at once, as the spec's stdio shutdown does: the tape must be written.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SdkClientIT {

  @TempDir static Path dir;

  static Path tape() {
    return dir.resolve("sdk.json");
  }

  static McpSyncClient sdk(List<String> command) {
    ServerParameters server =
        ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
    return McpClient.sync(new StdioClientTransport(server, McpJsonDefaults.getMapper()))
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(Duration.ofSeconds(30))
        .build();
  }

  static String echo(McpSyncClient client, String message) {
    McpSchema.CallToolResult result =
        client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", message)));
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @Test
  @Order(1)
  void recordWritesTheTapeWhenTheSdkClosesGracefully() {
    McpSyncClient client =
        sdk(
            concat(
                concat(NpmPeers.wassetteTape(), "record", "--tape", tape().toString(), "--"),
                NpmPeers.serverEverything()));
    client.initialize();
    assertThat(echo(client, "sdk")).isEqualTo("Echo: sdk");
    client.ping();
    assertThat(client.closeGracefully()).isTrue();

    waitForTheTape();
    Tape tape = TapeFile.read(tape());
    assertThat(tape.interactions()).extracting(i -> i.label()).contains("tools/call echo");
    assertThat(tape.interactions()).extracting(i -> i.method()).doesNotContain("ping");
  }

  /** closeGracefully() returns as the process ends; the tape is written just before. */
  static void waitForTheTape() {
    for (int k = 0; k < 100 && !tape().toFile().exists(); k++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @Order(2)
  void replayAnswersTheSdkClientWithoutTheServer() {
    McpSyncClient client =
        sdk(concat(NpmPeers.wassetteTape(), "replay", "--tape", tape().toString()));
    McpSchema.InitializeResult handshake = client.initialize();

    assertThat(handshake.serverInfo().name()).isEqualTo("mcp-servers/everything");
    assertThat(echo(client, "sdk")).isEqualTo("Echo: sdk");
    client.ping();
    assertThat(client.closeGracefully()).isTrue();
  }

  @Test
  @Order(3)
  void aReplayThatCannotStartAnswersTheSdkAtOnceInsteadOfLettingItTimeOut() {
    McpSyncClient client =
        sdk(
            concat(
                NpmPeers.wassetteTape(), "replay", "--tape", dir.resolve("none.json").toString()));
    long start = System.nanoTime();

    assertThatThrownBy(client::initialize)
        .hasStackTraceContaining(
            "wassette-tape replay cannot replay: Tape " + dir.resolve("none.json"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    client.closeGracefully();
  }
}

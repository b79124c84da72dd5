package dev.wassettetape.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.proxy.Interceptors;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.transport.InMemoryTransport;
import dev.wassettetape.server.InMemoryServer;
import dev.wassettetape.tape.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live trace: each message as it passes, with its chapter and timings, and no secret, not even
 * one a token stripper behind it strips.
 */
@Timeout(20)
class TraceTest {

  @Test
  void everyMessageIsPrintedWithItsChapterTimingsAndSecretsRedacted() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Secrets secrets = Secrets.of(Map.of("TOKEN", "s3cr3t-value-123"));
    InMemoryServer server = InMemoryServer.echo();
    McpProxy proxy =
        new McpProxy(
                server.transport(),
                Interceptors.ordered(
                    out,
                    secrets,
                    "echo.json",
                    Interceptor.NONE,
                    List.of(TokenStripper.fields("arguments.*token*")),
                    null),
                Duration.ofSeconds(10))
            .start();
    InMemoryTransport[] pipe = InMemoryTransport.pair("client", "proxy");
    proxy.connect(pipe[1], "greets");
    try (McpClient client = new McpClient(pipe[0], Duration.ofSeconds(10))) {
      client.initialize();
      client.callTool(
          "echo", Map.of("message", "hi s3cr3t-value-123", "apiToken", "tok-abcdefgh-999"));
    }
    proxy.close();

    String trace = bytes.toString(StandardCharsets.UTF_8);
    assertThat(trace)
        .contains("[wassette-tape trace echo.json +")
        .contains("handshake client → server: initialize #")
        .contains("chapter 'greets' client → server: tools/call echo #")
        .contains("chapter 'greets' server → client: notifications/message")
        .containsPattern("chapter 'greets' server → client: result #\\d+ after [0-9.]+ ms")
        .contains("\"message\": \"hi <redacted:TOKEN>\"")
        .contains("\"apiToken\": \"<stripped>\"")
        .doesNotContain("s3cr3t-value-123")
        .doesNotContain("tok-abcdefgh-999");
  }
}

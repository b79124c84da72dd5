package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.session.McpTransport;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The clock component over Streamable HTTP: recorded from {@code wassette serve}, replayed by the
 * harness's own HTTP endpoint (tapes/clock-http.json). A test takes our client, which then speaks
 * HTTP, or the endpoint's {@link URI}, for code that makes its own connections: here an "agent"
 * built on the official MCP Java SDK's HTTP client.
 */
@WassetteTape(
    value = "clock-http.json",
    components = "target/components/clock.wasm",
    transport = McpTransport.HTTP)
class ClockOverHttpTest {

  @Test
  void exportsNowAndNewId(McpClient client) {
    assertThat(client.listTools().findValuesAsText("name"))
        .contains(ClockComponentTest.NOW, ClockComponentTest.NEW_ID);
  }

  @Test
  void nowIsAnIsoUtcTimestamp(McpClient client) {
    String now = client.callTool(ClockComponentTest.NOW, Map.of()).text();

    assertThat(Instant.parse(now)).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void anAgentWithItsOwnHttpClientGetsAFreshUuid(URI endpoint) {
    McpSyncClient agent =
        io.modelcontextprotocol.client.McpClient.sync(
                HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority())
                    .endpoint(endpoint.getPath())
                    .build())
            .requestTimeout(Duration.ofSeconds(30))
            .build();
    try {
      agent.initialize();
      McpSchema.CallToolResult result =
          agent.callTool(new McpSchema.CallToolRequest(ClockComponentTest.NEW_ID, Map.of()));
      String id = ((McpSchema.TextContent) result.content().get(0)).text();

      assertThat(UUID.fromString(id).version()).isEqualTo(4);
    } finally {
      agent.closeGracefully();
    }
  }
}

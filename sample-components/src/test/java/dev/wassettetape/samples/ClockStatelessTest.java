package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.ToolResult;
import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.session.McpTransport;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The clock component over Streamable HTTP with the stateless protocol (2026-07-28): no session,
 * {@code server/discover} instead of {@code initialize}, each call a request of its own
 * (tapes/clock-stateless.json). The tape's handshake is the discovery.
 */
@WassetteTape(
    value = "clock-stateless.json",
    components = "target/components/clock.wasm",
    transport = McpTransport.HTTP_STATELESS)
class ClockStatelessTest {

  @Test
  void nowIsAnIsoUtcTimestampAndTheResultSaysItIsComplete(McpClient client) {
    ToolResult now = client.callTool(ClockComponentTest.NOW, Map.of());

    assertThat(Instant.parse(now.text())).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(now.raw().path("resultType").asText()).isEqualTo("complete");
    assertThat(client.protocolVersion()).isEqualTo("2026-07-28");
  }

  @Test
  void newIdIsARandomVersion4UuidEachTime(McpClient client) {
    String first = client.callTool(ClockComponentTest.NEW_ID, Map.of()).text();
    String second = client.callTool(ClockComponentTest.NEW_ID, Map.of()).text();

    assertThat(UUID.fromString(first).version()).isEqualTo(4);
    assertThat(first).isNotEqualTo(second);
  }
}

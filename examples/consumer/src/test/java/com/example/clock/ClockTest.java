package com.example.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.junit.WassetteTape;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** A user's test of the clock component, replayed from its golden tape. */
@WassetteTape(value = "clock.json", components = "clock.wasm")
class ClockTest {

  static final String NOW = "wassette-tape_clock_clock_now";
  static final String NEW_ID = "wassette-tape_clock_clock_new-id";

  @Test
  void exportsNowAndNewIdAsInterfaceTools(McpClient client) {
    assertThat(StreamSupport.stream(client.listTools().spliterator(), false))
        .extracting(t -> t.path("name").asText())
        .contains(NOW, NEW_ID);
  }

  @Test
  void nowIsAnIsoUtcTimestampWithMilliseconds(McpClient client) {
    String now = client.callTool(NOW, Map.of()).text();
    assertThat(Instant.parse(now)).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void newIdIsARandomVersion4UuidEachTime(McpClient client) {
    String first = client.callTool(NEW_ID, Map.of()).text();
    String second = client.callTool(NEW_ID, Map.of()).text();
    assertThat(UUID.fromString(first).version()).isEqualTo(4);
    assertThat(first).isNotEqualTo(second);
  }
}

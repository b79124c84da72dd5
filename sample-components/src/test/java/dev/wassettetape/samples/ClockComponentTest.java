package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.junit.WassetteTape;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The clock component, whose every answer changes: its tape (tapes/clock.json) still verifies,
 * because timestamps and UUIDs are normalised. Configured by the annotation alone.
 */
@WassetteTape(value = "clock.json", components = "target/components/clock.wasm")
class ClockComponentTest {

  static final String NOW = "wassette-tape_clock_clock_now";
  static final String NEW_ID = "wassette-tape_clock_clock_new-id";

  @Test
  void exportsNowAndNewIdAsInterfaceTools(McpClient client) {
    List<String> names =
        StreamSupport.stream(client.listTools().spliterator(), false)
            .map(t -> t.path("name").asText())
            .toList();

    assertThat(names).contains(NOW, NEW_ID);
  }

  @Test
  void nowIsAnIsoUtcTimestampWithMilliseconds(McpClient client) {
    String now = client.callTool(NOW, Map.of()).text();

    assertThat(now).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    assertThat(Instant.parse(now)).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void newIdIsARandomVersion4UuidEachTime(McpClient client) {
    String first = client.callTool(NEW_ID, Map.of()).text();
    String second = client.callTool(NEW_ID, Map.of()).text();

    assertThat(UUID.fromString(first).version()).isEqualTo(4);
    assertThat(first).isEqualTo(UUID.fromString(first).toString()).isNotEqualTo(second);
  }
}

package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.ToolResult;
import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.junit.WassetteTapeExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The weather component when its backend refuses the key it was given
 * (tapes/weather-refused-key.json).
 */
@WassetteTape("weather-refused-key.json")
class WeatherBackendRefusesKeyTest {

  static final LazyBackend backend = new LazyBackend();

  @RegisterExtension
  static WassetteTapeExtension tape =
      WassetteTapeExtension.builder()
          .component(SampleComponents.wasm("weather"))
          .env("WEATHER_API_URL", backend::url)
          .secretEnv("WEATHER_API_KEY", () -> "revoked-key-0000")
          .build();

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  @Test
  void aRefusedKeyIsAnErrNamingTheStatus(McpClient client) {
    ToolResult oslo = client.callTool("get-weather", Map.of("city", "Oslo"));

    assertThat(oslo.structuredContent().at("/result/err").asText())
        .isEqualTo("backend answered HTTP 401");
  }
}

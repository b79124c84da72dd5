package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.ToolResult;
import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.junit.WassetteTapeExtension;
import dev.wassettetape.session.McpTransport;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The weather component served by {@code wassette serve} over Streamable HTTP, in both of its
 * modes: a session (tapes/weather-http.json) and the stateless protocol
 * (tapes/weather-stateless.json). The same tests, the same backend, the key redacted either way.
 */
class WeatherOverHttpTest {

  /** The backend the live component calls; started only when Wassette runs. */
  static final LazyBackend backend = new LazyBackend();

  static WassetteTapeExtension weather(McpTransport transport) {
    return SampleComponents.weatherTape(backend).transport(transport).build();
  }

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  /** What both modes must do. */
  interface WeatherCalls {

    @Test
    default void knownCityGivesTheBackendsWeather(McpClient client) {
      ToolResult oslo = client.callTool("get-weather", Map.of("city", "Oslo"));

      assertThat(oslo.structuredContent().at("/result/ok").asText())
          .isEqualTo("Oslo: 7.5 °C, light rain");
    }

    @Test
    default void unknownCityIsTheComponentsErr(McpClient client) {
      ToolResult atlantis = client.callTool("get-weather", Map.of("city", "Atlantis"));

      assertThat(atlantis.structuredContent().at("/result/err").asText())
          .isEqualTo("unknown city: Atlantis");
    }
  }

  @Nested
  @WassetteTape("weather-http.json")
  class Session implements WeatherCalls {
    @RegisterExtension static WassetteTapeExtension tape = weather(McpTransport.HTTP);
  }

  @Nested
  @WassetteTape("weather-stateless.json")
  class Stateless implements WeatherCalls {
    @RegisterExtension static WassetteTapeExtension tape = weather(McpTransport.HTTP_STATELESS);
  }
}

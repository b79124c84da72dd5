package dev.wassettetape.samples;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static net.javacrumbs.jsonunit.assertj.JsonAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.client.ToolResult;
import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.junit.WassetteTapeExtension;
import dev.wassettetape.session.Mode;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The weather component as its users test it: against tapes/weather.json, replayed in CI (no
 * Wassette, no backend), recorded or verified against the live component on demand.
 */
@WassetteTape("weather.json")
class WeatherComponentTest {

  /** The backend the live component calls; started only when Wassette runs, never in replay. */
  static final LazyBackend backend = new LazyBackend();

  @RegisterExtension
  static WassetteTapeExtension tape =
      WassetteTapeExtension.builder()
          .component(SampleComponents.wasm("weather"))
          .env("WEATHER_API_URL", backend::url)
          .secretEnv("WEATHER_API_KEY", () -> WeatherBackend.API_KEY)
          .allowTools("get-weather")
          .build();

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  @Test
  void listsGetWeatherWithARequiredCity(McpClient client) {
    JsonNode tool =
        StreamSupport.stream(client.listTools().spliterator(), false)
            .filter(t -> t.path("name").asText().equals("get-weather"))
            .findFirst()
            .orElseThrow();

    // JsonUnit: the schema as JSON, key order and whitespace aside; any outputSchema at all
    assertThatJson(tool)
        .isObject()
        .containsEntry("outputSchema", json("\"${json-unit.ignore}\""))
        .containsEntry(
            "inputSchema",
            json("{type:'object', properties:{city:{type:'string'}}, required:['city']}"));
  }

  @Test
  void knownCityGivesTheBackendsWeather(McpClient client) {
    ToolResult oslo = client.callTool("get-weather", Map.of("city", "Oslo"));

    assertThat(oslo.isError()).isFalse();
    assertThat(oslo.structuredContent().at("/result/ok").asText())
        .isEqualTo("Oslo: 7.5 °C, light rain");
  }

  @Test
  void anotherCityWithAWholeNumberTemperature(McpClient client) {
    ToolResult lisbon = client.callTool("get-weather", Map.of("city", "Lisbon"));

    assertThat(lisbon.structuredContent().at("/result/ok").asText())
        .isEqualTo("Lisbon: 18 °C, clear sky");
  }

  @Test
  void unknownCityIsTheComponentsErr(McpClient client) {
    ToolResult atlantis = client.callTool("get-weather", Map.of("city", "Atlantis"));

    assertThat(atlantis.isError()).isFalse(); // Wassette does not flag a guest err
    assertThatJson(atlantis.structuredContent())
        .isEqualTo("{result: {err: 'unknown city: Atlantis'}}");
  }

  @Test
  void builtInsThatWidenPermissionsAreRefused(McpClient client) {
    McpErrorException refused = null;
    try {
      client.callTool(
          "grant-network-permission",
          Map.of("component_id", "weather", "details", Map.of("host", "example.com")));
    } catch (McpErrorException e) {
      refused = e;
    }

    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(-32003);
  }

  @Test
  void replayNeedsNoBackend(Mode mode) {
    if (mode == Mode.REPLAY) {
      assertThat(backend.started()).as("no backend is started in replay").isFalse();
    }
  }
}

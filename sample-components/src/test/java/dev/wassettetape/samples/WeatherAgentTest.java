package dev.wassettetape.samples;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.junit.WassetteTapeExtension;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent author's test: the code under test talks to the weather tool through the official MCP
 * Java SDK client (as Spring AI does), which the extension hands over connected to the tape
 * (tapes/weather-agent.json) — replayed in CI with no Wassette and no backend, recorded or verified
 * against the live component on demand.
 */
@WassetteTape("weather-agent.json")
class WeatherAgentTest {

  static final LazyBackend backend = new LazyBackend();

  @RegisterExtension
  static WassetteTapeExtension tape = SampleComponents.weatherTape(backend).build();

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  /** The code under test: a small "agent" answering "do I need an umbrella?" from the tool. */
  static String umbrellaAdvice(McpSyncClient mcp, List<String> cities) {
    StringBuilder advice = new StringBuilder();
    for (String city : cities) {
      McpSchema.CallToolResult forecast =
          mcp.callTool(new McpSchema.CallToolRequest("get-weather", Map.of("city", city)));
      Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) forecast.structuredContent()).get("result");
      Object ok = result.get("ok");
      advice
          .append(city)
          .append(": ")
          .append(
              ok == null
                  ? "no forecast (" + result.get("err") + ")"
                  : ok.toString().contains("rain") ? "take an umbrella" : "no umbrella")
          .append('\n');
    }
    return advice.toString();
  }

  @Test
  void theAgentAdvisesFromEachCitysForecast(McpSyncClient mcp) {
    assertThat(umbrellaAdvice(mcp, List.of("Oslo", "Lisbon", "Atlantis")))
        .isEqualTo(
            "Oslo: take an umbrella\n"
                + "Lisbon: no umbrella\n"
                + "Atlantis: no forecast (unknown city: Atlantis)\n");
  }

  @Test
  void theAgentFindsTheToolItNeedsWithItsSchema(McpSyncClient mcp) {
    McpSchema.Tool tool =
        mcp.listTools().tools().stream()
            .filter(t -> t.name().equals("get-weather"))
            .findFirst()
            .orElseThrow();

    assertThatJson(tool.inputSchema())
        .isEqualTo("{type: 'object', properties: {city: {type: 'string'}}, required: ['city']}");
  }

  @Test
  void anAsyncAgentGetsTheSameAnswer(McpAsyncClient mcp) {
    McpSchema.CallToolResult oslo =
        mcp.callTool(new McpSchema.CallToolRequest("get-weather", Map.of("city", "Oslo"))).block();

    assertThatJson(oslo.structuredContent())
        .isEqualTo("{result: {ok: 'Oslo: 7.5 °C, light rain'}}");
  }
}

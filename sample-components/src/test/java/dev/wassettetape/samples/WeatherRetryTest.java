package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.intercept.Faults;
import dev.wassettetape.junit.SdkClientSpec;
import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.junit.WassetteTapeExtension;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault injection: what does an agent do when {@code get-weather} times out, or fails? Faults are
 * injected at the proxy — the same ones in replay (CI: no Wassette, no backend) and live — and the
 * tape (tapes/weather-retry.json) holds what the component really said, so the faults never leak
 * into it.
 */
@WassetteTape("weather-retry.json")
class WeatherRetryTest {

  static final LazyBackend backend = new LazyBackend();

  /** How long the agent waits for the tool before it tries again. */
  static final Duration PATIENCE = Duration.ofSeconds(1);

  @RegisterExtension
  static WassetteTapeExtension tape =
      SampleComponents.weatherTape(backend)
          .interceptor(
              Faults.inject(
                  // its first answer is lost: the agent's call times out
                  Faults.tool("get-weather").inChapter("retriesAfterATimeout").call(1)
                      .dropResponse(),
                  // the service never answers in time
                  Faults.tool("get-weather").inChapter("givesUpAfterThreeTimeouts")
                      .dropResponse(),
                  // the tool reports an error once
                  Faults.tool("get-weather").inChapter("retriesAfterAToolError").call(1)
                      .isError("upstream weather service unavailable")))
          .sdkClient(
              new SdkClientSpec() {
                @Override
                public McpClient.SyncSpec sync(McpClient.SyncSpec spec) {
                  return spec.requestTimeout(PATIENCE);
                }
              })
          .build();

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  /** The code under test: a forecast with up to three tries. */
  static final class ForecastAgent {
    private final McpSyncClient mcp;
    int attempts;

    ForecastAgent(McpSyncClient mcp) {
      this.mcp = mcp;
    }

    String forecast(String city) {
      for (int attempt = 1; attempt <= 3; attempt++) {
        attempts = attempt;
        try {
          McpSchema.CallToolResult result =
              mcp.callTool(new McpSchema.CallToolRequest("get-weather", Map.of("city", city)));
          if (!Boolean.TRUE.equals(result.isError())) {
            Map<?, ?> structured = (Map<?, ?>) result.structuredContent();
            return String.valueOf(((Map<?, ?>) structured.get("result")).get("ok"));
          }
        } catch (RuntimeException timedOut) {
          // the SDK's request timeout: try again
        }
      }
      return "no forecast for " + city + " after 3 tries";
    }
  }

  @Test
  void retriesAfterATimeout(McpSyncClient mcp) {
    ForecastAgent agent = new ForecastAgent(mcp);

    assertThat(agent.forecast("Oslo")).isEqualTo("Oslo: 7.5 °C, light rain");
    assertThat(agent.attempts).isEqualTo(2);
  }

  @Test
  void retriesAfterAToolError(McpSyncClient mcp) {
    ForecastAgent agent = new ForecastAgent(mcp);

    assertThat(agent.forecast("Lisbon")).isEqualTo("Lisbon: 18 °C, clear sky");
    assertThat(agent.attempts).isEqualTo(2);
  }

  @Test
  void givesUpAfterThreeTimeouts(McpSyncClient mcp) {
    ForecastAgent agent = new ForecastAgent(mcp);

    assertThat(agent.forecast("Oslo")).isEqualTo("no forecast for Oslo after 3 tries");
    assertThat(agent.attempts).isEqualTo(3);
  }
}

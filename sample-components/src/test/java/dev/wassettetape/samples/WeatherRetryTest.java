package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.intercept.Faults;
import dev.wassettetape.intercept.TokenStripper;
import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.junit.WassetteTapeExtension;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interceptors in a sample. Fault injection: what does an agent do when {@code get-weather} times
 * out, or fails? Faults are injected at the proxy — the same ones in replay (CI: no Wassette, no
 * backend) and live — and the tape (tapes/weather-retry.json) holds what the component really said,
 * so the faults never leak into it. Token stripping: the credential an agent attaches to its calls
 * never reaches the component, and the tape records only that it was stripped (GoldenTapesTest
 * checks the tape).
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
              // the agent's credential is for the host, never for the component (nor the tape)
              TokenStripper.fields("_meta.authorization"),
              Faults.inject(
                  // its first answer is lost: the agent's call times out
                  Faults.tool("get-weather")
                      .inChapter("retriesAfterATimeout")
                      .call(1)
                      .dropResponse(),
                  // the service never answers in time
                  Faults.tool("get-weather").inChapter("givesUpAfterThreeTimeouts").dropResponse(),
                  // the tool reports an error once
                  Faults.tool("get-weather")
                      .inChapter("retriesAfterAToolError")
                      .call(1)
                      .isError("upstream weather service unavailable")))
          .build();

  @AfterAll
  static void stopBackend() {
    backend.close();
  }

  /** The code under test: a forecast with up to three tries. */
  static final class ForecastAgent {
    private final McpAsyncClient mcp;
    int attempts;

    ForecastAgent(McpAsyncClient mcp) {
      this.mcp = mcp;
    }

    String forecast(String city) {
      for (int attempt = 1; attempt <= 3; attempt++) {
        attempts = attempt;
        try {
          McpSchema.CallToolResult result =
              mcp.callTool(new McpSchema.CallToolRequest("get-weather", Map.of("city", city)))
                  .block(PATIENCE);
          if (!Boolean.TRUE.equals(result.isError())) {
            Map<?, ?> structured = (Map<?, ?>) result.structuredContent();
            return String.valueOf(((Map<?, ?>) structured.get("result")).get("ok"));
          }
        } catch (IllegalStateException timedOut) {
          // no answer within PATIENCE: try again
        }
      }
      return "no forecast for " + city + " after 3 tries";
    }
  }

  @Test
  void retriesAfterATimeout(McpAsyncClient mcp) {
    ForecastAgent agent = new ForecastAgent(mcp);

    assertThat(agent.forecast("Oslo")).isEqualTo("Oslo: 7.5 °C, light rain");
    assertThat(agent.attempts).isEqualTo(2);
  }

  @Test
  void retriesAfterAToolError(McpAsyncClient mcp) {
    ForecastAgent agent = new ForecastAgent(mcp);

    assertThat(agent.forecast("Lisbon")).isEqualTo("Lisbon: 18 °C, clear sky");
    assertThat(agent.attempts).isEqualTo(2);
  }

  @Test
  void aCallWithTheAgentsCredentialStillGetsItsForecast(McpAsyncClient mcp) {
    McpSchema.CallToolResult result =
        mcp.callTool(
                McpSchema.CallToolRequest.builder("get-weather")
                    .arguments(Map.of("city", "Oslo"))
                    .meta(Map.of("authorization", CREDENTIAL))
                    .build())
            .block(PATIENCE);

    assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
    assertThat(result.structuredContent().toString()).contains("Oslo: 7.5 °C, light rain");
  }

  /** What the agent attaches to its calls; GoldenTapesTest checks it is not in the tape. */
  static final String CREDENTIAL = "Bearer agent-credential-0a1b2c3d";

  @Test
  void givesUpAfterThreeTimeouts(McpAsyncClient mcp) {
    ForecastAgent agent = new ForecastAgent(mcp);

    assertThat(agent.forecast("Oslo")).isEqualTo("no forecast for Oslo after 3 tries");
    assertThat(agent.attempts).isEqualTo(3);
  }
}

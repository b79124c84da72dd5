package dev.wassettetape.samples;

import static dev.wassettetape.samples.SampleComponents.NEW_ID_TOOL;
import static dev.wassettetape.samples.SampleComponents.NOW_TOOL;
import static dev.wassettetape.samples.SampleComponents.WEATHER_TOOL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.ToolResult;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import dev.wassettetape.wassette.WassetteProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The walking skeleton, for real: our MCP client over stdio to the real Wassette binary running our
 * own weather and clock components, with a real HTTP backend on loopback. A missing Wassette fails
 * these tests (it is never a skip).
 */
@Timeout(180)
class LiveWassetteIT {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static WassetteInstallation wassette;
  static WeatherBackend backend;
  static WassetteProcess process;
  static McpClient client;
  static JsonNode handshake;

  @BeforeAll
  static void start() {
    wassette = WassetteInstallation.locate();
    backend = WeatherBackend.start();
    process = launcher(WeatherBackend.API_KEY).component(SampleComponents.clock()).launch();
    client = new McpClient(process.transport(), TIMEOUT);
    handshake = client.initialize();
  }

  static WassetteLauncher launcher(String apiKey) {
    return WassetteLauncher.of(wassette)
        .component(SampleComponents.weather())
        .env("WEATHER_API_URL", backend.url())
        .env("WEATHER_API_KEY", apiKey);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (process != null) {
      process.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void handshakeNegotiatesTheProtocolWeAskFor() {
    assertThat(handshake.path("protocolVersion").asText())
        .isEqualTo(McpClient.PROTOCOL_VERSIONS.get(0));
    assertThat(handshake.path("serverInfo").path("name").asText()).isEqualTo("rmcp");
    assertThat(handshake.path("capabilities").path("tools").path("listChanged").asBoolean())
        .isTrue();
  }

  @Test
  void toolsListNamesOurToolsAsTheRuntimeReportsThem() {
    List<String> names =
        StreamSupport.stream(client.listTools().spliterator(), false)
            .map(t -> t.path("name").asText())
            .toList();

    assertThat(names).containsExactlyInAnyOrder(WEATHER_TOOL, NOW_TOOL, NEW_ID_TOOL);
  }

  @Test
  void builtInToolsAreOffUnlessAskedFor() {
    try (WassetteProcess withBuiltins =
            launcher(WeatherBackend.API_KEY).builtinTools(true).launch();
        McpClient other = new McpClient(withBuiltins.transport(), TIMEOUT)) {
      other.initialize();
      List<String> names =
          StreamSupport.stream(other.listTools().spliterator(), false)
              .map(t -> t.path("name").asText())
              .toList();

      assertThat(names).contains(WEATHER_TOOL, "load-component", "grant-network-permission");
    }
  }

  @Test
  void weatherReturnsTheBackendsValueForAKnownCity() {
    ToolResult result = client.callTool(WEATHER_TOOL, Map.of("city", "Oslo"));

    assertThat(result.isError()).isFalse();
    assertThat(result.structuredContent().path("result").path("ok").asText())
        .isEqualTo("Oslo: 7.5 °C, light rain");
  }

  @Test
  void weatherReturnsTheComponentsErrForAnUnknownCity() {
    ToolResult result = client.callTool(WEATHER_TOOL, Map.of("city", "Atlantis"));

    assertThat(result.isError()).isFalse(); // Wassette does not flag a guest err
    assertThat(result.structuredContent().path("result").path("err").asText())
        .isEqualTo("unknown city: Atlantis");
  }

  @Test
  void clockReturnsAnIsoTimestampAndAUuid() {
    Instant before = Instant.now();
    String now = client.callTool(NOW_TOOL, Map.of()).structuredContent().path("result").asText();
    String id = client.callTool(NEW_ID_TOOL, Map.of()).structuredContent().path("result").asText();

    assertThat(Instant.parse(now)).isBetween(before.minusSeconds(5), Instant.now().plusSeconds(5));
    assertThat(UUID.fromString(id).version()).isEqualTo(4);
    assertThat(id).isEqualTo(UUID.fromString(id).toString());
  }

  @Test
  void aWrongApiKeyIsRefusedByTheBackend() {
    try (WassetteProcess other = launcher("wrong-key").launch();
        McpClient c = new McpClient(other.transport(), TIMEOUT)) {
      c.initialize();

      ToolResult result = c.callTool(WEATHER_TOOL, Map.of("city", "Oslo"));

      assertThat(result.structuredContent().path("result").path("err").asText())
          .isEqualTo("backend answered HTTP 401");
    }
  }

  @Test
  void aPolicyWithoutTheBackendHostFailsTheCallClearly() {
    int before = backend.requestCount();
    try (WassetteProcess other =
            WassetteLauncher.of(wassette)
                .component(
                    SampleComponents.weather()
                        .withPolicy(SampleComponents.policy("weather-no-network.policy.yaml")))
                .env("WEATHER_API_URL", backend.url())
                .env("WEATHER_API_KEY", WeatherBackend.API_KEY)
                .launch();
        McpClient c = new McpClient(other.transport(), TIMEOUT)) {
      c.initialize();

      ToolResult result = c.callTool(WEATHER_TOOL, Map.of("city", "Oslo"));

      assertThat(result.text()).contains("backend unreachable");
      assertThat(backend.requestCount()).isEqualTo(before);
    }
  }

  @Test
  void afterCloseNoWassetteProcessRemains() throws Exception {
    WassetteProcess other = launcher(WeatherBackend.API_KEY).launch();
    ProcessHandle handle = other.handle();
    List<ProcessHandle> children = handle.descendants().toList();
    assertThat(handle.isAlive()).isTrue();

    other.close();

    assertThat(handle.isAlive()).isFalse();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(other.componentDir()).doesNotExist();
  }
}

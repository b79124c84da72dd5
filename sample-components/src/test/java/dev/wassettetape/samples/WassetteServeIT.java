package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpException;
import dev.wassettetape.server.WassetteServer;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.SessionResult;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import dev.wassettetape.wassette.WassetteProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Wassette served over Streamable HTTP by the launcher ({@code wassette serve
 * --streamable-http} on a free loopback port): ready only once its components are loaded, a session
 * that answers, and nothing left when it closes. The first step of issue 10.
 */
@Timeout(180)
class WassetteServeIT {

  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void servesTheComponentsToolsOverStreamableHttpOnceLaunched() throws Exception {
    WassetteProcess wassette;
    try (WassetteProcess w =
        WassetteLauncher.of(WassetteInstallation.locate())
            .component(SampleComponents.clock())
            .streamableHttp()
            .launch()) {
      wassette = w;
      URI url = w.url().orElseThrow();
      assertThat(url.toString()).matches("http://127\\.0\\.0\\.1:\\d+/mcp");
      assertThatThrownBy(w::transport).hasMessageContaining("serves Streamable HTTP at " + url);

      HttpResponse<String> init =
          post(
              url,
              null,
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                  + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                  + "\"clientInfo\":{\"name\":\"it\",\"version\":\"0\"}}}");
      assertThat(init.statusCode()).isEqualTo(200);
      String session = init.headers().firstValue("mcp-session-id").orElseThrow();
      assertThat(data(init).at("/result/serverInfo/name").asText()).isEqualTo("rmcp");

      assertThat(
              post(url, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                  .statusCode())
          .isEqualTo(202);
      // loaded before launch() returned: the component's tools are there at once
      JsonNode tools =
          data(post(url, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"));
      assertThat(tools.at("/result/tools"))
          .extracting(t -> t.path("name").asText())
          .contains("wassette-tape_clock_clock_new-id");
      JsonNode id =
          data(
              post(
                  url,
                  session,
                  "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                      + "{\"name\":\"wassette-tape_clock_clock_new-id\",\"arguments\":{}}}"));
      assertThat(id.at("/result/content/0/text").asText())
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
    assertThat(wassette.handle().isAlive()).isFalse();
  }

  /**
   * The tape is the same at the JSON-RPC level whatever the transport: a session recorded from the
   * real Wassette over Streamable HTTP replays (with no Wassette) exactly.
   */
  @Test
  void aSessionRecordedOverHttpReplaysFromTheSameTape(@TempDir Path dir) throws Exception {
    Path tape = dir.resolve("clock-http.json");
    String recorded;
    try (TapeSession session =
        TapeSession.builder(tape)
            .mode(Mode.RECORD)
            .server(
                () ->
                    WassetteServer.launch(
                        WassetteLauncher.of(WassetteInstallation.locate())
                            .component(SampleComponents.clock())
                            .streamableHttp()))
            .open()) {
      McpClient client = session.client("newId");
      client.initialize();
      assertThat(client.listTools().toString()).contains(ClockComponentTest.NEW_ID);
      recorded = client.callTool(ClockComponentTest.NEW_ID, Map.of()).text();
      session.endChapter("newId", true);
      SessionResult result = session.finish(Set.of(), true);
      assertThat(result.written()).as(String.valueOf(result.serverLost())).isTrue();
    }
    assertThat(recorded).matches("[0-9a-f]{8}-[0-9a-f-]{27}");
    assertThat(Files.readString(tape)).contains(recorded).contains("\"name\": \"rmcp\"");

    try (TapeSession replay = TapeSession.builder(tape).mode(Mode.REPLAY).open()) {
      McpClient client = replay.client("newId");
      client.initialize();
      client.listTools();
      assertThat(client.callTool(ClockComponentTest.NEW_ID, Map.of()).text()).isEqualTo(recorded);
      replay.endChapter("newId", true);
      assertThat(replay.finish(Set.of(), true).written()).isFalse();
    }
  }

  /** Over HTTP as over stdio (issue 9): a Wassette killed mid-recording changes no golden tape. */
  @Test
  void aWassetteKilledMidSessionOverHttpNeverChangesTheGoldenTape(@TempDir Path dir)
      throws Exception {
    Path golden = Files.copy(Path.of("../tapes/clock.json"), dir.resolve("clock.json"));
    String before = Files.readString(golden);
    AtomicReference<WassetteServer> wassette = new AtomicReference<>();
    SessionResult result;
    try (TapeSession session =
        TapeSession.builder(golden)
            .mode(Mode.RECORD)
            .server(
                () -> {
                  wassette.set(
                      WassetteServer.launch(
                          WassetteLauncher.of(WassetteInstallation.locate())
                              .component(SampleComponents.clock())
                              .streamableHttp()));
                  return wassette.get();
                })
            .open()) {
      McpClient client = session.client("newId");
      client.initialize();
      client.callTool(ClockComponentTest.NEW_ID, Map.of());

      wassette.get().process().handle().descendants().forEach(ProcessHandle::destroyForcibly);
      wassette.get().process().handle().onExit().get(10, TimeUnit.SECONDS);

      assertThatThrownBy(() -> client.callTool(ClockComponentTest.NEW_ID, Map.of()))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("exited");
      session.endChapter("newId", true);
      result = session.finish(Set.of(), true);
    }
    assertThat(result.written()).isFalse();
    assertThat(result.serverLost()).contains("exited");
    assertThat(golden).hasContent(before);
    assertThat(dir.resolve("clock.partial.json")).exists();
  }

  private HttpResponse<String> post(URI url, String session, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    Optional.ofNullable(session)
        .ifPresent(
            s -> request.header("Mcp-Session-Id", s).header("MCP-Protocol-Version", "2025-06-18"));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON-RPC message of an SSE (or plain JSON) response: the last non-empty data line. */
  private static JsonNode data(HttpResponse<String> response) throws Exception {
    if (response.headers().firstValue("content-type").orElse("").startsWith("application/json")) {
      return JSON.readTree(response.body());
    }
    List<String> data =
        response
            .body()
            .lines()
            .filter(l -> l.startsWith("data:"))
            .map(l -> l.substring(5).trim())
            .filter(l -> !l.isEmpty())
            .toList();
    assertThat(data).as(response.body()).isNotEmpty();
    return JSON.readTree(data.get(data.size() - 1));
  }
}

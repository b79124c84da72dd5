package dev.wassettetape.samples;

import static dev.wassettetape.samples.SampleComponents.NEW_ID_TOOL;
import static dev.wassettetape.samples.SampleComponents.NOW_TOOL;
import static dev.wassettetape.samples.SampleComponents.WEATHER_TOOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.client.ToolResult;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.server.WassetteServer;
import dev.wassettetape.session.ChapterResult;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.SessionResult;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.session.TapeSessionBuilder;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.wassette.Component;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record a real Wassette session with our components, replay it without Wassette, verify it against
 * the live components, and see verify fail readably when a component's answer or tool surface
 * changes.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TapeRoundTripIT {

  @TempDir static Path dir;
  static WassetteInstallation wassette;
  static WeatherBackend backend;
  static Path tape;
  static final Secrets SECRETS = Secrets.of(Map.of("WEATHER_API_KEY", WeatherBackend.API_KEY));

  @BeforeAll
  static void start() {
    wassette = WassetteInstallation.locate();
    backend = WeatherBackend.start();
    tape = dir.resolve("weather-and-clock.json");
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  static Supplier<LiveServer> live(WeatherBackend backend, Component... components) {
    return () -> {
      WassetteLauncher launcher =
          WassetteLauncher.of(wassette)
              .env("WEATHER_API_URL", backend.url())
              .env("WEATHER_API_KEY", WeatherBackend.API_KEY);
      for (Component c : components) {
        launcher.component(c);
      }
      return WassetteServer.launch(launcher);
    };
  }

  static TapeSessionBuilder session(Mode mode) {
    return TapeSession.builder(tape).mode(mode).secrets(SECRETS);
  }

  /** What two users' tests do, each a chapter; returns the tool results they saw. */
  static List<JsonNode> exercise(TapeSession session) {
    List<JsonNode> seen = new ArrayList<>();
    McpClient weather = session.client("weather");
    weather.initialize();
    seen.add(weather.listTools());
    seen.add(weather.callTool(WEATHER_TOOL, Map.of("city", "Oslo")).raw());
    seen.add(weather.callTool(WEATHER_TOOL, Map.of("city", "Atlantis")).raw());
    McpClient clock = session.client("clock");
    clock.initialize();
    seen.add(clock.callTool(NOW_TOOL, Map.of()).raw());
    seen.add(clock.callTool(NEW_ID_TOOL, Map.of()).raw());
    return seen;
  }

  /** Ends both chapters as passed tests would, then the session. */
  static SessionResult finish(TapeSession session, List<ChapterResult> chapters) {
    chapters.add(session.endChapter("weather", true));
    chapters.add(session.endChapter("clock", true));
    return session.finish(Set.of(), true);
  }

  static List<JsonNode> recordedResults;

  @Test
  @Order(1)
  void recordWritesARedactedTapeWithAChapterPerTestFromOneWassette() throws Exception {
    SessionResult result;
    try (TapeSession s =
        session(Mode.RECORD)
            .server(live(backend, SampleComponents.weather(), SampleComponents.clock()))
            .open()) {
      recordedResults = exercise(s);
      result = finish(s, new ArrayList<>());
    }

    assertThat(result.written()).isTrue();
    String text = Files.readString(tape);
    assertThat(text).doesNotContain(WeatherBackend.API_KEY).endsWith("}\n").doesNotContain("\r");
    Tape t = TapeFile.read(tape);
    assertThat(t.recorded().redacted()).containsExactly("WEATHER_API_KEY");
    assertThat(t.recorded().runtime().path("version").asText())
        .isEqualTo(wassette.version().toString());
    assertThat(t.recorded().components())
        .extracting(c -> c.path("id").asText())
        .containsExactly("weather", "clock");
    assertThat(t.handshake().response().result().path("protocolVersion").asText())
        .isEqualTo(McpClient.PROTOCOL_VERSIONS.get(0));
    assertThat(t.chapters().keySet()).containsExactly("clock", "weather");
    assertThat(t.chapters().get("weather").interactions())
        .extracting(i -> i.label())
        .containsExactly("tools/list", "tools/call get-weather", "tools/call get-weather");
    assertThat(t.chapters().get("clock").interactions())
        .extracting(i -> i.label())
        .containsExactly("tools/call " + NOW_TOOL, "tools/call " + NEW_ID_TOOL);
  }

  @Test
  @Order(2)
  void replayAnswersLikeTheLiveComponentWithoutWassette() {
    List<JsonNode> replayed;
    List<ChapterResult> chapters = new ArrayList<>();
    try (TapeSession s =
        session(Mode.REPLAY)
            .server(
                () -> {
                  throw new AssertionError("replay must not start a server");
                })
            .open()) {
      replayed = exercise(s);
      finish(s, chapters);
    }

    assertThat(replayed).isEqualTo(recordedResults);
    assertThat(chapters).allSatisfy(c -> assertThat(c.mismatches()).isEmpty());
    assertThat(chapters).allSatisfy(c -> assertThat(c.unused()).isEmpty());
  }

  @Test
  @Order(3)
  void replayReportsAnUnmatchedRequestWithItsNearestTapedRequests() {
    try (TapeSession s = session(Mode.REPLAY).open()) {
      McpClient client = s.client("weather");
      client.initialize();

      assertThatThrownBy(() -> client.callTool(WEATHER_TOOL, Map.of("city", "Bergen")))
          .isInstanceOf(McpErrorException.class)
          .hasMessage(
              "JSON-RPC error -32001: wassette-tape: no taped interaction matches tools/call get-weather;"
                  + " nearest taped: #2 tools/call get-weather (Different value found in node \"arguments.city\", expected: <\"Oslo\"> but was: <\"Bergen\">.)");
      ChapterResult result = s.endChapter("weather", true);

      assertThat(result.mismatches()).hasSize(1);
      assertThat(result.mismatches().get(0))
          .startsWith(
              "No taped interaction matches tools/call get-weather (live id 2) in chapter 'weather' of tape "
                  + tape)
          .contains(
              "1. interaction #2 tools/call get-weather\n       Different value found in node \"arguments.city\", expected: <\"Oslo\"> but was: <\"Bergen\">.")
          .contains(
              "2. interaction #3 tools/call get-weather\n       Different value found in node \"arguments.city\", expected: <\"Atlantis\"> but was: <\"Bergen\">.")
          .endsWith(
              "To re-record the tape: run once in RECORD mode (-Dwassette.tape.mode=RECORD), then commit "
                  + tape);
      assertThat(result.unused()).hasSize(3);
    }
  }

  @Test
  @Order(4)
  void verifyPassesAgainstTheUnchangedComponentsClockIncluded() {
    List<ChapterResult> chapters = new ArrayList<>();
    SessionResult result;
    try (TapeSession s =
        session(Mode.VERIFY)
            .server(live(backend, SampleComponents.weather(), SampleComponents.clock()))
            .open()) {
      exercise(s);
      result = finish(s, chapters);
    }

    assertThat(chapters)
        .extracting(c -> c.verify().render())
        .containsExactly(
            "Verified chapter 'weather' of tape "
                + tape
                + ": 3 interactions match (after normalisation).\n",
            "Verified chapter 'clock' of tape "
                + tape
                + ": 2 interactions match (after normalisation).\n");
    assertThat(result.handshake().passed()).isTrue();
    assertThat(result.received()).isNull();
  }

  @Test
  @Order(5)
  void verifyFailsReadablyWhenTheBackendAnswersDifferentlyButOnlyTheWeatherChapter()
      throws Exception {
    List<ChapterResult> chapters = new ArrayList<>();
    SessionResult result;
    try (WeatherBackend changed =
            WeatherBackend.start(
                Map.of("Oslo", "{\"city\":\"Oslo\",\"temperatureC\":-3,\"conditions\":\"snow\"}"));
        TapeSession s =
            session(Mode.VERIFY)
                .server(live(changed, SampleComponents.weather(), SampleComponents.clock()))
                .open()) {
      exercise(s);
      result = finish(s, chapters);
    }

    assertThat(chapters.get(1).verify().passed()).as("the clock chapter").isTrue();
    String report = chapters.get(0).verify().render();
    assertThat(report)
        .startsWith("Verify failed: the live server differs from chapter 'weather' of tape " + tape)
        .contains(
            "interaction #2 tools/call get-weather:\n"
                + "  Different value found in node \"response.result.content[0].text.ok\", expected: <\"Oslo: 7.5 °C, light rain\"> but was: <\"Oslo: -3 °C, snow\">.\n"
                + "  Different value found in node \"response.result.structuredContent.result.ok\", expected: <\"Oslo: 7.5 °C, light rain\"> but was: <\"Oslo: -3 °C, snow\">.")
        .contains(
            "Accept it as the new golden tape with: mv "
                + dir.resolve("weather-and-clock.received.json")
                + " "
                + tape);
    assertThat(result.received()).isEqualTo(dir.resolve("weather-and-clock.received.json"));
    assertThat(TapeFile.read(result.received()).chapters().keySet())
        .containsExactly("clock", "weather");
  }

  @Test
  @Order(6)
  void verifyReportsToolsRemovedFromTheSurface() {
    ChapterResult result;
    try (TapeSession s =
        session(Mode.VERIFY).server(live(backend, SampleComponents.weather())).open()) {
      McpClient client = s.client("weather");
      client.initialize();
      client.listTools();
      result = s.endChapter("weather", true);
    }

    assertThat(result.verify().render())
        .contains(
            "interaction #1 tools/list:\n  - tool removed: "
                + NEW_ID_TOOL
                + " (breaking)\n  - tool removed: "
                + NOW_TOOL
                + " (breaking)\n");
  }

  @Test
  @Order(7)
  void aFailedTestNeverWritesItsChapter() throws Exception {
    Path other = dir.resolve("never.json");
    try (TapeSession s =
        TapeSession.builder(other)
            .mode(Mode.RECORD)
            .secrets(SECRETS)
            .server(live(backend, SampleComponents.clock()))
            .open()) {
      McpClient client = s.client("fails");
      client.initialize();
      client.callTool(NOW_TOOL, Map.of());
      s.endChapter("fails", false);
      assertThat(s.finish(Set.of(), true).written()).isFalse();
    }
    assertThat(other).doesNotExist();
  }

  @Test
  @Order(8)
  void theClockChapterNormalisesToTheSameExchangesAcrossTwoRecordings() throws Exception {
    Path first = dir.resolve("clock-1.json");
    Path second = dir.resolve("clock-2.json");
    for (Path p : List.of(first, second)) {
      try (TapeSession s =
          TapeSession.builder(p)
              .mode(Mode.RECORD)
              .server(live(backend, SampleComponents.clock()))
              .open()) {
        McpClient client = s.client("ids");
        client.initialize();
        ToolResult id = client.callTool(NEW_ID_TOOL, Map.of());
        client.callTool(NOW_TOOL, Map.of());
        client.callTool(NEW_ID_TOOL, Map.of());
        assertThat(id.text()).isNotBlank();
        s.endChapter("ids", true);
        s.finish(Set.of(), true);
      }
    }
    Chapter a = TapeFile.read(first).chapters().get("ids");
    Chapter b = TapeFile.read(second).chapters().get("ids");

    assertThat(a.interactions()).isNotEqualTo(b.interactions());
    List<JsonNode> normalised = Normalizer.standard().exchanges(a);
    assertThat(normalised).isEqualTo(Normalizer.standard().exchanges(b));
    assertThat(normalised.get(0).at("/response/result/structuredContent/result").asText())
        .isEqualTo("<uuid:1>");
    assertThat(normalised.get(2).at("/response/result/structuredContent/result").asText())
        .isEqualTo("<uuid:2>");
  }
}

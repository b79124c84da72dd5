package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.client.SessionClosedException;
import dev.wassettetape.server.WassetteServer;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.SessionResult;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Wassette killed mid-recording ({@code kill -9}): the pending call gets the exit status
 * and the stderr tail, and the golden tape is not changed, whatever the test does.
 */
@Timeout(300)
class WassetteCrashIT {

  @Test
  void aWassetteKilledMidSessionNeverChangesTheGoldenTape(@TempDir Path dir) throws Exception {
    Path golden = Files.copy(Path.of("../tapes/weather.json"), dir.resolve("weather.json"));
    String before = Files.readString(golden);
    AtomicReference<WassetteServer> wassette = new AtomicReference<>();
    SessionResult result;
    try (WeatherBackend backend = WeatherBackend.start();
        TapeSession s =
            TapeSession.builder(golden)
                .mode(Mode.RECORD)
                .secrets(Secrets.of(Map.of("WEATHER_API_KEY", WeatherBackend.API_KEY)))
                .server(
                    () -> {
                      wassette.set(
                          WassetteServer.launch(
                              WassetteLauncher.of(WassetteInstallation.locate())
                                  .component(SampleComponents.weather())
                                  .env("WEATHER_API_URL", backend.url())
                                  .env("WEATHER_API_KEY", WeatherBackend.API_KEY)));
                      return wassette.get();
                    })
                .open()) {
      McpClient client = s.client("knownCityGivesTheBackendsWeather");
      client.initialize();
      assertThat(client.callTool("get-weather", Map.of("city", "Oslo")).text()).contains("Oslo");

      wassette.get().process().handle().descendants().forEach(ProcessHandle::destroyForcibly);

      // the call is either pending when Wassette's death is noticed (answered -32000) or sent after
      // the session ended (refused); either way the error says why, with the exit status
      assertThatThrownBy(() -> client.callTool("get-weather", Map.of("city", "Lisbon")))
          .isInstanceOfAny(McpErrorException.class, SessionClosedException.class)
          .hasMessageContaining("Wassette exited with status 137")
          .hasMessageContaining("last lines of its stderr");
      s.endChapter("knownCityGivesTheBackendsWeather", true);
      result = s.finish(Set.of(), true);
    }

    assertThat(result.written()).isFalse();
    assertThat(golden).hasContent(before);
    String partial = Files.readString(dir.resolve("weather.partial.json"));
    assertThat(partial).contains("Oslo: 7.5").doesNotContain(WeatherBackend.API_KEY);
  }
}

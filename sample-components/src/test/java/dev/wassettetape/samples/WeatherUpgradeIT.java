package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.internal.verify.Verifier;
import dev.wassettetape.internal.verify.VerifyReport;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.server.WassetteServer;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.wassette.Component;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade check a team runs before shipping a new component version: verify the golden tape
 * tapes/weather.json against weather v2, whose output format changed. Verify must fail and say
 * exactly what changed.
 */
@Timeout(300)
class WeatherUpgradeIT {

  @Test
  void verifyingTheGoldenTapeAgainstV2NamesTheChangedOutput(@TempDir Path dir) throws Exception {
    Path golden = dir.resolve("weather.json");
    Files.copy(Path.of("../tapes/weather.json"), golden);
    Secrets secrets = Secrets.of(Map.of("WEATHER_API_KEY", WeatherBackend.API_KEY));
    Component v2 = Component.of(SampleComponents.wasm("weather-v2")).withId("weather");

    VerifyReport report;
    try (WeatherBackend backend = WeatherBackend.start();
        WassetteServer live =
            WassetteServer.launch(
                WassetteLauncher.of(WassetteInstallation.locate())
                    .component(v2)
                    .env("WEATHER_API_URL", backend.url())
                    .env("WEATHER_API_KEY", WeatherBackend.API_KEY))) {
      report =
          new Verifier(Normalizer.standard(), secrets, Duration.ofSeconds(60))
              .verify(golden, live.transport(), List.of(), live.provenance());
    }

    assertThat(report.passed()).isFalse();
    assertThat(report.render())
        .contains(
            "chapter 'knownCityGivesTheBackendsWeather', interaction #1 tools/call get-weather:\n"
                + "  Different value found in node \"response.result.content[0].text.ok\", expected: <\"Oslo: 7.5 °C, light rain\"> but was: <\"Oslo: 7.5°C (light rain)\">.\n"
                + "  Different value found in node \"response.result.structuredContent.result.ok\", expected: <\"Oslo: 7.5 °C, light rain\"> but was: <\"Oslo: 7.5°C (light rain)\">.")
        .contains(
            "expected: <\"Lisbon: 18 °C, clear sky\"> but was: <\"Lisbon: 18°C (clear sky)\">")
        .doesNotContain("unknown city: Atlantis"); // unchanged answers are not reported
    assertThat(dir.resolve("weather.received.json")).exists();
  }
}

package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.tape.TapeSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every committed tape is a valid, stable, secret-free tape: reviewed like code, checked like it.
 */
class GoldenTapesTest {

  static List<Path> tapes() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../tapes"))) {
      return files
          .filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".received.json"))
          .sorted()
          .toList();
    }
  }

  @Test
  void thereAreTheSamplesTapes() throws IOException {
    assertThat(tapes())
        .extracting(p -> p.getFileName().toString())
        .contains("weather.json", "clock.json", "weather-refused-key.json");
  }

  @Test
  void everyTapeValidatesAgainstTheSchema() throws IOException {
    for (Path tape : tapes()) {
      assertThat(TapeSchema.violations(Files.readString(tape))).as(tape.toString()).isEmpty();
    }
  }

  @Test
  void everyTapeIsInItsCanonicalForm() throws IOException {
    for (Path tape : tapes()) {
      assertThat(TapeFile.toText(TapeFile.read(tape)))
          .as(tape.toString())
          .isEqualTo(Files.readString(tape));
    }
  }

  @Test
  void noTapeCarriesAKeyItWasGiven() throws IOException {
    for (Path tape : tapes()) {
      assertThat(Files.readString(tape))
          .as(tape.toString())
          .doesNotContain(WeatherBackend.API_KEY)
          .doesNotContain("revoked-key-0000")
          .doesNotContainPattern("Bearer [A-Za-z0-9._-]{12,}")
          .doesNotContain(WeatherRetryTest.CREDENTIAL);
    }
    assertThat(Files.readString(Path.of("../tapes/weather-retry.json")))
        .as("the token stripper's mark where the agent's credential was")
        .contains("\"authorization\": \"<stripped>\"");
    assertThat(Files.readString(Path.of("../tapes/weather.json"))).contains("\"WEATHER_API_KEY\"");
  }
}

package dev.wassettetape.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wassettetape.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tape reader on corrupt, truncated and future tapes (mutations of the committed golden tapes
 * and a seed corpus): a {@link Tape}, or a {@link TapeFormatException} naming the file, never
 * another exception (a Jackson stack trace); and a tape it reads writes back to text it reads the
 * same.
 */
class TapeReaderFuzzTest {

  static final Path FILE = Path.of("fuzzed.json");

  @Test
  void anyTextIsATapeOrAClearFormatErrorAndTapesRoundTrip() throws Exception {
    List<byte[]> corpus = new ArrayList<>(Fuzz.corpus("tapes"));
    for (Path dir : List.of(Path.of("src/test/resources/tapes"), Path.of("../tapes"))) {
      try (Stream<Path> tapes = Files.list(dir)) {
        for (Path tape : tapes.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          corpus.add(Files.readAllBytes(tape));
        }
      }
    }
    assertTimeoutPreemptively(
        Duration.ofSeconds(180),
        () ->
            Fuzz.check(
                "tapes",
                corpus,
                (input, random) -> {
                  Tape tape;
                  try {
                    tape = TapeFile.parse(FILE, new String(input, StandardCharsets.UTF_8));
                  } catch (TapeFormatException e) {
                    assertThat(e.getMessage()).contains(FILE.toString());
                    return;
                  }
                  String text = TapeFile.toText(tape);
                  assertThat(TapeFile.toText(TapeFile.parse(FILE, text))).isEqualTo(text);
                }));
  }
}

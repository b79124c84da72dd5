package dev.wassettetape.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TapeFileTest {

  static final Path FILE = Path.of("tapes/example.json");

  static String example() throws IOException {
    try (InputStream in = TapeFileTest.class.getResourceAsStream("/tapes/example.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theExampleTapeRoundTripsByteForByte() throws IOException {
    String text = example();

    Tape tape = TapeFile.parse(FILE, text);

    assertThat(TapeFile.toText(tape)).isEqualTo(text);
    assertThat(TapeSchema.violations(text)).isEmpty();
  }

  @Test
  void theSchemaRejectsWhatTheReaderWould() throws IOException {
    assertThat(TapeSchema.violations(example().replace("\"chapters\"", "\"interactions\"")))
        .isNotEmpty();
    assertThat(
            TapeSchema.violations(example().replace("\"wassette-tape/2\"", "\"wassette-tape/1\"")))
        .isNotEmpty();
  }

  @Test
  void writtenTapesAreAtomicReadableAndSchemaValid(@TempDir Path dir) throws IOException {
    Tape tape = TapeFile.parse(FILE, example());
    Path target = dir.resolve("sub/t.json");

    TapeFile.write(target, tape);

    assertThat(Files.readString(target)).isEqualTo(example()).endsWith("}\n").doesNotContain("\r");
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertThat(left).containsExactly(target); // no temporary file left behind
    }
    assertThat(Files.getPosixFilePermissions(target))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
  }

  @Test
  void aMissingTapeIsItsOwnError() {
    assertThatThrownBy(() -> TapeFile.read(Path.of("/nonexistent/weather.json")))
        .isInstanceOf(TapeNotFoundException.class)
        .hasMessage(
            "Tape /nonexistent/weather.json does not exist. Record it first (record mode), then commit it.");
  }

  @Test
  void truncatedJsonNamesTheFileAndTheLine() throws IOException {
    String text = example();
    String truncated = text.substring(0, text.length() / 2);

    assertThatThrownBy(() -> TapeFile.parse(FILE, truncated))
        .isInstanceOf(TapeFormatException.class)
        .hasMessageStartingWith(
            "Tape tapes/example.json is not a valid wassette-tape/2 tape: at /: line ")
        .hasMessageContaining("malformed JSON (Unexpected end-of-input")
        .hasMessageEndingWith(". Fix the file, or delete it and record it again.");
  }

  @Test
  void anUnknownFormatVersionIsRefused() throws IOException {
    String text = example().replace("\"wassette-tape/2\"", "\"wassette-tape/3\"");

    assertThatThrownBy(() -> TapeFile.parse(FILE, text))
        .hasMessage(
            "Tape tapes/example.json is not a valid wassette-tape/2 tape: at /format: unsupported format 'wassette-tape/3'"
                + " (this harness reads wassette-tape/2; a newer harness may read it). Fix the file, or delete it and record it again.");
  }

  @Test
  void aFirstFormatTapeSaysWhyItCannotBeReadAndHowToReplaceIt() throws IOException {
    String text = example().replace("\"wassette-tape/2\"", "\"wassette-tape/1\"");

    assertThatThrownBy(() -> TapeFile.parse(FILE, text))
        .isInstanceOf(TapeFormatException.class)
        .hasMessage(
            "Tape tapes/example.json is in format wassette-tape/1: one flat list of interactions for all tests."
                + " This harness reads wassette-tape/2, with one chapter per test, and cannot tell which test made"
                + " which interaction. Record the tape again (RECORD mode, the whole test class) and commit it.");
  }

  @Test
  void chaptersAreReadInTheirStableOrderWithTheirOwnProvenance() throws IOException {
    Tape tape = TapeFile.parse(FILE, example());

    assertThat(tape.chapters().keySet()).containsExactly("listsTools", "oslo", "unknownCity");
    assertThat(tape.chapters().get("oslo").runtime()).isNull(); // the header's
    assertThat(tape.chapters().get("unknownCity").runtime().path("version").asText())
        .isEqualTo("0.4.0");
    assertThat(tape.interactions()).hasSize(5);
  }

  @Test
  void aChapterKeyIsEscapedInTheJsonPointerOfAnError() throws IOException {
    String text =
        example()
            .replace("\"oslo\": {", "\"Offline/oslo~1\": {")
            .replaceFirst("\"method\": \"tools/call\"", "\"method\": 7");

    assertThatThrownBy(() -> TapeFile.parse(FILE, text))
        .hasMessageContaining(
            "at /chapters/Offline~1oslo~01/interactions/0/request/method: expected a string, found a number.");
  }

  @Test
  void missingFieldsAreNamedByTheirJsonPointer() throws IOException {
    String text = example().replaceFirst("\"method\": \"tools/call\"", "\"methd\": \"tools/call\"");

    assertThatThrownBy(() -> TapeFile.parse(FILE, text))
        .isInstanceOf(TapeFormatException.class)
        .hasMessage(
            "Tape tapes/example.json is not a valid wassette-tape/2 tape: at /chapters/oslo/interactions/0/request/method:"
                + " missing required field \"method\". Fix the file, or delete it and record it again.")
        .extracting(e -> ((TapeFormatException) e).location())
        .isEqualTo("/chapters/oslo/interactions/0/request/method");
  }

  @Test
  void wrongTypesSayWhatWasExpectedAndFound() throws IOException {
    assertThatThrownBy(
            () ->
                TapeFile.parse(
                    FILE, example().replaceFirst("\"elapsedMs\": \\d+", "\"elapsedMs\": \"fast\"")))
        .hasMessageContaining(
            "at /chapters/listsTools/interactions/0/elapsedMs: expected a whole number, found a string.");
    assertThatThrownBy(
            () ->
                TapeFile.parse(
                    FILE, example().replace("\"chapters\": {", "\"chapters\": {\"x\":[")))
        .hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> TapeFile.parse(FILE, "[]"))
        .hasMessageContaining("at /: expected an object, found an array.");
    assertThatThrownBy(
            () ->
                TapeFile.parse(
                    FILE, example().replace("\"at\": \"before-response\"", "\"at\": \"later\"")))
        .hasMessageContaining(
            "at /chapters/oslo/interactions/0/events/0/at: expected \"before-response\" or \"after-response\", found \"later\".");
    assertThatThrownBy(() -> TapeFile.parse(FILE, ""))
        .hasMessageContaining("at /: the file is empty.");
  }

  @Test
  void bytesThatLookLikeUtf32ButAreNotAreAFormatErrorNamingTheFile(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("garbage.json");
    // zero bytes first: Jackson takes the file for UTF-32, then finds no such character
    Files.write(file, new byte[] {0, 0, 0, '{', 0, 0x1f, 0, 0, 0, 0, 0, '}'});

    assertThatThrownBy(() -> TapeFile.read(file))
        .isInstanceOf(TapeFormatException.class)
        .hasMessageContaining("garbage.json")
        .hasMessageContaining("malformed JSON (not JSON text: ");
    assertThatThrownBy(
            () ->
                TapeFile.parse(file, new String(Files.readAllBytes(file), StandardCharsets.UTF_8)))
        .isInstanceOf(TapeFormatException.class);
  }
}

package dev.wassettetape.tape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Re-recording part of a tape: what changes, and what stays exactly as it was. */
class TapeRewriteTest {

  static Tape example() throws IOException {
    return TapeFile.parse(Path.of("example.json"), TapeFileTest.example());
  }

  static Provenance provenance(String at, String harness, String version) {
    return new Provenance(
        Instant.parse(at),
        harness,
        JsonNodeFactory.instance.objectNode().put("name", "wassette").put("version", version),
        List.of(),
        List.of());
  }

  /** The text of one chapter as the tape prints it. */
  static String chapterText(Tape tape, String key) {
    return TapeFile.pretty(TapeWriter.toJson(tape).path("chapters").path(key));
  }

  @Test
  void rewritingOneChapterLeavesTheOthersByteForByte() throws IOException {
    Tape before = example();
    Chapter oslo = before.chapters().get("oslo");
    Chapter again = new Chapter(Instant.parse("2026-12-01T10:00:00Z"), oslo.interactions());

    Tape after =
        before.rewrite(
            provenance("2026-12-01T10:00:00Z", "wassette-tape 0.1.0", "0.8.0")
                .withRedacted(List.of("WEATHER_API_KEY")),
            before.handshake(),
            Map.of("oslo", again),
            Set.of());

    assertThat(chapterText(after, "listsTools")).isEqualTo(chapterText(before, "listsTools"));
    assertThat(chapterText(after, "unknownCity")).isEqualTo(chapterText(before, "unknownCity"));
    assertThat(after.chapters().get("oslo").at()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(after.recorded().at()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(after.recorded().redacted()).containsExactly("WEATHER_API_KEY");
    String text = TapeFile.toText(after);
    assertThat(TapeFile.toText(TapeFile.parse(Path.of("x.json"), text))).isEqualTo(text);
  }

  @Test
  void aKeptChapterNamesTheRuntimeItWasRecordedWithWhenTheHeaderMovesOn() throws IOException {
    Tape before = example(); // recorded with 0.8.0; unknownCity with 0.4.0

    Tape after =
        before.rewrite(
            provenance("2026-12-01T10:00:00Z", "wassette-tape 0.2.0", "0.9.0"),
            before.handshake(),
            Map.of(),
            Set.of());

    assertThat(after.chapters().get("oslo").runtime().path("version").asText()).isEqualTo("0.8.0");
    assertThat(after.chapters().get("oslo").with()).isEqualTo("wassette-tape 0.1.0");
    assertThat(after.chapters().get("unknownCity").runtime().path("version").asText())
        .isEqualTo("0.4.0");
  }

  @Test
  void removedChaptersAreGoneAndNewOnesTakeTheirPlaceInOrder() throws IOException {
    Tape before = example();

    Tape after =
        before.rewrite(
            before.recorded(),
            before.handshake(),
            Map.of("cities[10] Oslo", new Chapter(Instant.EPOCH, List.of())),
            Set.of("oslo"));

    assertThat(after.chapters().keySet())
        .containsExactly("cities[10] Oslo", "listsTools", "unknownCity");
  }

  @Test
  void chaptersAreOrderedByKeyWithNumbersByValue() {
    List<String> keys =
        new ArrayList<>(
            List.of(
                "cities[10] Paris",
                "cities[2] Lisbon",
                "b",
                "(class)",
                "Offline/(class)",
                "a",
                "cities[1] Oslo"));

    keys.sort(Chapter.ORDER);

    assertThat(keys)
        .containsExactly(
            "(class)",
            "Offline/(class)",
            "a",
            "b",
            "cities[1] Oslo",
            "cities[2] Lisbon",
            "cities[10] Paris");
  }
}

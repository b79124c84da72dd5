package dev.wassettetape.internal.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.TapeFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Values kept as their text read back as the very trees they were, wherever they are used. */
class RawJsonTest {

  private static final String PRETTY =
      "{\n  \"keep\" : {\n    \"text\" : \"two  spaces, a \\\"quote\\\", a \\\\ and ü \\u00e9\",\n"
          + "    \"list\" : [ 1, 2.5, -3e2, true, null, { } ],\n    \"tab\\tkey\" : \"\\n\"\n  },\n"
          + "  \"other\" : [ { \"keep\" : [ 1 ] } ]\n}";

  private static final byte[] BYTES = PRETTY.getBytes(StandardCharsets.UTF_8);

  /** Keeps the value of {@code /keep} raw, with its hash. */
  private static final Json.Hook KEEP =
      (path, parser, token) ->
          path.equals(List.of("keep")) ? RawJson.readHashed(parser, token, BYTES) : null;

  @Test
  void aKeptValueIsItsCompactTextAndParsesToTheSameTree() throws Exception {
    byte[] bytes = BYTES;
    JsonNode whole = Json.parse(bytes);
    JsonNode kept = Json.parse(bytes, KEEP);

    RawJson raw = RawJson.in(kept.get("keep"));
    assertThat(raw).isNotNull();
    assertThat(raw.toString()).startsWith("{\n    \"text\"").endsWith("\n  }");
    assertThat(RawJson.tree(kept.get("keep"))).isEqualTo(whole.get("keep"));
    assertThat(RawJson.in(kept.at("/other/0/keep"))).as("only where asked").isNull();
    assertThat(kept.get("other")).isEqualTo(whole.get("other"));
    assertThat(raw.hashed()).isTrue();
    assertThat(raw.hash())
        .as("the hash read with it is the tree's")
        .isEqualTo(CanonicalJson.hash(whole.get("keep")));
    assertThat(raw.has("list")).isTrue();
    assertThat(raw.has("other")).as("its own members only").isFalse();
    assertThat(CanonicalJson.equal(kept.get("keep"), whole.get("keep"))).isTrue();
  }

  @Test
  void anOutcomeReadFromAFileEqualsTheSameOutcomeAsATree() throws Exception {
    byte[] bytes = BYTES;
    JsonNode kept = Json.parse(bytes, KEEP);
    Outcome raw = new Outcome(kept.get("keep"), null);
    Outcome tree = new Outcome(Json.parse(bytes).get("keep"), null);

    assertThat(raw).isEqualTo(tree).hasSameHashCodeAs(tree);
    assertThat(raw.result()).isEqualTo(tree.result());
    assertThat(raw.toResponse(Id.of(7)).result()).isEqualTo(tree.toResponse(Id.of(7)).result());
  }

  @Test
  void everyCommittedTapeReadsAndWritesBackByteForByte() throws Exception {
    Path tapes = Path.of(System.getProperty("wassette-tape.root", "..")).resolve("tapes");
    try (Stream<Path> files = Files.list(tapes)) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".json")).toList();
      assertThat(all).hasSizeGreaterThan(3);
      for (Path file : all) {
        String text = Files.readString(file);
        assertThat(TapeFile.toText(TapeFile.read(file)))
            .as("%s, read (its params and results kept as text) and written back", file)
            .isEqualTo(text);
      }
    }
  }
}

package dev.wassettetape.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every place a tape can hold the wrong kind of value is named by its JSON Pointer, with what was
 * expected: the example tape with one value replaced at a time.
 */
class TapeReaderErrorsTest {

  static final Path FILE = Path.of("example.json");

  static ObjectNode example() throws Exception {
    return (ObjectNode)
        Json.parse(Files.readString(Path.of("src/test/resources/tapes/example.json")));
  }

  /** The example with the value at {@code pointer} replaced by {@code value} (JSON). */
  static String with(String pointer, String value) throws Exception {
    ObjectNode tape = example();
    JsonPointer at = JsonPointer.compile(pointer);
    JsonNode parent = tape.at(at.head());
    JsonNode replacement = Json.parse(value);
    if (parent instanceof ObjectNode o) {
      o.set(at.last().getMatchingProperty(), replacement);
    } else {
      ((ArrayNode) parent).set(at.last().getMatchingIndex(), replacement);
    }
    return tape.toString();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/recorded | 1 | expected an object",
        "/recorded/runtime | [] | expected an object",
        "/recorded/components | {} | expected an array",
        "/recorded/redacted | \"x\" | expected an array",
        "/recorded/redacted/0 | 7 | expected a string",
        "/handshake | [] | expected an object",
        "/handshake/request | 1 | expected an object",
        "/handshake/response | 1 | expected an object",
        "/handshake/events | {} | expected an array",
        "/chapters | [] | expected an object",
        "/chapters/oslo | 1 | expected an object",
        "/chapters/oslo/recorded | 1 | expected an object",
        "/chapters/oslo/recorded/runtime | 1 | expected an object",
        "/chapters/oslo/interactions | {} | expected an array",
        "/chapters/oslo/interactions/0 | 1 | expected an object",
        "/chapters/oslo/interactions/0/request | 1 | expected an object",
        "/chapters/oslo/interactions/0/response | 1 | expected an object",
        "/chapters/oslo/interactions/0/response | {} | expected exactly one of \"result\" or \"error\"",
        "/chapters/oslo/interactions/0/response | {\"error\":1} | expected an object",
        "/chapters/oslo/interactions/0/elapsedMs | \"7\" | expected a whole number",
        "/chapters/oslo/interactions/0/cancelled | 1 | expected an object",
        "/chapters/oslo/interactions/0/events | {} | expected an array",
        "/chapters/oslo/interactions/0/events/0 | 1 | expected an object",
        "/chapters/oslo/interactions/0/events/0/at | \"later\" | expected \"before-response\" or \"after-response\"",
        "/chapters/oslo/interactions/0/events/0/request | 1 | expected an object",
        "/chapters/oslo/interactions/0/events/0/request/id | true | expected a string or a whole number",
        "/chapters/oslo/interactions/0/events/0/response | 1 | expected an object",
        "/chapters/oslo/interactions/0/events/1/notification | 1 | expected an object",
        "/chapters/oslo/interactions/1/notification | [] | expected an object",
      })
  void aWrongValueIsNamedByItsPointer(String pointer, String value, String expected)
      throws Exception {
    String text = with(pointer, value);
    String location = value.startsWith("{\"error\"") ? pointer + "/error" : pointer;

    assertThatThrownBy(() -> TapeFile.parse(FILE, text))
        .isInstanceOfSatisfying(
            TapeFormatException.class,
            e -> {
              assertThat(e.file()).isEqualTo(FILE);
              assertThat(e.location()).isEqualTo(location);
            })
        .hasMessageContaining("at " + location + ": " + expected);
  }

  @Test
  void theExampleItselfReadsWithEverythingInIt() throws Exception {
    Tape tape = TapeFile.parse(FILE, example().toString());
    Interaction oslo = tape.chapter("oslo").orElseThrow().interactions().get(0);
    assertThat(oslo.events()).hasSize(2);
    assertThat(oslo.events().get(0).isRequest()).isTrue();
    assertThat(oslo.events().get(0).answer()).isNotNull();
    assertThat(oslo.events().get(1).afterResponse()).isTrue();
    assertThat(tape.chapter("oslo").orElseThrow().interactions().get(1).notification()).isTrue();
    assertThat(tape.chapter("nope")).isEmpty();
    assertThat(tape.recorded().redacted()).containsExactly("WEATHER_API_KEY");
    assertThat(tape.handshake().events()).isNotNull();
  }

  @Test
  void aCancelledInteractionKeepsItsReason() throws Exception {
    ObjectNode tape = example();
    ObjectNode first = (ObjectNode) tape.at("/chapters/listsTools/interactions/0");
    first.remove("response");
    first.putObject("cancelled").put("reason", "user");
    Interaction read =
        TapeFile.parse(FILE, tape.toString())
            .chapter("listsTools")
            .orElseThrow()
            .interactions()
            .get(0);
    assertThat(read.isCancelled()).isTrue();
    assertThat(read.cancelled()).isEqualTo("user");
    assertThat(read.response()).isNull();

    first.set("cancelled", JsonNodeFactory.instance.objectNode());
    assertThat(
            TapeFile.parse(FILE, tape.toString())
                .chapter("listsTools")
                .orElseThrow()
                .interactions()
                .get(0)
                .cancelled())
        .isEmpty();
  }
}

package dev.wassettetape.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.internal.jsonrpc.RawJson;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A taped request's key hash, read with its params from the file, is the hash of the key matching
 * makes of the same params as a tree: else a replay would not find what the tape holds.
 */
class RequestKeyTest {

  private static final List<String> PARAMS =
      List.of(
          "{\"name\": \"echo\", \"arguments\": {\"a\": 1, \"b\": [1, 2.0, \"x\"], \"c\": {\"d\": null,"
              + " \"e\": true, \"f\": 1e2, \"g\": false}}}",
          "{\"arguments\": {\"n\": 123456789012345678901234567890, \"m\": 0.1, \"k\": -7,"
              + " \"big\": 9223372036854775807, \"e\": 1.5e-3, \"inf\": 1e400}, \"name\":"
              + " \"numbers\"}",
          "{\"name\": \"text\", \"arguments\": {\"s\": \"\\u00fc \\u00e9 \\u2603 \\ud83d\\ude00 a\\\"b\\\\c\\n\","
              + " \"empty\": \"\", \"list\": [], \"obj\": {}}}",
          "{\"name\": \"meta\", \"arguments\": {}, \"_meta\": {\"progressToken\": 7}}",
          "{\"name\": \"token\", \"arguments\": {}, \"progressToken\": \"p-1\"}",
          "{\"name\": \"no-arguments\"}",
          "[1, 2, {\"three\": 3}]",
          "{}");

  static Tape tape() {
    return tape(PARAMS);
  }

  static Tape tape(List<String> requests) {
    StringBuilder interactions = new StringBuilder();
    for (String params : requests) {
      interactions
          .append(interactions.length() == 0 ? "" : ",")
          .append("{\"request\": {\"method\": \"tools/call\", \"params\": ")
          .append(params)
          .append("}, \"response\": {\"result\": {}}}");
    }
    interactions.append(
        ",{\"notification\": {\"method\": \"notifications/x\", \"params\": {\"a\": [1]}}}");
    return TapeFile.parse(
        Path.of("keys.json"),
        "{\"format\": \"wassette-tape/2\", \"name\": \"keys\", \"recorded\": {\"at\":"
            + " \"2026-11-26T10:00:00Z\", \"with\": \"test\", \"runtime\": {}}, \"handshake\":"
            + " {\"request\": {}}, \"chapters\": {\"c\": {\"recorded\": {\"at\":"
            + " \"2026-11-26T10:00:00Z\"}, \"interactions\": ["
            + interactions
            + "]}}}");
  }

  @Test
  void theHashReadWithTheParamsIsTheHashOfTheirKey() {
    Secrets someSecret = Secrets.of(Map.of("KEY", "a-secret-value"));
    List<Interaction> taped = tape().chapter("c").orElseThrow().interactions();
    assertThat(taped).hasSize(PARAMS.size() + 1);
    for (Interaction i : taped) {
      assertThat(RawJson.in(TapedParams.of(i)))
          .as("kept as read, with its hash: %s", i.params())
          .satisfies(raw -> assertThat(raw.hashed()).isTrue());
      for (Secrets secrets : List.of(Secrets.NONE, someSecret)) {
        assertThat(RequestKey.hash(i, secrets))
            .as("%s with %s", i.params(), secrets)
            .isEqualTo(RequestKey.of(i.notification(), i.method(), i.params(), secrets).hashCode());
      }
    }
  }

  @Test
  void aLiveRequestWrittenAnotherWayFindsWhatWasReadFromTheFile() throws Exception {
    TapeIndex index = new TapeIndex(tape(), "c", Secrets.NONE);
    JsonNode reordered =
        Json.parse(
            "{\"arguments\": {\"c\": {\"g\": false, \"f\": 100, \"e\": true, \"d\": null},"
                + " \"b\": [1, 2, \"x\"], \"a\": 1.0}, \"name\": \"echo\"}");
    assertThat(index.take(false, "tools/call", reordered)).isNotNull();
    assertThat(index.take(false, "tools/call", Json.parse("{\"name\": \"meta\"}")))
        .as("_meta left out, arguments {} when absent")
        .isNotNull();
    assertThat(index.take(false, "tools/call", Json.parse("{\"name\": \"no-arguments\"}")))
        .isNotNull();
    assertThat(index.take(true, "notifications/x", Json.parse("{\"a\": [1.0]}"))).isNotNull();
    assertThat(index.take(false, "tools/call", Json.parse("{\"name\": \"echo\"}")))
        .as("not taped")
        .isNull();
  }

  @Test
  void equalRequestsAreAnsweredInTheOrderTheyWereTaped() throws Exception {
    String x = "{\"name\": \"echo\", \"arguments\": {\"m\": \"x\"}}";
    String y = "{\"name\": \"echo\", \"arguments\": {\"m\": \"y\"}}";
    TapeIndex index = new TapeIndex(tape(List.of(x, y, x, x)), "c", Secrets.NONE);

    assertThat(index.take(false, "tools/call", Json.parse(x)).number()).isEqualTo(1);
    assertThat(index.take(false, "tools/call", Json.parse(x)).number()).isEqualTo(3);
    assertThat(index.take(false, "tools/call", Json.parse(y)).number()).isEqualTo(2);
    assertThat(index.take(false, "tools/call", Json.parse(x)).number()).isEqualTo(4);
    assertThat(index.take(false, "tools/call", Json.parse(x))).as("all used").isNull();
    assertThat(index.unused()).isEmpty();
  }
}

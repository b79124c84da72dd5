package dev.wassettetape.internal.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** Message equality, the canonical text, ids, excerpts: the small pieces everything rests on. */
class JsonBasicsTest {

  static JsonNode json(String text) throws Exception {
    return Json.parse(text);
  }

  static JsonRpcMessage message(String text) {
    return JsonRpcMessage.parse(text);
  }

  @Test
  void messagesAreEqualByJsonWithNumbersByValue() {
    JsonRpcMessage a =
        message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"n\":1}}");
    JsonRpcMessage sameNumber =
        message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"n\":1.0}}");
    JsonRpcMessage otherNumber =
        message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"n\":2}}");
    JsonRpcMessage moreKeys =
        message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"n\":1,\"o\":1}}");
    JsonRpcMessage otherKey =
        message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"x\":1}}");

    assertThat(a).isEqualTo(sameNumber).hasSameHashCodeAs(sameNumber);
    assertThat(a).isNotEqualTo(otherNumber).isNotEqualTo(moreKeys).isNotEqualTo(otherKey);
    assertThat(a).isNotEqualTo(null).isNotEqualTo("a string");
    assertThat(a)
        .isNotEqualTo(message("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"n\":1}}"));
    assertThat(a.toString()).startsWith("Request{").contains("\"method\":\"m\"");
  }

  @Test
  void arraysAreEqualElementByElementInOrder() {
    String base = "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"a\":";
    assertThat(message(base + "[1,2]}}")).isEqualTo(message(base + "[1.0,2]}}"));
    assertThat(message(base + "[1,2]}}")).isNotEqualTo(message(base + "[2,1]}}"));
    assertThat(message(base + "[1,2]}}")).isNotEqualTo(message(base + "[1,2,3]}}"));
    assertThat(message(base + "[1,2]}}")).isNotEqualTo(message(base + "{\"0\":1}}}"));
    assertThat(message(base + "\"x\"}}")).isNotEqualTo(message(base + "\"y\"}}"));
  }

  @Test
  void theCanonicalTextSortsKeysAndWritesNumbersByValue() throws Exception {
    assertThat(CanonicalJson.of(json("{\"b\":[1.50,{\"d\":1e2,\"c\":\"x\"}],\"a\":null}")))
        .isEqualTo("{\"a\":null,\"b\":[1.5,{\"c\":\"x\",\"d\":100}]}");
    assertThat(CanonicalJson.of(json("[]"))).isEqualTo("[]");
    assertThat(CanonicalJson.of(json("{}"))).isEqualTo("{}");
    assertThat(CanonicalJson.of(json("[1,2,3]"))).isEqualTo("[1,2,3]");
    assertThat(CanonicalJson.of(json("{\"k\\\"ey\":true}"))).isEqualTo("{\"k\\\"ey\":true}");
    assertThat(CanonicalJson.of(null)).isEmpty();
  }

  @Test
  void idsAreStringsOrNumbersAndOneNumberIsOneId() {
    assertThat(Id.of(1)).isEqualTo(new Id(JsonNodeFactory.instance.numberNode(1)));
    assertThat(Id.of(1)).isNotEqualTo(new Id(JsonNodeFactory.instance.textNode("1")));
    assertThatThrownBy(() -> new Id(JsonNodeFactory.instance.booleanNode(true)))
        .hasMessageContaining("a JSON-RPC id is a string or a number");
    assertThat(
            message("{\"jsonrpc\":\"2.0\",\"id\":99999999999999999999,\"method\":\"m\"}").toLine())
        .contains("99999999999999999999");
  }

  @Test
  void anErrorWithoutIdAnswersAnUnreadableRequest() {
    Response error = Response.errorWithoutId(Response.PARSE_ERROR, "bad");
    assertThat(error.hasId()).isFalse();
    assertThat(error.isError()).isTrue();
    assertThatThrownBy(error::id).hasMessageContaining("has no id");
    assertThat(Response.success(Id.of(3), JsonNodeFactory.instance.objectNode()).hasId()).isTrue();
    assertThat(
            message("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":1,\"message\":\"x\"}}"))
        .isInstanceOfSatisfying(Response.class, r -> assertThat(r.hasId()).isFalse());
  }

  @Test
  void malformedMessagesSayWhatIsWrong() {
    assertThatThrownBy(() -> message("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"m\"}"))
        .hasMessageContaining("missing \"jsonrpc\": \"2.0\"");
    assertThatThrownBy(() -> message("{\"id\":1,\"method\":\"m\"}"))
        .hasMessageContaining("missing \"jsonrpc\": \"2.0\"");
    assertThatThrownBy(() -> message("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"m\"}"))
        .hasMessageContaining("\"id\" must be a string or a number");
    assertThatThrownBy(() -> message("{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":{}}"))
        .hasMessageContaining("\"id\" must be a string or a number");
    assertThatThrownBy(() -> message("{\"jsonrpc\":\"2.0\",\"result\":{}}"))
        .hasMessageContaining("a response needs an \"id\"");
  }

  @Test
  void anExcerptIsOneLineAndShort() {
    assertThat(Excerpt.of(null)).isEqualTo("<none>");
    assertThat(Excerpt.of("a\r\nb")).isEqualTo("a\\r\\nb");
    String max = "x".repeat(Excerpt.MAX_CHARS);
    assertThat(Excerpt.of(max)).isEqualTo(max);
    assertThat(Excerpt.of(max + "y")).isEqualTo(max + "… (" + (Excerpt.MAX_CHARS + 1) + " chars)");
  }
}

package dev.wassettetape.internal.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The canonical text quotes strings exactly as Jackson writes them, without a generator. */
class CanonicalJsonQuotingTest {

  @Test
  void everyCharacterIsQuotedAsJacksonQuotesIt() throws Exception {
    ObjectMapper jackson = new ObjectMapper();
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x250; c++) {
      all.append(c);
    }
    all.append("\u2028\u2029 😀 日本 \uFFFF");
    for (String text : new String[] {all.toString(), "", "plain", "a\"b\\c/d", "\u0000\u001f"}) {
      assertThat(CanonicalJson.of(JsonNodeFactory.instance.textNode(text)))
          .isEqualTo(jackson.writeValueAsString(text));
    }
  }

  @Test
  void keysAreSortedAndQuotedAndValuesWrittenAsBefore() throws Exception {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("b\n", true).putNull("a\"").put("c", "x\ty").put("d", 1.50);
    assertThat(CanonicalJson.of(node))
        .isEqualTo("{\"a\\\"\":null,\"b\\n\":true,\"c\":\"x\\ty\",\"d\":1.5}");
  }
}

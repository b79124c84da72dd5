package dev.wassettetape.internal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Json;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

  private static JsonNode json(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  @Test
  void eachDifferenceHasJsonUnitsPathKindAndBothValues() throws Exception {
    JsonNode taped = json("{'a':{'b':[1,{'c':'x'}],'gone':true},'n':1}");
    JsonNode live = json("{'a':{'b':[1,{'c':'y'}],'new':[2]},'n':1.0}");

    assertThat(JsonDiff.diff(taped, live))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "Missing node \"a.gone\", expected: <true>.",
            "Extra node \"a.new\": <[2]>.",
            "Different value found in node \"a.b[1].c\", expected: <\"x\"> but was: <\"y\">.");
    Difference changed =
        JsonDiff.diff(taped, live).stream()
            .filter(d -> d.kind() == Difference.Kind.DIFFERENT)
            .findFirst()
            .orElseThrow();
    assertThat(changed.expected()).isEqualTo(json("'x'"));
    assertThat(changed.actual()).isEqualTo(json("'y'"));
  }

  @Test
  void anArrayOfAnotherLengthIsReported() throws Exception {
    assertThat(JsonDiff.diff(json("{'t':[1,2,3]}"), json("{'t':[1,2]}")))
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.path()).startsWith("t"));
  }

  @Test
  void equalDocumentsHaveNoDifferenceWhateverTheKeyOrder() throws Exception {
    assertThat(JsonDiff.diff(json("{'a':1,'b':[true,null]}"), json("{'b':[true,null],'a':1.00}")))
        .isEmpty();
    assertThat(JsonDiff.diff(null, null)).isEmpty();
    assertThat(JsonDiff.diff(json("{}"), null)).hasSize(1);
  }
}

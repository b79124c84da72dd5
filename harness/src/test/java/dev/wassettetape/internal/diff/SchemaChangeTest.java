package dev.wassettetape.internal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes of a tool's contract break its callers, and which cannot. */
class SchemaChangeTest {

  static JsonNode tool(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  static List<String> changes(String before, String after) throws Exception {
    return SchemaChange.between(tool(before), tool(after)).stream()
        .map(SchemaChange::toString)
        .toList();
  }

  static final String CITY =
      "{'inputSchema':{'type':'object','properties':{'city':{'type':'string'}},'required':['city']}";

  @Test
  void aNewRequiredParameterBreaksCallersAndANewOptionalOneDoesNot() throws Exception {
    assertThat(
            changes(
                CITY + "}",
                "{'inputSchema':{'type':'object','properties':{'city':{'type':'string'},"
                    + "'units':{'type':'string'},'lang':{'type':'string'}},'required':['city','units']}}"))
        .containsExactly(
            "breaking: new required parameter units (inputSchema.properties.units)",
            "compatible: new optional parameter lang (inputSchema.properties.lang)");
  }

  @Test
  void aParameterRemovedRetypedOrMadeRequiredBreaksAndOneMadeOptionalDoesNot() throws Exception {
    String before =
        "{'inputSchema':{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'string'},"
            + "'c':{'type':'string'},'d':{'type':'string'}},'required':['a']}}";
    String after =
        "{'inputSchema':{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer'},"
            + "'c':{'type':'string'}},'required':['c']}}";

    assertThat(changes(before, after))
        .containsExactly(
            "breaking: type \"string\" became \"integer\" (inputSchema.properties.b)",
            "breaking: parameter c became required (inputSchema.properties.c)",
            "breaking: parameter d removed (inputSchema.properties.d)",
            "compatible: parameter a became optional (inputSchema.properties.a)");
  }

  @Test
  void outputsAreTheMirrorImage() throws Exception {
    String before =
        "{'outputSchema':{'type':'object','properties':{'ok':{'type':'string'},'err':{'type':'string'},"
            + "'kind':{'type':'string','enum':['rain','sun']}},'required':['ok']}}";
    String after =
        "{'outputSchema':{'type':'object','properties':{'ok':{'type':'string'},'temp':{'type':'number'},"
            + "'kind':{'type':'string','enum':['rain','sun','snow']}}}}";

    assertThat(changes(before, after))
        .containsExactly(
            "breaking: output field err removed (outputSchema.properties.err)",
            "breaking: values added: [\"snow\"] (outputSchema.properties.kind.enum)",
            "breaking: output field ok became optional (outputSchema.properties.ok)",
            "compatible: new output field temp (outputSchema.properties.temp)");
  }

  @Test
  void fewerAcceptedInputValuesBreakMoreDoNotAndNestedObjectsAndItemsAreCompared()
      throws Exception {
    String before =
        "{'inputSchema':{'type':'object','properties':{'unit':{'type':'string','enum':['c','f']},"
            + "'where':{'type':'object','properties':{'lat':{'type':'number'}}},"
            + "'tags':{'type':'array','items':{'type':'string'}}}}}";
    String after =
        "{'inputSchema':{'type':'object','properties':{'unit':{'type':'string','enum':['c','k']},"
            + "'where':{'type':'object','properties':{'lat':{'type':'string'}}},"
            + "'tags':{'type':'array','items':{'type':'integer'}}}}}";

    assertThat(changes(before, after))
        .containsExactly(
            "breaking: type \"string\" became \"integer\" (inputSchema.properties.tags.items)",
            "breaking: values removed: [\"f\"] (inputSchema.properties.unit.enum)",
            "breaking: type \"number\" became \"string\" (inputSchema.properties.where.properties.lat)",
            "compatible: values added: [\"k\"] (inputSchema.properties.unit.enum)");
  }

  @Test
  void anOutputSchemaRemovedBreaksReadersAndNewWordsBreakNobody() throws Exception {
    List<SchemaChange> changes =
        SchemaChange.between(
            tool("{'description':'old','outputSchema':{'type':'object'}}"),
            tool("{'description':'new'}"));

    assertThat(changes)
        .extracting(SchemaChange::toString)
        .containsExactly(
            "breaking: output schema removed (outputSchema)",
            "compatible: description changed (description)");
    assertThat(SchemaChange.anyBreaking(changes)).isTrue();
    assertThat(SchemaChange.anyBreaking(SchemaChange.between(tool(CITY + "}"), tool(CITY + "}"))))
        .isFalse();
  }
}

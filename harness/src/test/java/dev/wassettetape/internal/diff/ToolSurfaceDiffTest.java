package dev.wassettetape.internal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Json;
import org.junit.jupiter.api.Test;

class ToolSurfaceDiffTest {

  static JsonNode json(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  @Test
  void namesToolsAddedRemovedAndTheSchemaPathsThatChanged() throws Exception {
    JsonNode before =
        json(
            "[{'name':'a','inputSchema':{'properties':{'city':{'type':'string'}}}},{'name':'gone'}]");
    JsonNode after =
        json(
            "[{'name':'new'},{'name':'a','inputSchema':{'properties':{'city':{'type':'number'},'units':{'type':'string'}}}}]");

    ToolSurfaceDiff diff = ToolSurfaceDiff.of(before, after);

    assertThat(diff.lines())
        .containsExactly(
            "+ tool added: new (compatible)",
            "- tool removed: gone (breaking)",
            "~ tool changed: a: breaking: type \"string\" became \"number\""
                + " (inputSchema.properties.city)",
            "~ tool changed: a: compatible: new optional parameter units"
                + " (inputSchema.properties.units)");
    assertThat(diff.breaking()).isTrue();
  }

  @Test
  void theSameToolsInAnotherOrderAreNoChange() throws Exception {
    assertThat(
            ToolSurfaceDiff.of(
                    json("[{'name':'a'},{'name':'b'}]"), json("[{'name':'b'},{'name':'a'}]"))
                .isEmpty())
        .isTrue();
  }
}

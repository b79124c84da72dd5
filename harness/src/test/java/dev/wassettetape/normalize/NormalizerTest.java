package dev.wassettetape.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.diff.Difference;
import dev.wassettetape.internal.diff.JsonDiff;
import dev.wassettetape.internal.jsonrpc.Json;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NormalizerTest {

  static JsonNode json(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  @Test
  void uuidsAndTimestampsAreNumberedConsistentlyWithinATape() throws Exception {
    Normalizer.Session session = Normalizer.standard().session();

    JsonNode first =
        session.apply(
            json(
                "{'a':'id 0F8FAD5B-D9CB-469F-A165-70867728950E at 2026-11-25T15:24:05.701Z','b':'2026-11-25T15:24:05.701Z'}"));
    JsonNode second =
        session.apply(
            json(
                "{'c':'0f8fad5b-d9cb-469f-a165-70867728950e','d':'7c9e6679-7425-40de-944b-e07fc1f90ae7'}"));

    assertThat(first).isEqualTo(json("{'a':'id <uuid:1> at <timestamp:1>','b':'<timestamp:1>'}"));
    assertThat(second).isEqualTo(json("{'c':'<uuid:1>','d':'<uuid:2>'}"));
  }

  @Test
  void tempPathsBecomeAPlaceholder() throws Exception {
    JsonNode n =
        Normalizer.standard()
            .session()
            .apply(
                json(
                    "{'t':'Error: file:///tmp/wassette-tape-123/components/weather.policy.yaml not found'}"));

    assertThat(n.path("t").asText()).isEqualTo("Error: <temp-path> not found");
  }

  @Test
  void jsonInsideTextContentComparesStructurally() throws Exception {
    Normalizer n = Normalizer.standard();

    JsonNode a =
        n.session()
            .apply(
                json(
                    "{'response':{'result':{'content':[{'type':'text','text':'{\\'a\\':1,\\'b\\':2}'}]}}}"));
    JsonNode b =
        n.session()
            .apply(
                json(
                    "{'response':{'result':{'content':[{'type':'text','text':'{ \\'b\\': 2, \\'a\\': 1.0 }'}]}}}"));

    assertThat(a.at("/response/result/content/0/text")).isEqualTo(json("{'a':1,'b':2}"));
    assertThat(JsonDiff.diff(a, b)).isEmpty();
  }

  @Test
  void toolsListIsSortedByNameAndListComponentsById() throws Exception {
    JsonNode tools =
        Normalizer.standard()
            .session()
            .apply(
                json(
                    "{'request':{'method':'tools/list'},'response':{'result':{'tools':[{'name':'b'},{'name':'a'}]}}}"));
    JsonNode components =
        Normalizer.standard()
            .session()
            .apply(
                json(
                    "{'request':{'method':'tools/call','params':{'name':'list-components'}},'response':{'result':{'content':[{'type':'text','text':'{\\'components\\':[{\\'id\\':\\'weather\\'},{\\'id\\':\\'clock\\'}]}'}]}}}"));

    assertThat(tools.at("/response/result/tools")).isEqualTo(json("[{'name':'a'},{'name':'b'}]"));
    assertThat(components.at("/response/result/content/0/text/components"))
        .isEqualTo(json("[{'id':'clock'},{'id':'weather'}]"));
  }

  @Test
  void theHandshakeIgnoresServerVersionAndInstructions() throws Exception {
    Normalizer n = Normalizer.standard();
    JsonNode taped =
        json(
            "{'kind':'handshake','response':{'result':{'serverInfo':{'name':'rmcp','version':'3.5.0'},'instructions':'long'}}}");
    JsonNode live =
        json(
            "{'kind':'handshake','response':{'result':{'serverInfo':{'name':'rmcp','version':'3.6.0'},'instructions':'longer'}}}");
    JsonNode renamed =
        json(
            "{'kind':'handshake','response':{'result':{'serverInfo':{'name':'other','version':'3.5.0'},'instructions':'long'}}}");

    assertThat(JsonDiff.diff(taped, live, n.comparison())).isEmpty();
    assertThat(JsonDiff.diff(taped, renamed, n.comparison()))
        .extracting(Difference::path)
        .containsExactly("response.result.serverInfo.name");
  }

  @Test
  void strayListChangedEventsAreDroppedAndServerRequestIdsNumbered() throws Exception {
    JsonNode n =
        Normalizer.standard()
            .session()
            .apply(
                json(
                    "{'events':[{'at':'before-response','notification':{'method':'notifications/tools/list_changed'}},"
                        + "{'at':'before-response','request':{'id':7,'method':'roots/list'}}]}"));

    assertThat(n)
        .isEqualTo(
            json(
                "{'events':[{'at':'before-response','request':{'id':'<id:1>','method':'roots/list'}}]}"));
  }

  @Test
  void userRulesIgnorePathsInJsonUnitSyntaxReplaceByRegexAndPlugIn() throws Exception {
    Normalizer n =
        Normalizer.none()
            .ignoring("response.result.items[*].at")
            .replacing(Pattern.compile("req-[0-9a-f]+"), "<request-id>")
            .with(
                (exchange, scope) -> {
                  ((ObjectNode) exchange).remove("noise");
                  return exchange;
                });

    JsonNode taped =
        n.session()
            .apply(
                json(
                    "{'noise':1,'response':{'result':{'items':[{'at':1,'v':'req-12ab'},{'at':2}]}}}"));
    JsonNode live =
        n.session()
            .apply(json("{'response':{'result':{'items':[{'at':3,'v':'req-99ff'},{'at':4}]}}}"));

    assertThat(taped)
        .isEqualTo(
            json("{'response':{'result':{'items':[{'at':1,'v':'<request-id>'},{'at':2}]}}}"));
    assertThat(JsonDiff.diff(taped, live, n.comparison())).isEmpty();
    assertThat(JsonDiff.diff(taped, live)).hasSize(2); // without the option, "at" differs twice
  }

  @Test
  void aJsonPointerIsRefusedWithTheJsonUnitPathToWriteInstead() {
    assertThatThrownBy(() -> Normalizer.none().ignoring("/response/result/items/*/at"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JsonUnit")
        .hasMessageEndingWith("response.result.items[*].at");
  }

  @Test
  void otherJsonUnitOptionsPlugIn() throws Exception {
    Normalizer n =
        Normalizer.none()
            .configuring(
                c -> c.withOptions(net.javacrumbs.jsonunit.core.Option.IGNORING_EXTRA_FIELDS));

    assertThat(JsonDiff.diff(json("{'a':1}"), json("{'a':1,'b':2}"), n.comparison())).isEmpty();
    assertThat(JsonDiff.diff(json("{'a':1}"), json("{'a':1,'b':2}"))).hasSize(1);
  }

  @Test
  void eventsOfANamedMethodCanBeIgnored() throws Exception {
    JsonNode n =
        Normalizer.none()
            .ignoringEvents("notifications/message")
            .session()
            .apply(
                json(
                    "{'events':[{'at':'after-response','notification':{'method':'notifications/message'}}]}"));

    assertThat(n).isEqualTo(json("{}"));
  }

  @Test
  void theOrderOfANamedArrayCanBeIgnored() throws Exception {
    Normalizer n = Normalizer.none().ignoringOrder("response.result.x.tags");

    JsonNode a = json("{'response':{'result':{'x':{'tags':['b',{'k':1,'j':2},'a']},'y':[2,1]}}}");
    JsonNode b = json("{'response':{'result':{'x':{'tags':[{'j':2,'k':1},'a','b']},'y':[1,2]}}}");

    assertThat(JsonDiff.diff(a, b, n.comparison()))
        .extracting(Difference::path)
        .containsExactly("response.result.y[0]", "response.result.y[1]"); // only tags in any order
  }
}

package dev.wassettetape.internal.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonRpcMessageTest {

  @Test
  void classifiesRequestsNotificationsAndResponses() {
    assertThat(JsonRpcMessage.parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}"))
        .isInstanceOf(Request.class);
    assertThat(
            JsonRpcMessage.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
        .isInstanceOf(Notification.class);
    assertThat(JsonRpcMessage.parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}"))
        .isInstanceOf(Response.class);
    assertThat(
            JsonRpcMessage.parse(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"no\"}}"))
        .isInstanceOfSatisfying(Response.class, r -> assertThat(r.isError()).isTrue());
  }

  @Test
  void numberAndStringIdsAreDistinct() {
    Request a = (Request) JsonRpcMessage.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}");
    Request b =
        (Request) JsonRpcMessage.parse("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"m\"}");

    assertThat(a.id()).isEqualTo(Id.of(1)).isNotEqualTo(b.id());
    assertThat(b.id()).isEqualTo(Id.of("1"));
  }

  @Test
  void unknownFieldsSurviveARoundTripInTheirOrder() {
    String line = "{\"result\":{\"x\":1},\"jsonrpc\":\"2.0\",\"id\":3,\"_extra\":{\"kept\":true}}";

    Response response = (Response) JsonRpcMessage.parse(line);

    assertThat(response.toLine()).isEqualTo(line);
    assertThat(response.withId(Id.of(9)).toLine())
        .isEqualTo(
            "{\"result\":{\"x\":1},\"jsonrpc\":\"2.0\",\"id\":9,\"_extra\":{\"kept\":true}}");
  }

  @Test
  void messagesAreImmutable() {
    Request request =
        (Request)
            JsonRpcMessage.parse(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"a\":1}}");

    request.json().put("method", "changed");
    ((com.fasterxml.jackson.databind.node.ObjectNode) request.params().orElseThrow()).put("a", 2);

    assertThat(request.method()).isEqualTo("m");
    assertThat(request.params().orElseThrow().path("a").asInt()).isEqualTo(1);
  }

  @Test
  void rejectsWhatIsNotJsonRpcWithTheReasonAndTheText() {
    assertThatThrownBy(() -> JsonRpcMessage.parse("{\"id\":1,\"method\":\"m\"}"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("missing \"jsonrpc\": \"2.0\": {\"id\":1,\"method\":\"m\"}");
    assertThatThrownBy(
            () -> JsonRpcMessage.parse("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"m\"}"))
        .hasMessageStartingWith("\"id\" must be a string or a number");
    assertThatThrownBy(() -> JsonRpcMessage.parse("{\"jsonrpc\":\"2.0\",\"result\":1}"))
        .hasMessageStartingWith("a response needs an \"id\"");
    assertThatThrownBy(() -> JsonRpcMessage.parse("not json")).hasMessageStartingWith("not JSON: ");
  }
}

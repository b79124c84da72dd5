package dev.wassettetape.internal.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wassettetape.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The JSON-RPC parser on any text: a message, or a {@link MalformedMessageException} (the one
 * documented failure) that quotes the text; and a message it reads survives its own round trip.
 */
class JsonRpcMessageFuzzTest {

  @Test
  void anyTextIsAMessageOrAMalformedMessageAndMessagesRoundTrip() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () ->
            Fuzz.check(
                "jsonrpc",
                Fuzz.corpus("jsonrpc"),
                (input, random) -> {
                  String text = new String(input, StandardCharsets.UTF_8);
                  JsonRpcMessage message;
                  try {
                    message = JsonRpcMessage.parse(text);
                  } catch (MalformedMessageException e) {
                    assertThat(e.getMessage()).isNotBlank();
                    return;
                  }
                  JsonRpcMessage again = JsonRpcMessage.parse(message.toLine());
                  assertThat(again.getClass()).isEqualTo(message.getClass());
                  assertThat(again.toLine()).isEqualTo(message.toLine());
                }));
  }
}

package dev.wassettetape.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretsTest {

  static JsonNode json(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  @Test
  void valuesAndSecretFieldsBecomePlaceholdersAndComeBack() throws Exception {
    Secrets secrets =
        Secrets.of(Map.of("WEATHER_API_KEY", "k-123456")).withFieldNames(Set.of("apiKey"));

    JsonNode redacted =
        secrets.redact(
            json(
                "{'url':'http://x/?key=k-123456','args':{'ApiKey':'other','n':1},'list':['k-123456']}"));

    assertThat(redacted)
        .isEqualTo(
            json(
                "{'url':'http://x/?key=<redacted:WEATHER_API_KEY>','args':{'ApiKey':'<redacted:ApiKey>','n':1},'list':['<redacted:WEATHER_API_KEY>']}"));
    assertThat(secrets.reveal(redacted).at("/url").asText()).isEqualTo("http://x/?key=k-123456");
    assertThat(secrets.names()).containsExactly("WEATHER_API_KEY", "apiKey");
    assertThat(secrets.leakedInto("a k-123456 b")).containsExactly("WEATHER_API_KEY");
    assertThat(secrets.leakedInto(redacted.toString())).isEmpty();
  }

  static final String KEY = "s3cr3t-Ke/y+ünï\"quote";

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void everyCommonEncodingOfAValueIsRedactedAndFoundByTheLeakScan(String encoding, String text) {
    Secrets secrets = Secrets.of(Map.of("API_KEY", KEY));
    assertThat(secrets.leakedInto("some " + text + " text")).containsExactly("API_KEY");

    String redacted = secrets.redact("some " + text + " text");

    assertThat(redacted).contains("<redacted:API_KEY>");
    assertThat(secrets.leakedInto(redacted)).isEmpty();
  }

  static Stream<Arguments> encodings() {
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of("raw", KEY),
        Arguments.of(
            "JSON-escaped", new String(JsonStringEncoder.getInstance().quoteAsString(KEY))),
        Arguments.of("JSON-escaped, ASCII only", "s3cr3t-Ke/y+\\u00fcn\\u00ef\\\"quote"),
        Arguments.of(
            "JSON-escaped, ASCII only, upper case", "s3cr3t-Ke/y+\\u00FCn\\u00EF\\\"quote"),
        Arguments.of("URL-encoded", URLEncoder.encode(KEY, StandardCharsets.UTF_8)),
        Arguments.of("Base64", Base64.getEncoder().encodeToString(key)),
        Arguments.of("Base64 URL-safe", Base64.getUrlEncoder().encodeToString(key)),
        Arguments.of(
            "Authorization: Basic (user:secret)",
            "Authorization: Basic "
                + Base64.getEncoder()
                    .encodeToString(("user:" + KEY).getBytes(StandardCharsets.UTF_8))),
        Arguments.of(
            "Basic, one byte further",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("users:" + KEY).getBytes(StandardCharsets.UTF_8))),
        Arguments.of(
            "Basic, two bytes further",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("user12:" + KEY).getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aSecretShorterThanEightCharactersIsRefusedSayingWhy() {
    assertThatThrownBy(() -> Secrets.of(Map.of("PIN", "1234567")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the secret PIN is 7 characters long")
        .hasMessageContaining("corrupt unrelated text");
    assertThat(Secrets.of(Map.of("KEY", "")).names()).isEmpty(); // not set: nothing to hide
  }

  @Test
  void aSecretFieldWithAKnownValueIsRedactedAnywhereAndRevealedByName() throws Exception {
    Secrets secrets = Secrets.NONE.withField("apiKey", "field-value-123");

    JsonNode redacted =
        secrets.redact(json("{'apiKey':'field-value-123','echo':'you sent field-value-123'}"));

    assertThat(redacted)
        .isEqualTo(json("{'apiKey':'<redacted:apiKey>','echo':'you sent <redacted:apiKey>'}"));
    assertThat(secrets.reveal(redacted).path("apiKey").asText()).isEqualTo("field-value-123");
  }

  @Test
  void anExceptionWhoseChainQuotesASecretIsCopiedWithEveryMessageRedacted() {
    Secrets secrets = Secrets.of(Map.of("API_KEY", "k-123456789"));
    RuntimeException clean = new IllegalStateException("nothing here");
    RuntimeException leaky =
        new IllegalStateException(
            "server failed", new RuntimeException("stderr: bad key k-123456789"));

    assertThat(secrets.redact(clean)).isSameAs(clean);
    RuntimeException redacted = secrets.redact(leaky);
    assertThat(redacted.toString()).startsWith("java.lang.IllegalStateException: server failed");
    assertThat(redacted.getCause().getMessage()).isEqualTo("stderr: bad key <redacted:API_KEY>");
    assertThat(redacted.getStackTrace()).isEqualTo(leaky.getStackTrace());
  }
}

package dev.wassettetape.tape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.jsonrpc.JsonRpcMessage;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

  static JsonNode json(String text) throws Exception {
    return JsonRpcMessage.MAPPER.readTree(text.replace('\'', '"'));
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
}

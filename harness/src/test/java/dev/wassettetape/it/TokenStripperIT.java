package dev.wassettetape.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.intercept.TokenStripper;
import dev.wassettetape.server.CommandServer;
import dev.wassettetape.server.UrlServer;
import dev.wassettetape.session.McpTransport;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.session.TapeSessionBuilder;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stripped token never reaches the server nor the tape: over stdio, the real server-everything
 * echoes what it was sent; over Streamable HTTP, a server written with the MCP Java SDK logs the
 * headers it received. Recorded, then replayed: the stripper works in both.
 */
@Timeout(120)
class TokenStripperIT {

  static final String TOKEN = "sk-live-4f9a8b7c6d5e";
  static final String BEARER = "Bearer eyJhbGciOi.token-value.sig";

  @TempDir Path dir;

  static TokenStripper stripper() {
    return TokenStripper.fields("arguments.message", "_meta.authorization")
        .headers("Authorization", "Cookie");
  }

  /** A tools/call of echo carrying the token in an argument and in _meta. */
  static JsonNode echoWithToken(dev.wassettetape.client.McpClient client) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("name", "echo");
    params.putObject("arguments").put("message", TOKEN);
    params.putObject("_meta").put("authorization", BEARER);
    return client.request("tools/call", params).result().orElseThrow();
  }

  @Test
  void overStdioTheServerEchoesThePlaceholderAndTheTapeHoldsIt() throws Exception {
    Path tape = dir.resolve("everything-stripped.json");
    for (Mode mode : List.of(Mode.RECORD, Mode.REPLAY)) {
      TapeSessionBuilder builder =
          TapeSession.builder(tape)
              .mode(mode)
              .server(() -> CommandServer.start(NpmPeers.serverEverything(), NpmPeers.root()))
              .interceptor(stripper());
      try (TapeSession session = builder.open()) {
        dev.wassettetape.client.McpClient client = session.client("echoes");
        client.initialize();
        JsonNode echoed = echoWithToken(client);
        assertThat(echoed.at("/content/0/text").asText())
            .as(mode + ": what the server echoed")
            .isEqualTo("Echo: " + TokenStripper.STRIPPED);
        session.endChapter("echoes", true);
        session.finish(Set.of(), true);
      }
      String taped = Files.readString(tape);
      assertThat(taped)
          .contains(TokenStripper.STRIPPED)
          .doesNotContain(TOKEN)
          .doesNotContain("token-value");
    }
  }

  @Test
  void overHttpTheServerNeverSeesTheStrippedHeadersButSeesTheOthers() throws Exception {
    try (ConformanceFixtureServer server = ConformanceFixtureServer.start()) {
      callThroughTheProxy(server, dir.resolve("without.json"), false);
      assertThat(server.headersSeen())
          .as("without a stripper the credentials go through: the check below can fail")
          .anySatisfy(h -> assertThat(h).containsEntry("authorization", BEARER));
      int before = server.headersSeen().size();

      callThroughTheProxy(server, dir.resolve("with.json"), true);
      List<Map<String, String>> seen =
          server.headersSeen().subList(before, server.headersSeen().size());
      assertThat(seen).isNotEmpty();
      assertThat(seen).anySatisfy(h -> assertThat(h).containsEntry("x-request-origin", "agent"));
      assertThat(seen)
          .allSatisfy(h -> assertThat(h).doesNotContainKeys("authorization", "cookie"))
          .allSatisfy(h -> assertThat(h.values().toString()).doesNotContain("token-value"));
      assertThat(Files.readString(dir.resolve("with.json"))).doesNotContain("token-value");
    }
  }

  /** An SDK client sends credentials in headers to a chapter's endpoint of a recording session. */
  static void callThroughTheProxy(ConformanceFixtureServer server, Path tape, boolean strip) {
    TapeSessionBuilder builder =
        TapeSession.builder(tape)
            .mode(Mode.RECORD)
            .transport(McpTransport.HTTP)
            .server(() -> UrlServer.of(server.url().toString()));
    if (strip) {
      builder.interceptor(stripper());
    }
    try (TapeSession session = builder.open()) {
      URI endpoint = session.endpoint("calls");
      HttpClientStreamableHttpTransport transport =
          HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority())
              .endpoint(endpoint.getPath())
              .httpRequestCustomizer(
                  (request, method, uri, body, context) ->
                      request
                          .header("Authorization", BEARER)
                          .header("Cookie", "session=token-value")
                          .header("X-Request-Origin", "agent"))
              .build();
      try (McpSyncClient client =
          McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
        client.initialize();
        McpSchema.CallToolResult text =
            client.callTool(new McpSchema.CallToolRequest("test_simple_text", Map.of()));
        assertThat(text.isError()).isNotEqualTo(Boolean.TRUE);
      }
      session.endChapter("calls", true);
      session.finish(Set.of(), true);
    }
  }
}

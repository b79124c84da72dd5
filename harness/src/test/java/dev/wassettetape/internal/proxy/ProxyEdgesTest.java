package dev.wassettetape.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.transport.LineClient;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.server.InMemoryServer;
import dev.wassettetape.tape.Secrets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the proxy answers to every line a client may send, and how a session ends: a line client
 * over pipes, the proxy, and a server in memory.
 */
@Timeout(20)
class ProxyEdgesTest {

  final Recorder recorder = new Recorder();
  final InMemoryServer server = InMemoryServer.echo();
  final McpProxy proxy =
      new McpProxy(server.transport(), List.of(recorder), Duration.ofSeconds(5)).start();
  final LineClient client = new LineClient();
  final Connection connection = proxy.connect(client.transport(), "edges");

  @AfterEach
  void close() throws Exception {
    client.close();
    proxy.close();
  }

  static String initialize(String version) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + version
        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  }

  void handshake(String version) throws Exception {
    JsonNode answer = client.send(initialize(version)).next();
    assertThat(answer.at("/result/protocolVersion").asText()).isEqualTo(version);
    client.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  @Test
  void everyUnusableLineIsAnsweredAsJsonRpcSaysAndReported() throws Exception {
    handshake("2025-11-25");

    JsonNode notJson = client.send("this is not JSON").next();
    assertThat(notJson.path("id").isNull()).isTrue();
    assertThat(notJson.at("/error/code").asInt()).isEqualTo(-32700);

    JsonNode noVersion = client.send("{\"id\":7,\"method\":\"ping\"}").next();
    assertThat(noVersion.path("id").asInt()).isEqualTo(7);
    assertThat(noVersion.at("/error/code").asInt()).isEqualTo(-32600);

    JsonNode scalar = client.send("42").next();
    assertThat(scalar.at("/error/code").asInt()).isEqualTo(-32600);

    JsonNode empty = client.send("[]").next();
    assertThat(empty.at("/error/message").asText())
        .isEqualTo("wassette-tape: an empty JSON-RPC batch");

    JsonNode batch = client.send("[{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\"}]").next();
    assertThat(batch.at("/error/message").asText())
        .isEqualTo(
            "wassette-tape: JSON-RPC batches are not part of MCP 2025-11-25; send each message on"
                + " a line of its own");

    client.send("{\"id\":99,\"result\":{}}"); // a malformed response: never answered
    assertThat(client.quietFor(300)).isTrue();
    assertThat(proxy.problems())
        .extracting(ProtocolProblem::kind)
        .contains(ProtocolProblem.Kind.NOT_JSON, ProtocolProblem.Kind.NOT_JSON_RPC);
  }

  @Test
  void aBatchBeforeInitializeIsRefused() throws Exception {
    JsonNode batch = client.send("[{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\"}]").next();
    assertThat(batch.at("/error/message").asText())
        .contains("not part of an MCP session before initialize");
  }

  @Test
  void underAProtocolWithBatchesABatchIsAnsweredAsOneBatch() throws Exception {
    handshake("2025-03-26");

    JsonNode answers =
        client
            .send(
                "[{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"echo\",\"arguments\":{\"message\":\"a\"}}},{\"nope\":1},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/list\"}]")
            .next();
    while (!answers.isArray()) { // the echo's log notification comes first
      answers = client.next();
    }

    assertThat(answers).hasSize(3);
    assertThat(answers.findValuesAsText("code")).containsExactly("-32600");
    assertThat(answers.toString()).contains("\"id\":10").contains("\"id\":11").contains("Echo: a");
  }

  @Test
  void aPingIsAnsweredAndTheSessionGoesOn() throws Exception {
    handshake("2025-11-25");
    JsonNode ping = client.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}").next();
    assertThat(ping.path("id").asInt()).isEqualTo(8);
    assertThat(ping.path("result").isObject()).isTrue();
    assertThat(connection.isConnected()).isTrue();
  }

  @Test
  void endOfInputDisconnectsTheClientAndSaysWhy() throws Exception {
    handshake("2025-11-25");
    client.endInput();

    assertThat(connection.awaitDisconnected(Duration.ofSeconds(5))).isTrue();
    assertThat(connection.isConnected()).isFalse();
    assertThat(connection.reason()).isNotBlank();
    assertThat(proxy.serverLost()).isNull();
  }

  @Test
  void aServerThatGoesAwayEndsTheSessionForEveryClientWithItsDiagnostics() throws Exception {
    handshake("2025-11-25");
    JsonNode gone =
        client
            .send(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"die\",\"arguments\":{}}}")
            .next();

    assertThat(gone.at("/error/code").asInt()).isEqualTo(McpProxy.SERVER_GONE);
    assertThat(gone.at("/error/message").asText())
        .startsWith("MCP server gone: the server closed the session")
        .contains("panicked: told to die");
    assertThat(gone.at("/error/data/diagnostics").asText()).contains("panicked: told to die");
    assertThat(connection.awaitDisconnected(Duration.ofSeconds(5))).isTrue();
    assertThat(proxy.serverLost()).contains("panicked: told to die");
    assertThat(proxy.endReason()).isEqualTo(proxy.serverLost());

    LineClient late = new LineClient();
    Connection after = proxy.connect(late.transport(), "late");
    assertThat(after.isConnected()).isFalse();
    assertThat(after.reason()).contains("the session had already ended");
  }

  @Test
  void aRedactingTransportHidesSecretsInWhatTheProxyQuotes() throws Exception {
    Secrets secrets = Secrets.of(Map.of("KEY", "told to die"));
    InMemoryServer other = InMemoryServer.echo();
    McpProxy redacting =
        new McpProxy(
                RedactingTransport.of(other.transport(), secrets), List.of(), Duration.ofSeconds(5))
            .start();
    try (LineClient c = new LineClient()) {
      redacting.connect(c.transport(), "r");
      c.send(initialize("2025-11-25")).next();
      JsonNode gone =
          c.send(
                  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                      + "{\"name\":\"die\",\"arguments\":{}}}")
              .next();
      assertThat(gone.toString()).doesNotContain("told to die").contains("<redacted:KEY>");
      assertThat(redacting.serverLost()).contains("panicked: <redacted:KEY>");
    } finally {
      redacting.close();
    }
    assertThat(RedactingTransport.of(other.transport(), Secrets.NONE))
        .isNotInstanceOf(RedactingTransport.class);
  }
}

package dev.wassettetape.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.internal.replay.TapeServer;
import dev.wassettetape.internal.transport.InMemoryTransport;
import dev.wassettetape.server.InMemoryServer;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A session of the stateless protocol (2026-07-28) through the recording proxy: {@code
 * server/discover} is its handshake (asked by the proxy itself when the client does not), the
 * tape's requests keep no stateless {@code _meta}, and the replay answers a stateless client.
 */
@Timeout(20)
class StatelessSessionTest {

  final Recorder recorder = new Recorder();

  McpClient statelessClientOf(McpProxy proxy) {
    InMemoryTransport[] pipe = InMemoryTransport.pair("client", "proxy");
    proxy.connect(pipe[1], "calls");
    return new McpClient(pipe[0], Duration.ofSeconds(5)).stateless();
  }

  @Test
  void theProxyDiscoversTheServerForAStatelessClientThatDidNot() {
    InMemoryServer server = InMemoryServer.echo();
    try (McpProxy proxy =
            new McpProxy(server.transport(), List.of(recorder), Duration.ofSeconds(5)).start();
        McpClient client = statelessClientOf(proxy)) {

      assertThat(client.callTool("echo", Map.of("message", "hi")).text()).isEqualTo("Echo: hi");
      assertThat(client.callTool("echo", Map.of("message", "again")).text())
          .isEqualTo("Echo: again");
    }

    assertThat(server.methods()).containsExactly("server/discover", "tools/call", "tools/call");
    Handshake handshake = recorder.handshake();
    assertThat(handshake.method()).isEqualTo("server/discover");
    assertThat(handshake.stateless()).isTrue();
    assertThat(handshake.request().at("/_meta/io.modelcontextprotocol~1protocolVersion").asText())
        .isEqualTo("2026-07-28");
    Interaction call = recorder.chapter("calls", Instant.EPOCH).interactions().get(0);
    assertThat(call.params().has("_meta")).as(call.params().toString()).isFalse();
  }

  @Test
  void aClientsOwnDiscoverIsTheHandshakeAndTheReplayAnswersAStatelessClientFromTheTape() {
    InMemoryServer server = InMemoryServer.echo();
    try (McpProxy proxy =
            new McpProxy(server.transport(), List.of(recorder), Duration.ofSeconds(5)).start();
        McpClient client = statelessClientOf(proxy)) {
      assertThat(client.initialize().at("/capabilities/tools").isObject()).isTrue();
      assertThat(client.callTool("echo", Map.of("message", "taped")).text())
          .isEqualTo("Echo: taped");
    }
    assertThat(server.methods()).containsExactly("server/discover", "tools/call");
    Tape tape =
        new Tape(
            "stateless",
            new Provenance(
                Instant.EPOCH,
                "test",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                List.of(),
                List.of()),
            recorder.handshake(),
            Map.of("calls", recorder.chapter("calls", Instant.EPOCH)));

    TapeServer replay =
        new TapeServer(tape, "calls", Path.of("stateless.json"), Secrets.NONE, "record it");
    try (McpProxy proxy = new McpProxy(replay, List.of(), Duration.ofSeconds(5)).start();
        McpClient client = statelessClientOf(proxy)) {
      assertThat(client.initialize().at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText())
          .isEqualTo("in-memory");
      assertThat(client.callTool("echo", Map.of("message", "taped")).text())
          .isEqualTo("Echo: taped");
    }
    assertThat(replay.mismatches()).isEmpty();

    TapeServer again =
        new TapeServer(tape, "calls", Path.of("stateless.json"), Secrets.NONE, "record it");
    try (McpProxy proxy = new McpProxy(again, List.of(), Duration.ofSeconds(5)).start()) {
      InMemoryTransport[] pipe = InMemoryTransport.pair("client", "proxy");
      proxy.connect(pipe[1], "calls");
      try (McpClient sessionClient = new McpClient(pipe[0], Duration.ofSeconds(5))) {
        assertThatThrownBy(sessionClient::initialize)
            .isInstanceOf(McpErrorException.class)
            .hasMessageContaining("recorded a stateless session")
            .hasMessageContaining("server/discover");
      }
    }
  }
}

package dev.wassettetape.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.server.CommandServer;
import dev.wassettetape.session.ChapterResult;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.SessionResult;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.session.TapeSessionBuilder;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protocol versions and cancellation, recorded from the real server-everything, replayed without it
 * and verified against it.
 */
@Timeout(120)
class ProtocolEdgesIT {

  static TapeSessionBuilder session(Path tape, Mode mode) {
    return TapeSession.builder(tape)
        .mode(mode)
        .server(() -> CommandServer.start(NpmPeers.serverEverything(), null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25"})
  void eachProtocolVersionRoundTrips(String version, @TempDir Path dir) {
    Path tape = dir.resolve("v.json");
    try (TapeSession s = session(tape, Mode.RECORD).open()) {
      McpClient client = s.client("echo").offerProtocolVersion(version);
      client.initialize();
      assertThat(client.protocolVersion()).isEqualTo(version);
      assertThat(client.callTool("echo", Map.of("message", version)).text())
          .isEqualTo("Echo: " + version);
      s.endChapter("echo", true);
      assertThat(s.finish(Set.of(), true).written()).isTrue();
    }
    assertThat(TapeFile.read(tape).handshake().response().result().path("protocolVersion").asText())
        .as("the tape records the negotiated version")
        .isEqualTo(version);

    try (TapeSession s = session(tape, Mode.REPLAY).open()) {
      McpClient client = s.client("echo"); // offers the newest; the tape answers with its own
      client.initialize();
      assertThat(client.protocolVersion()).isEqualTo(version);
      assertThat(client.callTool("echo", Map.of("message", version)).text())
          .isEqualTo("Echo: " + version);
      assertThat(s.endChapter("echo", true).mismatches()).isEmpty();
    }

    try (TapeSession s = session(tape, Mode.VERIFY).open()) {
      McpClient client = s.client("echo"); // offers the version the tape negotiated
      client.initialize();
      client.callTool("echo", Map.of("message", version));
      ChapterResult echo = s.endChapter("echo", true);
      SessionResult result = s.finish(Set.of(), true);
      assertThat(echo.verify().passed()).as(echo.verify().render()).isTrue();
      assertThat(result.handshake().passed()).as(result.handshake().render()).isTrue();
    }
  }

  /** Starts a 10 s operation with progress, cancels it after its first progress, then echoes. */
  static void cancelALongCall(McpClient client) throws Exception {
    CountDownLatch progressed = new CountDownLatch(1);
    client.onNotification(
        (Notification n) -> {
          if (n.method().equals("notifications/progress")) {
            progressed.countDown();
          }
        });
    ObjectNode params =
        JsonNodeFactory.instance.objectNode().put("name", "trigger-long-running-operation");
    params.putObject("arguments").put("duration", 10).put("steps", 10);
    params.putObject("_meta").put("progressToken", "long");
    McpClient.Pending call = client.start("tools/call", params);
    assertThat(progressed.await(10, TimeUnit.SECONDS)).isTrue();
    client.cancel(call, "the test has seen enough");
    assertThat(client.callTool("echo", Map.of("message", "still here")).text())
        .isEqualTo("Echo: still here");
  }

  @Test
  void aCancelledCallIsTapedAsCancelledAndReplayedAndVerifiedAsSuch(@TempDir Path dir)
      throws Exception {
    Path tape = dir.resolve("cancel.json");
    try (TapeSession s =
        session(tape, Mode.RECORD).timeout(java.time.Duration.ofSeconds(3)).open()) {
      McpClient client = s.client("cancel");
      client.initialize();
      cancelALongCall(client); // the proxy's 3 s timeout would have fired were it still waiting
      s.endChapter("cancel", true);
      s.finish(Set.of(), true);
    }
    Tape taped = TapeFile.read(tape);
    List<Interaction> interactions = taped.chapters().get("cancel").interactions();
    assertThat(interactions)
        .extracting(Interaction::label)
        .containsExactly("tools/call trigger-long-running-operation", "tools/call echo");
    assertThat(interactions.get(0).cancelled()).isEqualTo("the test has seen enough");

    try (TapeSession s = session(tape, Mode.REPLAY).open()) {
      McpClient client = s.client("cancel");
      client.initialize();
      cancelALongCall(client);
      ChapterResult replayed = s.endChapter("cancel", true);
      assertThat(replayed.mismatches()).isEmpty();
      assertThat(replayed.unused()).isEmpty();
    }

    try (TapeSession s = session(tape, Mode.VERIFY).open()) {
      McpClient client = s.client("cancel");
      client.initialize();
      cancelALongCall(client);
      ChapterResult verified = s.endChapter("cancel", true);
      s.finish(Set.of(), true);
      assertThat(verified.verify().passed()).as(verified.verify().render()).isTrue();
    }
  }
}

package dev.wassettetape.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.server.InMemoryServer;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's verify plays every kind of taped interaction (a list, a call that asks the client for
 * its roots, a cancelled call, a call followed by a late notification) against a live server in
 * memory: the same server passes, an upgraded one is reported by what changed, and one that dies
 * ends the verify with the rest reported missing.
 */
@Timeout(30)
class TapeDriverTest {

  @TempDir Path dir;

  Path record(String name, Supplier<InMemoryServer> server) throws Exception {
    Path tape = dir.resolve(name + ".json");
    try (TapeSession session =
        TapeSession.builder(tape).mode(Mode.RECORD).server(server::get).open()) {
      McpClient surface = session.client("surface");
      surface.initialize();
      surface.listTools();
      session.endChapter("surface", true);

      McpClient asks = session.client("asks");
      asks.roots(
          () ->
              JsonNodeFactory.instance
                  .arrayNode()
                  .add(JsonNodeFactory.instance.objectNode().put("uri", "file:///project")));
      asks.initialize();
      assertThat(asks.callTool("roots", Map.of()).text()).contains("file:///project");
      session.endChapter("asks", true);

      McpClient cancels = session.client("cancels");
      cancels.initialize();
      cancels.cancel(
          cancels.start("tools/call", JsonNodeFactory.instance.objectNode().put("name", "slow")),
          "the test gave up");
      cancels.callTool("echo", Map.of("message", "after")); // the session goes on
      session.endChapter("cancels", true);

      McpClient trails = session.client("trails");
      CountDownLatch late = new CountDownLatch(1);
      trails.onNotification(
          (Notification n) -> {
            if (n.params().map(p -> p.path("data").asText()).orElse("").equals("late")) {
              late.countDown();
            }
          });
      trails.initialize();
      trails.callTool("late", Map.of());
      assertThat(late.await(5, TimeUnit.SECONDS)).isTrue();
      session.endChapter("trails", true);
      session.finish(Set.of(), true);
    }
    return tape;
  }

  static VerifyReport verify(Path tape, InMemoryServer server) {
    return new Verifier(Normalizer.standard(), Secrets.NONE, Duration.ofSeconds(5))
        .verify(tape, server.transport(), List.of(), server.provenance());
  }

  @Test
  void everyKindOfInteractionIsPlayedAndTheSameServerPasses() throws Exception {
    Path tape = record("echo", InMemoryServer::echo);
    InMemoryServer server = InMemoryServer.echo();

    VerifyReport report = verify(tape, server);

    assertThat(report.passed()).as(report.render()).isTrue();
    Tape golden = TapeFile.read(tape);
    int interactions =
        golden.chapters().values().stream().mapToInt(c -> c.interactions().size()).sum();
    assertThat(report.render())
        .isEqualTo(
            "Verified tape "
                + tape
                + ": "
                + interactions
                + " interactions match (after normalisation).\n");
    String received = Files.readString(Verifier.receivedPath(tape));
    assertThat(received)
        .as("the client's answer to roots/list was the taped one")
        .contains("file:///project")
        .as("the notification after the last answer was waited for")
        .contains("\"late\"");
    assertThat(server.closedByProxy()).as("the live server is closed").isTrue();
  }

  @Test
  void anUpgradedServerIsReportedByWhatChanged() throws Exception {
    Path tape = record("echo", InMemoryServer::echo);

    VerifyReport report = verify(tape, InMemoryServer.upgraded());

    assertThat(report.passed()).isFalse();
    assertThat(report.render())
        .contains("handshake:\n  Extra node \"response.result.capabilities.logging\": <{}>.")
        .contains("chapter 'surface', interaction #1 tools/list:\n  + tool added: reverse")
        .doesNotContain("chapter 'asks'")
        .doesNotContain("chapter 'trails'");
  }

  @Test
  void aServerThatDiesEndsTheVerifyWithTheRestMissing() throws Exception {
    Path tape = dir.resolve("two.json");
    try (TapeSession session =
        TapeSession.builder(tape).mode(Mode.RECORD).server(InMemoryServer::echo).open()) {
      for (String chapter : List.of("a", "b")) {
        McpClient client = session.client(chapter);
        client.initialize();
        client.callTool("echo", Map.of("message", chapter));
        session.endChapter(chapter, true);
      }
      session.finish(Set.of(), true);
    }

    VerifyReport report = verify(tape, InMemoryServer.dyingAt("a"));

    assertThat(report.passed()).isFalse();
    assertThat(report.render())
        .contains("the live server went away: the server closed the session")
        .contains("panicked: told to die")
        .contains("chapter 'a', interaction #1 tools/call echo:\n")
        .contains("  Missing node \"response\", expected: <{\"result\"")
        .contains("chapter 'b', interaction #1 tools/call echo (on the tape, missing from");
  }

  @Test
  void theHandshakesOfTwoVersionsAreComparedOnTheirOwn() throws Exception {
    Tape one = TapeFile.read(record("one", InMemoryServer::echo));
    Tape again = TapeFile.read(record("again", InMemoryServer::echo));
    Tape two = TapeFile.read(record("two", InMemoryServer::upgraded));
    Verifier verifier = new Verifier(Normalizer.standard(), Secrets.NONE, Duration.ofSeconds(5));
    Path golden = dir.resolve("one.json");
    Path received = dir.resolve("one.received.json");

    assertThat(verifier.compareHandshake(one.handshake(), again.handshake(), golden, received))
        .matches(VerifyReport::passed);
    VerifyReport changed =
        verifier.compareHandshake(one.handshake(), two.handshake(), golden, received);
    assertThat(changed.passed()).isFalse();
    assertThat(changed.render())
        .contains("the handshake of tape " + golden)
        .contains("Extra node \"response.result.capabilities.logging\"");
  }
}

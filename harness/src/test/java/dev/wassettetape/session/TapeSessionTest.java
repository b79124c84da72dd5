package dev.wassettetape.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.client.SessionClosedException;
import dev.wassettetape.server.InMemoryServer;
import dev.wassettetape.server.LiveServer;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.tape.TapeNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every mode of a session, per chapter, against a server in memory: no process, no network. */
@Timeout(30)
class TapeSessionTest {

  @TempDir Path dir;
  final AtomicInteger starts = new AtomicInteger();

  Path tape() {
    return dir.resolve("echo.json");
  }

  TapeSession open(Mode mode, Supplier<LiveServer> server) {
    return TapeSession.builder(tape())
        .mode(mode)
        .timeout(Duration.ofSeconds(5))
        .howToRecord("record it again")
        .server(
            () -> {
              starts.incrementAndGet();
              return server.get();
            })
        .open();
  }

  static String echo(McpClient client, String message) {
    return client.callTool("echo", Map.of("message", message)).text();
  }

  /** Records chapters a (two calls) and b (one call) with the echo server. */
  void recordAB() {
    try (TapeSession session = open(Mode.RECORD, InMemoryServer::echo)) {
      McpClient a = session.client("a");
      a.initialize();
      assertThat(echo(a, "one")).isEqualTo("Echo: one");
      assertThat(echo(a, "two")).isEqualTo("Echo: two");
      session.endChapter("a", true);
      McpClient b = session.client("b");
      b.initialize();
      echo(b, "three");
      session.endChapter("b", true);
      SessionResult result = session.finish(Set.of(), true);
      assertThat(result.written()).isTrue();
      assertThat(result.rewritten()).containsExactly("a", "b");
      assertThat(result.serverLost()).isNull();
    }
  }

  @Test
  void recordWritesAChapterPerTestWithItsCallsAndNotifications() {
    recordAB();

    Tape tape = TapeFile.read(tape());
    assertThat(tape.chapters()).containsOnlyKeys("a", "b");
    List<Interaction> a = tape.chapters().get("a").interactions();
    assertThat(a)
        .extracting(Interaction::label)
        .containsExactly("tools/call echo", "tools/call echo");
    assertThat(a.get(0).params().at("/arguments/message").asText()).isEqualTo("one");
    assertThat(a.get(0).events())
        .extracting(e -> e.method())
        .containsExactly("notifications/message");
    assertThat(tape.handshake().request().path("protocolVersion").asText())
        .isEqualTo(McpClient.PROTOCOL_VERSIONS.get(0));
    assertThat(starts).as("one live server for the whole session").hasValue(1);
  }

  @Test
  void replayAnswersEachChapterFromTheTapeWithoutAServer() {
    recordAB();
    starts.set(0);

    try (TapeSession session = open(Mode.REPLAY, InMemoryServer::echo)) {
      McpClient a = session.client("a");
      a.initialize();
      assertThat(echo(a, "one")).isEqualTo("Echo: one");
      assertThat(echo(a, "two")).isEqualTo("Echo: two");
      ChapterResult result = session.endChapter("a", true);
      assertThat(result.mode()).isEqualTo(Mode.REPLAY);
      assertThat(result.mismatches()).isEmpty();
      assertThat(result.unused()).isEmpty();
      assertThat(session.finish(Set.of(), true).written()).isFalse();
    }
    assertThat(starts).as("replay starts no server").hasValue(0);
  }

  @Test
  void replayReportsARequestTheChapterCannotAnswerAndTheOnesNeverMade() {
    recordAB();

    try (TapeSession session = open(Mode.REPLAY, InMemoryServer::echo)) {
      McpClient a = session.client("a");
      a.initialize();
      assertThatThrownBy(() -> echo(a, "three"))
          .isInstanceOf(McpErrorException.class)
          .hasMessageContaining("it is taped under test 'b'");
      ChapterResult result = session.endChapter("a", false);
      assertThat(result.mismatches())
          .singleElement()
          .asString()
          .contains("No taped interaction matches tools/call echo")
          .contains("in chapter 'a'")
          .contains("record it again");
      assertThat(result.unused()).hasSize(2);
    }
  }

  @Test
  void aTestWithoutAChapterIsToldItWasNeverRecorded() {
    recordAB();

    try (TapeSession session = open(Mode.REPLAY, InMemoryServer::echo)) {
      McpClient c = session.client("c");
      c.initialize();
      assertThatThrownBy(() -> echo(c, "one"))
          .hasMessageContaining("it is taped under test 'a'"); // where it is, first
      assertThatThrownBy(() -> echo(c, "never taped"))
          .hasMessageContaining("the tape has no chapter 'c': this test never was recorded");
    }
  }

  @Test
  void aMissingTapeIsItsOwnErrorInReplay() {
    assertThatThrownBy(() -> open(Mode.REPLAY, InMemoryServer::echo))
        .isInstanceOf(TapeNotFoundException.class);
  }

  @Test
  void verifyPassesWhenTheServerStillAnswersTheSame() {
    recordAB();

    try (TapeSession session = open(Mode.VERIFY, InMemoryServer::echo)) {
      McpClient a = session.client("a");
      a.initialize();
      echo(a, "one");
      echo(a, "two");
      ChapterResult result = session.endChapter("a", true);
      assertThat(result.verify().passed()).as(result.verify().render()).isTrue();
      SessionResult done = session.finish(Set.of(), true);
      assertThat(done.received()).isNull();
      assertThat(done.written()).isFalse();
    }
    assertThat(TapeFile.beside(tape(), "received")).doesNotExist();
  }

  @Test
  void verifyReportsDriftAndWritesTheLiveChaptersBesideTheTape() throws Exception {
    recordAB();
    String golden = Files.readString(tape());

    try (TapeSession session = open(Mode.VERIFY, () -> InMemoryServer.greeting("Hello"))) {
      McpClient a = session.client("a");
      a.initialize();
      echo(a, "one");
      echo(a, "two");
      ChapterResult result = session.endChapter("a", true);
      assertThat(result.verify().passed()).isFalse();
      assertThat(result.verify().render()).contains("Echo: one").contains("Hello: one");
      SessionResult done = session.finish(Set.of(), true);
      assertThat(done.received()).isEqualTo(TapeFile.beside(tape(), "received"));
    }
    Tape received = TapeFile.read(TapeFile.beside(tape(), "received"));
    assertThat(received.chapters().get("a").interactions().get(0).response().result().toString())
        .contains("Hello: one");
    assertThat(Files.readString(tape())).as("the golden tape is never touched").isEqualTo(golden);
  }

  @Test
  void recordMissingRecordsOnlyTheNewChapterAndKeepsTheOthersByteForByte() throws Exception {
    recordAB();
    Tape before = TapeFile.read(tape());
    starts.set(0);

    try (TapeSession session = open(Mode.RECORD_MISSING, InMemoryServer::echo)) {
      assertThat(session.modeOf("a")).isEqualTo(Mode.REPLAY);
      assertThat(session.modeOf("c")).isEqualTo(Mode.RECORD);
      McpClient a = session.client("a");
      a.initialize();
      echo(a, "one");
      echo(a, "two");
      session.endChapter("a", true);
      assertThat(starts).as("replayed chapters start no server").hasValue(0);
      McpClient c = session.client("c");
      c.initialize();
      echo(c, "new");
      session.endChapter("c", true);
      SessionResult result = session.finish(Set.of(), false);
      assertThat(result.rewritten()).containsExactly("c");
    }
    Tape after = TapeFile.read(tape());
    assertThat(after.chapters()).containsOnlyKeys("a", "b", "c");
    assertThat(after.chapters().get("a")).isEqualTo(before.chapters().get("a"));
    assertThat(after.chapters().get("b")).isEqualTo(before.chapters().get("b"));
  }

  @Test
  void recordKeepsTheChapterOfAFailedTestAndDropsTheRemovedOnes() {
    recordAB();
    Tape before = TapeFile.read(tape());

    try (TapeSession session = open(Mode.RECORD, () -> InMemoryServer.greeting("Hello"))) {
      McpClient a = session.client("a");
      a.initialize();
      echo(a, "other");
      session.endChapter("a", false); // failed: its recording is not kept
      SessionResult result = session.finish(Set.of("b"), true);
      assertThat(result.removed()).containsExactly("b");
    }
    Tape after = TapeFile.read(tape());
    assertThat(after.chapters()).containsOnlyKeys("a");
    assertThat(after.chapters().get("a")).isEqualTo(before.chapters().get("a"));
  }

  @Test
  void aServerLostMidRecordingKeepsThePartialSessionBesideAnUnchangedTape() throws Exception {
    recordAB();
    String golden = Files.readString(tape());

    try (TapeSession session = open(Mode.RECORD, InMemoryServer::echo)) {
      McpClient a = session.client("a");
      a.initialize();
      echo(a, "one");
      assertThatThrownBy(() -> a.callTool("die", Map.of()))
          .isInstanceOf(McpErrorException.class)
          .hasMessageContaining("MCP server gone")
          .hasMessageContaining("panicked: told to die");
      // whatever the timing, a later call hears why the session ended, not just "closed"
      assertThatThrownBy(() -> echo(a, "two"))
          .isInstanceOf(SessionClosedException.class)
          .hasMessageContaining("panicked: told to die");
      assertThatThrownBy(() -> session.client("late").initialize())
          .isInstanceOf(SessionClosedException.class)
          .hasMessageContaining("panicked: told to die");
      session.endChapter("a", true);
      SessionResult result = session.finish(Set.of(), true);
      assertThat(result.written()).isFalse();
      assertThat(result.serverLost()).contains("panicked: told to die");
      assertThat(result.partial()).isEqualTo(TapeFile.beside(tape(), "partial"));
    }
    assertThat(Files.readString(tape())).isEqualTo(golden);
    assertThat(TapeFile.read(TapeFile.beside(tape(), "partial")).chapters().get("a").interactions())
        .extracting(Interaction::label)
        .startsWith("tools/call echo");
  }

  @Test
  void passthroughGoesLiveAndWritesNothing() {
    try (TapeSession session = open(Mode.PASSTHROUGH, InMemoryServer::echo)) {
      McpClient a = session.client("a");
      a.initialize();
      assertThat(echo(a, "live")).isEqualTo("Echo: live");
      session.endChapter("a", true);
      assertThat(session.finish(Set.of(), true).written()).isFalse();
    }
    assertThat(tape()).doesNotExist();
  }

  @Test
  void aSecretIsRedactedWhenRecordedAndMatchedWhenReplayed() throws Exception {
    Secrets secrets = Secrets.of(Map.of("TOKEN", "tok-1234567890"));
    try (TapeSession session =
        TapeSession.builder(tape())
            .mode(Mode.RECORD)
            .secrets(secrets)
            .server(InMemoryServer::echo)
            .open()) {
      McpClient a = session.client("a");
      a.initialize();
      echo(a, "with tok-1234567890");
      session.endChapter("a", true);
      session.finish(Set.of(), true);
    }
    assertThat(Files.readString(tape()))
        .doesNotContain("tok-1234567890")
        .contains("with <redacted:TOKEN>");

    try (TapeSession session =
        TapeSession.builder(tape()).mode(Mode.REPLAY).secrets(secrets).open()) {
      McpClient a = session.client("a");
      a.initialize();
      assertThat(echo(a, "with tok-1234567890")).isEqualTo("Echo: with <redacted:TOKEN>");
      assertThat(session.endChapter("a", true).mismatches()).isEmpty();
    }
  }

  @Test
  void aServerThatCannotStartFailsEveryLiveChapterTheSameWayWithoutRetrying() {
    try (TapeSession session =
        open(
            Mode.RECORD,
            () -> {
              throw new IllegalStateException("no such binary");
            })) {
      assertThatThrownBy(() -> session.client("a")).hasMessage("no such binary");
      assertThatThrownBy(() -> session.client("b")).hasMessage("no such binary");
    }
    assertThat(starts).as("tried once").hasValue(1);
  }

  @Test
  void aFinishedSessionRefusesNewClients() {
    TapeSession session = open(Mode.PASSTHROUGH, InMemoryServer::echo);
    session.finish(Set.of(), true);
    assertThatThrownBy(() -> session.client("a")).hasMessageContaining("has finished");
  }
}

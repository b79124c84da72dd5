package dev.wassettetape.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.proxy.AccessControl;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify of a whole tape, as the CLI runs it: the tape's requests played against a live server (in
 * memory here), chapter by chapter, compared, and the live session written beside the tape.
 */
@Timeout(30)
class TapeVerifyTest {

  static final Secrets SECRETS = Secrets.of(Map.of("TOKEN", "tok-1234567890"));

  @TempDir Path dir;
  Path tape;

  @BeforeEach
  void record() {
    tape = dir.resolve("echo.json");
    try (TapeSession session =
        TapeSession.builder(tape)
            .mode(Mode.RECORD)
            .secrets(SECRETS)
            .server(InMemoryServer::echo)
            .open()) {
      for (String chapter : List.of("first", "second")) {
        McpClient client = session.client(chapter);
        client.initialize();
        client.callTool("echo", Map.of("message", chapter + " tok-1234567890"));
        client.notify("notifications/roots/list_changed", null);
        session.endChapter(chapter, true);
      }
      client(session);
      session.finish(Set.of(), true);
    }
  }

  /** A chapter whose call is refused by access control, as recorded. */
  static void client(TapeSession session) {
    McpClient client = session.client("refused");
    client.initialize();
    try {
      client.callTool("load-component", Map.of("path", "x"));
    } catch (RuntimeException refused) {
      // recorded as refused
    }
    session.endChapter("refused", true);
  }

  VerifyReport verify(InMemoryServer server) {
    return new Verifier(Normalizer.standard(), SECRETS, Duration.ofSeconds(5))
        .verify(tape, server.transport(), List.of(AccessControl.defaults()), server.provenance());
  }

  @Test
  void theSameServerPassesAndTheLiveSessionIsWrittenRedacted() throws Exception {
    VerifyReport report = verify(InMemoryServer.echo());

    assertThat(report.passed()).as(report.render()).isTrue();
    Path received = Verifier.receivedPath(tape);
    assertThat(received).isEqualTo(dir.resolve("echo.received.json"));
    Tape live = TapeFile.read(received);
    assertThat(live.chapters()).containsOnlyKeys("first", "second", "refused");
    assertThat(Files.readString(received))
        .doesNotContain("tok-1234567890")
        .contains("first <redacted:TOKEN>");
  }

  @Test
  void aChangedServerFailsWithTheDifferenceInEachChapter() {
    VerifyReport report = verify(InMemoryServer.greeting("Hello"));

    assertThat(report.passed()).isFalse();
    assertThat(report.render())
        .contains("first")
        .contains("second")
        .contains(
            "expected: <\"Echo: first <redacted:TOKEN>\"> but was: <\"Hello: first <redacted:TOKEN>\">");
    assertThat(report.expectedText()).contains("Echo: second");
    assertThat(report.actualText()).contains("Hello: second");
  }
}

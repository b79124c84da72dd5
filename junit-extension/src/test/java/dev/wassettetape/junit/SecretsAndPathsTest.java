package dev.wassettetape.junit;

import static dev.wassettetape.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.faults.MisbehavingServer;
import dev.wassettetape.server.CommandServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;

/** Secret fields from the annotation, in record and replay; tape names stay in their directory. */
@ExtendWith(EngineRuns.DevelopersMachine.class)
class SecretsAndPathsTest {

  static final String TOKEN = "token-from-the-vault-9876";

  @WassetteTape(value = "fields.json", secretFields = "apiKey")
  static class SecretFieldCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder()
            .server(() -> CommandServer.start(MisbehavingServer.command(), null))
            .build();

    @Test
    void callsWithAToken(McpClient client) {
      assertThat(client.callTool("echo", Map.of("message", "hello", "apiKey", TOKEN)).text())
          .isEqualTo("Echo: hello");
    }
  }

  @Test
  void aSecretFieldIsRedactedWhenRecordedAndTheRequestStillMatchesInReplay(@TempDir Path dir)
      throws Exception {
    passes(run(SecretFieldCase.class, "RECORD", dir));
    String tape = Files.readString(dir.resolve("fields.json"));
    assertThat(tape).doesNotContain(TOKEN).contains("\"apiKey\": \"<redacted:apiKey>\"");

    passes(run(SecretFieldCase.class, "REPLAY", dir));
  }

  static void passes(Events events) {
    events.assertStatistics(s -> s.failed(0));
    events
        .assertThatEvents()
        .haveExactly(1, event(test("callsWithAToken"), finishedSuccessfully()));
  }

  @WassetteTape("../outside.json")
  static class EscapingCase {
    @Test
    void any(McpClient client) {}
  }

  @Test
  void aTapeNameThatLeavesTheTapeDirectoryIsRefused(@TempDir Path dir) {
    run(EscapingCase.class, "REPLAY", dir.resolve("tapes"))
        .assertThatEvents()
        .haveAtLeast(
            1,
            event(
                container(EscapingCase.class),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains(
                                    "names tape '../outside.json', which is outside the tape"
                                        + " directory")
                                && m.contains("without '..'")))));
  }
}

package dev.wassettetape.junit;

import static dev.wassettetape.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
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

/**
 * A server that dies mid-recording: the tests fail with why, and the golden tape is not changed.
 */
@ExtendWith(EngineRuns.DevelopersMachine.class)
class FaultsTest {

  @WassetteTape("echo.json")
  static class CrashTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder()
            .server(() -> CommandServer.start(MisbehavingServer.command("crash-after", "4"), null))
            .build();

    @Test
    void hello(McpClient client) {
      client.callTool("echo", Map.of("message", "hello")); // message 3
      client.callTool("echo", Map.of("message", "again")); // 4: the server dies
    }
  }

  @Test
  void aServerThatDiesMidRecordingFailsTheTestAndTheClassAndChangesNoTape(@TempDir Path dir)
      throws Exception {
    Path golden = Files.copy(EngineRuns.TAPES.resolve("echo.json"), dir.resolve("echo.json"));
    String before = Files.readString(golden);

    run(CrashTestCase.class, "RECORD", dir)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("hello"),
                finishedWithFailure(
                    message(
                        m ->
                            m.startsWith("JSON-RPC error -32000: MCP server gone")
                                && m.contains("exited with status 3")
                                && m.contains("boom: crashing on purpose at message 4")))))
        .haveExactly(
            1,
            event(
                container(CrashTestCase.class),
                finishedWithFailure(
                    message(
                        m ->
                            m.startsWith(
                                    "The live server went away during the session of [CrashTestCase]:")
                                && m.endsWith(
                                    "Tape "
                                        + golden
                                        + " was not changed; the session as far as it went is in "
                                        + dir.resolve("echo.partial.json")
                                        + ".")))));
    assertThat(golden).hasContent(before);
  }
}

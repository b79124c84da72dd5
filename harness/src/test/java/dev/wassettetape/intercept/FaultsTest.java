package dev.wassettetape.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.client.McpTimeoutException;
import dev.wassettetape.client.ToolResult;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.server.InMemoryServer;
import dev.wassettetape.session.ChapterResult;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.TapeSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault, selected every way, the same live (recorded) and replayed: the tape holds what the
 * server said, never an injected fault.
 */
@Timeout(60)
class FaultsTest {

  @TempDir Path dir;

  static Faults faults() {
    return Faults.inject(
            Faults.tool("echo").withArgument("message", "err").error(-32050, "injected error"),
            Faults.tool("echo").withArgument("message", "iserr").isError("flaky backend"),
            Faults.tool("echo").withArgument("message", "slow").delay(Duration.ofMillis(250)),
            Faults.tool("echo").withArgument("message", "drop").dropResponse(),
            Faults.tool("echo").withArgument("message", "garbage").malformed(),
            Faults.tool("echo").withArgument("message", "crash").crash(),
            Faults.tool("echo").inChapter("nth").call(2, 4).error(-32051, "even"),
            Faults.tool("echo").inChapter("coin").probability(0.5).error(-32052, "coin"))
        .seed(7);
  }

  /** What each chapter's calls gave, as text: the same in every mode. */
  static final Map<String, Function<McpClient, String>> CHAPTERS = new LinkedHashMap<>();

  static {
    CHAPTERS.put("error", c -> outcome(c, "err"));
    CHAPTERS.put("isError", c -> outcome(c, "iserr"));
    CHAPTERS.put(
        "delay",
        c -> {
          long start = System.nanoTime();
          String text = outcome(c, "slow");
          return text + (System.nanoTime() - start >= 250_000_000L ? " (late)" : " (on time)");
        });
    CHAPTERS.put("drop", c -> outcome(c, "drop"));
    CHAPTERS.put(
        "malformed",
        c ->
            outcome(c, "garbage")
                + " "
                + c.problems().stream().map(ProtocolProblem::kind).toList());
    CHAPTERS.put("crash", c -> outcome(c, "crash") + " then " + outcome(c, "after"));
    CHAPTERS.put(
        "nth",
        c -> {
          List<String> calls = new ArrayList<>();
          for (int k = 1; k <= 5; k++) {
            calls.add(outcome(c, "n" + k));
          }
          return calls.toString();
        });
    CHAPTERS.put(
        "coin",
        c -> {
          List<Integer> failed = new ArrayList<>();
          for (int k = 1; k <= 20; k++) {
            if (outcome(c, "c" + k).startsWith("error")) {
              failed.add(k);
            }
          }
          return failed.toString();
        });
  }

  static String outcome(McpClient client, String message) {
    try {
      ToolResult result = client.callTool("echo", Map.of("message", message));
      return (result.isError() ? "isError " : "ok ") + result.text();
    } catch (McpErrorException e) {
      return "error " + e.code() + " " + e.error().path("message").asText();
    } catch (McpTimeoutException e) {
      return "timeout";
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  Map<String, String> run(Mode mode, Path tape) {
    Map<String, String> outcomes = new LinkedHashMap<>();
    try (TapeSession session =
        TapeSession.builder(tape)
            .mode(mode)
            .server(InMemoryServer::echo)
            .timeout(Duration.ofMillis(700))
            .interceptor(faults())
            .open()) {
      CHAPTERS.forEach(
          (chapter, calls) -> {
            McpClient client = session.client(chapter);
            client.initialize();
            outcomes.put(chapter, calls.apply(client));
            ChapterResult result = session.endChapter(chapter, true);
            assertThat(result.mismatches()).as(mode + " " + chapter).isEmpty();
          });
      session.finish(Set.of(), true);
    }
    return outcomes;
  }

  @Test
  void everyFaultIsInjectedAliveAndReplayedAlikeAndNoneIsTaped() throws Exception {
    Path tape = dir.resolve("faults.json");
    Map<String, String> live = run(Mode.RECORD, tape);

    assertThat(live.get("error")).isEqualTo("error -32050 injected error");
    assertThat(live.get("isError")).isEqualTo("isError flaky backend");
    assertThat(live.get("delay")).isEqualTo("ok Echo: slow (late)");
    assertThat(live.get("drop")).isEqualTo("timeout");
    assertThat(live.get("malformed")).isEqualTo("timeout [NOT_JSON]");
    assertThat(live.get("crash"))
        .startsWith("error " + McpProxy.SERVER_GONE)
        .contains("MCP server gone: injected: crash")
        .endsWith("then SessionClosedException");
    assertThat(live.get("nth"))
        .isEqualTo("[ok Echo: n1, error -32051 even, ok Echo: n3, error -32051 even, ok Echo: n5]");
    assertThat(live.get("coin")).isNotEqualTo("[]").isNotEqualTo(allTwenty());

    String taped = Files.readString(tape);
    assertThat(taped)
        .contains("Echo: slow", "Echo: drop", "Echo: garbage", "Echo: n3")
        .doesNotContain("injected", "flaky backend", "\"n2\"", "-32051");

    assertThat(run(Mode.REPLAY, tape)).isEqualTo(live);
    assertThat(run(Mode.RECORD, dir.resolve("again.json")).get("coin"))
        .as("seeded: the same calls fail every run")
        .isEqualTo(live.get("coin"));
  }

  static String allTwenty() {
    List<Integer> all = new ArrayList<>();
    for (int k = 1; k <= 20; k++) {
      all.add(k);
    }
    return all.toString();
  }
}

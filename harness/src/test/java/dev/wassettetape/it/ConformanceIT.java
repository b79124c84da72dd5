package dev.wassettetape.it;

import static dev.wassettetape.it.Command.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite (server scenarios, Streamable HTTP) against the harness as an
 * HTTP server: {@code record --http} in front of a server, then {@code replay --http} of the tape
 * that recorded, with no server at all. In front of the SDK-written fixture server every scenario
 * that passes directly must pass both ways; in front of server-everything (on stdio), the ones it
 * passes (13 of 31: the rest need the suite's fixture tools) pass through the proxy and from the
 * tape alike. Counts: docs/conformance.md.
 */
@Timeout(300)
class ConformanceIT {

  /** What server-everything 2026.8.31 passes; the transport-level scenarios among them. */
  static final Set<String> PASSED_BY_THE_REFERENCE_SERVER =
      Set.of(
          "server-initialize",
          "logging-set-level",
          "ping",
          "tools-list",
          "tools-call-simple-text",
          "tools-call-error",
          "server-sse-multiple-streams",
          "resources-list",
          "resources-subscribe",
          "resources-unsubscribe",
          "prompts-list",
          "dns-rebinding-protection");

  @TempDir Path dir;

  @Test
  void theSameScenariosPassThroughTheRecordingProxyAndFromItsTape() throws Exception {
    Harnessed through =
        throughTheHarness("everything", concat(List.of("--"), NpmPeers.serverEverything()));

    assertThat(through.proxied()).containsAll(PASSED_BY_THE_REFERENCE_SERVER);
    assertThat(through.replayed()).isEqualTo(through.proxied());
  }

  /**
   * Against a server that has the suite's fixtures (the official Java SDK's server, {@link
   * ConformanceFixtureServer}), three ways: directly, through {@code record --http --server-url}
   * (HTTP on both sides), and from the replay of that tape. What passes directly must pass the
   * other two ways.
   */
  @Test
  void whatTheFixtureServerPassesDirectlyPassesThroughTheProxyAndFromTheReplay() throws Exception {
    Set<String> direct;
    Harnessed through;
    try (ConformanceFixtureServer fixtures = ConformanceFixtureServer.start()) {
      direct = passed(fixtures.url().toString(), "direct");
      through = throughTheHarness("fixtures", List.of("--server-url", fixtures.url().toString()));
    }
    System.out.printf(
        "conformance, server scenarios passed: directly %d %s%n  through record --http %d %s%n"
            + "  from the replay %d %s%n",
        direct.size(),
        direct,
        through.proxied().size(),
        through.proxied(),
        through.replayed().size(),
        through.replayed());
    assertThat(direct).hasSizeGreaterThan(20); // the fixtures are there
    assertThat(through.proxied()).containsAll(direct);
    assertThat(through.replayed()).containsAll(direct);
  }

  /** What passed through {@code record --http} in front of a server, and from its tape's replay. */
  record Harnessed(Set<String> proxied, Set<String> replayed) {}

  /**
   * Runs the suite through {@code record --http <server>} (then SIGTERM: the tape is written), then
   * against {@code replay --http} of that tape, which must match every request it is sent.
   */
  Harnessed throughTheHarness(String name, List<String> server) throws Exception {
    Path tape = dir.resolve(name + ".json");
    Set<String> proxied;
    try (Served record =
        Served.start(
            dir,
            concat(
                concat(NpmPeers.wassetteTape(), "record", "--tape", tape.toString(), "--http", "0"),
                server))) {
      proxied = passed(record.url(), name + "-proxied");
      assertThat(record.stop()).as(record.output()).isZero();
    }
    try (Served replay =
        Served.start(
            dir,
            concat(NpmPeers.wassetteTape(), "replay", "--tape", tape.toString(), "--http", "0"))) {
      Set<String> replayed = passed(replay.url(), name + "-replayed");
      assertThat(replay.stop()).as(replay.output()).isZero();
      assertThat(replay.output()).doesNotContain("No taped interaction matches");
      return new Harnessed(proxied, replayed);
    }
  }

  /** Runs every server scenario against {@code url}; the names of those that passed. */
  Set<String> passed(String url, String name) throws IOException, InterruptedException {
    Path out = dir.resolve(name + ".txt");
    Process suite =
        new ProcessBuilder(
                NpmPeers.conformance("server", "--url", url, "-o", dir.resolve(name).toString()))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    suite.getOutputStream().close();
    if (!suite.waitFor(180, TimeUnit.SECONDS)) {
      suite.descendants().forEach(ProcessHandle::destroyForcibly);
      suite.destroyForcibly();
      throw new AssertionError(
          "the conformance suite did not finish in 180 s: " + Files.readString(out));
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(text).as(text).contains("=== SUMMARY ===");
    Set<String> passed = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^✓ ([a-z0-9-]+):").matcher(text);
    while (m.find()) {
      passed.add(m.group(1));
    }
    return passed;
  }
}

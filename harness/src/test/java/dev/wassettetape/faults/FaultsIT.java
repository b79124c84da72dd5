package dev.wassettetape.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.transport.InMemoryTransport;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.server.CommandServer;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.SessionResult;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.tape.TapeFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per fault the harness must survive (docs/reliability.md), against {@link
 * MisbehavingServer}: the golden tape is never changed by a failure, every pending request gets an
 * answer, and no process or blocked thread is left behind.
 */
@Timeout(120)
class FaultsIT {

  static final Path EXAMPLE = Path.of("src/test/resources/tapes/example.json");

  /** A proxy and client in front of a misbehaving server, without a session around them. */
  record Rig(CommandServer server, McpProxy proxy, McpClient client) implements AutoCloseable {
    static Rig of(Duration timeout, String... behaviour) {
      CommandServer server = CommandServer.start(MisbehavingServer.command(behaviour), null);
      McpProxy proxy = new McpProxy(server.transport(), List.of(), timeout).start();
      InMemoryTransport[] pipe = InMemoryTransport.pair("client", "proxy");
      proxy.connect(pipe[1], "fault");
      McpClient client = new McpClient(pipe[0], Duration.ofSeconds(30));
      client.initialize();
      return new Rig(server, proxy, client);
    }

    @Override
    public void close() {
      proxy.close();
      server.close();
    }
  }

  static String echo(McpClient client, String message) {
    return client.callTool("echo", Map.of("message", message)).text();
  }

  /** Waits until the processes are gone; fails when one is alive after {@code bound}. */
  static void gone(List<ProcessHandle> processes, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
  }

  static List<ProcessHandle> tree(CommandServer server) {
    List<ProcessHandle> all = new java.util.ArrayList<>(server.handle().descendants().toList());
    all.add(server.handle());
    return all;
  }

  @Test
  void aServerCrashAnswersThePendingCallAndNeverChangesTheGoldenTape(@TempDir Path dir)
      throws Exception {
    Path golden = Files.copy(EXAMPLE, dir.resolve("t.json"));
    String before = Files.readString(golden);
    SessionResult result;
    try (TapeSession s =
        TapeSession.builder(golden)
            .mode(Mode.RECORD)
            .server(() -> CommandServer.start(MisbehavingServer.command("crash-after", "4"), null))
            .open()) {
      McpClient client = s.client("oslo");
      client.initialize(); // messages 1 and 2
      assertThat(echo(client, "one")).isEqualTo("Echo: one"); // 3

      assertThatThrownBy(() -> echo(client, "two")) // 4: the server dies
          .isInstanceOf(McpErrorException.class)
          .hasMessageContaining("JSON-RPC error -32000: MCP server gone")
          .hasMessageContaining("exited with status 3")
          .hasMessageContaining("boom: crashing on purpose at message 4");
      s.endChapter("oslo", true); // even a test that swallowed the error changes nothing
      result = s.finish(Set.of(), true);
    }

    assertThat(result.written()).isFalse();
    assertThat(result.serverLost()).contains("exited with status 3");
    assertThat(golden).hasContent(before);
    assertThat(Files.readString(dir.resolve("t.partial.json"))).contains("Echo: one");
  }

  @Test
  void aHungRequestTimesOutAloneAndTheProcessTreeClosesInABound() throws Exception {
    List<ProcessHandle> tree;
    // long enough for the server's JVM to start under load (initialize is timed too), short
    // enough to wait for the hung call
    try (Rig rig = Rig.of(Duration.ofSeconds(3), "hang-on", "slow")) {
      tree = tree(rig.server());
      assertThatThrownBy(() -> rig.client().callTool("slow", Map.of()))
          .isInstanceOf(McpErrorException.class)
          .hasMessageContaining("JSON-RPC error -32004: wassette-tape: tools/call timed out");
      assertThat(echo(rig.client(), "after")).isEqualTo("Echo: after");
    }
    gone(tree, Duration.ofSeconds(10));
  }

  @Test
  void aServerThatStopsReadingCannotBlockShutdown() throws Exception {
    Rig rig = Rig.of(Duration.ofSeconds(30), "stop-reading-after", "3");
    List<ProcessHandle> tree = tree(rig.server());
    ObjectNode big = JsonNodeFactory.instance.objectNode().put("name", "echo");
    big.putObject("arguments").put("message", "x".repeat(100_000));
    for (int k = 0; k < 20; k++) { // 2 MB: far more than a pipe holds, so our writer blocks
      CompletableFuture.runAsync(() -> rig.client().request("tools/call", big));
    }
    Thread.sleep(500);

    long start = System.nanoTime();
    rig.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    gone(tree, Duration.ofSeconds(5));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (blockedWriters() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(blockedWriters()).as("proxy threads still writing to the server").isZero();
  }

  /** Threads (a test's, the proxy's, pooled) blocked writing to a server's stdin. */
  static long blockedWriters() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(
            e ->
                e.getKey().isAlive()
                    && java.util.Arrays.stream(e.getValue())
                        .anyMatch(
                            f ->
                                f.getClassName().endsWith(".StreamTransport")
                                    && f.getMethodName().equals("send")))
        .count();
  }

  @Test
  void aServerThatStopsReadingIsEndedAfterTheTimeoutAndTheCallerHearsWhy() throws Exception {
    Rig rig = Rig.of(Duration.ofSeconds(2), "stop-reading-after", "2"); // after the handshake
    List<ProcessHandle> tree = tree(rig.server());
    try {
      long start = System.nanoTime();
      // the caller's own thread writes the request, more than a pipe holds: it is stuck until the
      // server is ended
      assertThatThrownBy(() -> echo(rig.client(), "x".repeat(200_000)))
          .isInstanceOf(McpErrorException.class)
          .hasMessageContaining("MCP server gone")
          .hasMessageContaining("has not read its input");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
      assertThat(blockedWriters()).isZero();
    } finally {
      rig.close();
    }
    gone(tree, Duration.ofSeconds(5));
  }

  @Test
  void garbageFromTheServerIsReportedWithAnExcerptAndTheSessionGoesOn() throws Exception {
    try (Rig rig = Rig.of(Duration.ofSeconds(30), "garbage")) {
      assertThat(echo(rig.client(), "still")).isEqualTo("Echo: still");

      assertThat(rig.proxy().problems())
          .extracting(ProtocolProblem::kind)
          .contains(
              ProtocolProblem.Kind.NOT_JSON,
              ProtocolProblem.Kind.OVERSIZE_LINE,
              ProtocolProblem.Kind.INVALID_UTF8);
      assertThat(rig.proxy().problems())
          .anySatisfy(p -> assertThat(p.excerpt()).isEqualTo("this line is not JSON at all"));
    }
  }

  /** A JVM holding a server, killed: its server must go with it. */
  static void noServerOutlivesAJvmThatDies(boolean forcibly) throws Exception {
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HoldsAServer.class.getName())
            .redirectErrorStream(true)
            .start();
    List<ProcessHandle> server;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
      String pids = out.readLine();
      assertThat(pids).as("the JVM printed its server's pids").isNotNull();
      server =
          Arrays.stream(pids.trim().split(" "))
              .map(pid -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow())
              .toList();
      assertThat(server).allMatch(ProcessHandle::isAlive);
      if (forcibly) {
        jvm.destroyForcibly(); // SIGKILL: no hook runs; the guard must notice
      } else {
        jvm.destroy(); // SIGTERM: the shutdown hook ends it
      }
      gone(server, Duration.ofSeconds(5));
    } finally {
      jvm.destroyForcibly();
    }
  }

  @Test
  void noServerOutlivesAJvmKilledWithSigkill() throws Exception {
    noServerOutlivesAJvmThatDies(true);
  }

  @Test
  void noServerOutlivesAJvmEndedWithSigterm() throws Exception {
    noServerOutlivesAJvmThatDies(false);
  }

  @Test
  void anUnwritableTapeDirectoryIsAClearErrorNamingThePath(@TempDir Path dir) throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("tapes"), "a file, not a directory");
    Path tape = notADirectory.resolve("t.json");

    assertThatThrownBy(() -> TapeFile.write(tape, TapeFile.read(EXAMPLE)))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessage("could not write tape " + tape);
  }
}

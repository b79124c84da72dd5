package dev.wassettetape.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.replay.TapeServer;
import dev.wassettetape.server.InMemoryServer;
import dev.wassettetape.server.WassetteServer;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.wassette.Component;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import dev.wassettetape.wassette.WassetteProcess;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The in-process rows of scripts/bench.py, one per run, each in a fresh JVM; prints one JSON line.
 *
 * <ul>
 *   <li>{@code load TAPE}: read a tape and index it for replay (up to the answer to its first
 *       request): time and retained heap.
 *   <li>{@code replay TAPE N}: the extension's path, replayed: our client → proxy → replayer, in
 *       memory, N sequential calls of the tape's chapter {@code big}: a third as warm-up, the rest
 *       in 5 rounds, the median round's rate.
 *   <li>{@code first TAPE}: a fresh JVM's first replayed "test class": every chapter of the tape
 *       replayed through a session as a test would, from main's entry (class loading, Jackson, tape
 *       read included).
 *   <li>{@code recording N}: heap retained by a recording session after a quarter and after all of
 *       N calls.
 *   <li>{@code wassette BINARY CLOCK.wasm}: our client → recording proxy → Wassette against our
 *       client → Wassette (two Wassette processes), 12 rounds alternating which goes first after 2
 *       of warm-up, median round trips of the clock's {@code new-id}.
 * </ul>
 */
public final class InProcessBench {

  static final String PAYLOAD = "x".repeat(1000);

  public static void main(String[] args) throws Exception {
    long entered = System.nanoTime();
    String json =
        switch (args[0]) {
          case "load" -> load(Path.of(args[1]));
          case "replay" -> replay(Path.of(args[1]), Integer.parseInt(args[2]));
          case "first" -> first(Path.of(args[1]), entered);
          case "recording" -> recording(Integer.parseInt(args[1]));
          case "wassette" -> wassette(Path.of(args[1]), Path.of(args[2]));
          default -> throw new IllegalArgumentException("unknown bench " + args[0]);
        };
    System.out.println(json);
    System.exit(0);
  }

  static long heap() {
    for (int k = 0; k < 3; k++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static String load(Path file) throws Exception {
    long before = heap();
    long start = System.nanoTime();
    Tape tape = TapeFile.read(file);
    TapeServer server = new TapeServer(tape, "big", file, Secrets.NONE, "bench");
    CountDownLatch answered = new CountDownLatch(1);
    server.start(m -> answered.countDown());
    Interaction first = tape.chapters().get("big").interactions().get(0);
    server.send(Request.of(Id.of(1), first.method(), first.params())); // indexes the chapter
    if (!answered.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the replayer did not answer its first request");
    }
    long nanos = System.nanoTime() - start;
    long retained = heap() - before;
    java.lang.ref.Reference.reachabilityFence(server);
    return String.format(
        Locale.ROOT, "{\"ms\": %.1f, \"heapMb\": %.1f}", nanos / 1e6, retained / 1048576.0);
  }

  static String replay(Path file, int n) {
    List<Interaction> interactions = TapeFile.read(file).chapters().get("big").interactions();
    n = Math.min(n, interactions.size());
    // the requests a test would make, made before the clock starts (a tape keeps them as text)
    List<JsonNode> taped = interactions.subList(0, n).stream().map(Interaction::params).toList();
    try (TapeSession session = TapeSession.builder(file).mode(Mode.REPLAY).open()) {
      McpClient client = session.client("big");
      client.initialize();
      int warmup = n / 3;
      for (int k = 0; k < warmup; k++) {
        client.request("tools/call", taped.get(k));
      }
      List<Double> rates = new ArrayList<>(); // 5 rounds: the median, as the process rows
      int round = (n - warmup) / 5;
      for (int from = warmup; from + round <= n; from += round) {
        long start = System.nanoTime();
        for (int k = from; k < from + round; k++) {
          client.request("tools/call", taped.get(k));
        }
        rates.add(round / ((System.nanoTime() - start) / 1e9));
      }
      return String.format(Locale.ROOT, "{\"callsPerS\": %.0f}", median(rates));
    }
  }

  static String first(Path file, long entered) {
    Tape tape = TapeFile.read(file); // what the test class "knows": its requests
    try (TapeSession session = TapeSession.builder(file).mode(Mode.REPLAY).open()) {
      for (Map.Entry<String, Chapter> chapter : tape.chapters().entrySet()) {
        McpClient client = session.client(chapter.getKey());
        client.initialize();
        for (Interaction interaction : chapter.getValue().interactions()) {
          if (interaction.notification()) {
            client.notify(interaction.method(), interaction.params());
          } else {
            client.request(interaction.method(), interaction.params());
          }
        }
        session.endChapter(chapter.getKey(), true);
      }
    }
    long now = System.nanoTime();
    long sinceStart =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    return String.format(
        Locale.ROOT, "{\"ms\": %.1f, \"sinceJvmStartMs\": %d}", (now - entered) / 1e6, sinceStart);
  }

  static String recording(int n) throws Exception {
    Path dir = Files.createTempDirectory("bench-recording");
    try (TapeSession session =
        TapeSession.builder(dir.resolve("grows.json"))
            .mode(Mode.RECORD)
            .server(InMemoryServer::echo)
            .open()) {
      McpClient client = session.client("grows");
      client.initialize();
      long base = heap();
      long quarter = 0;
      for (int k = 0; k < n; k++) {
        client.callTool("echo", Map.of("message", String.format("%07d%s", k, PAYLOAD)));
        if (k == n / 4) {
          quarter = heap() - base;
        }
      }
      long end = heap() - base;
      return String.format(
          Locale.ROOT,
          "{\"heapMbAtQuarter\": %.1f, \"heapMbAtEnd\": %.1f}",
          quarter / 1048576.0,
          end / 1048576.0);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Our client to Wassette directly, through the proxy (a recording session, as the extension runs
   * it), and directly to a second Wassette process: the last against the first is the row's noise
   * floor, what two Wassette processes differ by with nothing between them.
   */
  static String wassette(Path binary, Path clock) throws Exception {
    WassetteInstallation installation = WassetteInstallation.probe(binary, "bench");
    String tool = "wassette-tape_clock_clock_new-id";
    int calls = 500;
    List<Double> direct = new ArrayList<>();
    List<Double> proxied = new ArrayList<>();
    List<Double> other = new ArrayList<>();
    Path dir = Files.createTempDirectory("bench-wassette");
    WassetteProcess process =
        WassetteLauncher.of(installation).component(Component.of(clock)).launch();
    WassetteProcess second =
        WassetteLauncher.of(installation).component(Component.of(clock)).launch();
    try (TapeSession session =
            TapeSession.builder(dir.resolve("clock.json"))
                .mode(Mode.RECORD)
                .server(
                    () ->
                        WassetteServer.launch(
                            WassetteLauncher.of(installation).component(Component.of(clock))))
                .open();
        McpClient plain = new McpClient(process.transport(), Duration.ofSeconds(60));
        McpClient plainToo = new McpClient(second.transport(), Duration.ofSeconds(60))) {
      McpClient through = session.client("bench");
      List<McpClient> clients = List.of(plain, through, plainToo);
      List<List<Double>> results = List.of(direct, proxied, other);
      for (McpClient client : clients) {
        client.initialize();
      }
      for (int round = 0; round < 14; round++) { // the first two are warm-up
        for (int k = 0; k < 3; k++) { // each path first, second and third in turn
          int path = (round + k) % 3;
          double median = medianMicros(clients.get(path), tool, calls);
          if (round >= 2) {
            results.get(path).add(median);
          }
        }
      }
    } finally {
      process.close();
      second.close();
    }
    return String.format(
        Locale.ROOT,
        "{\"directRttUs\": %.1f, \"proxyRttUs\": %.1f, \"secondDirectRttUs\": %.1f}",
        median(direct),
        median(proxied),
        median(other));
  }

  static double medianMicros(McpClient client, String tool, int calls) {
    List<Double> times = new ArrayList<>();
    for (int k = 0; k < calls; k++) {
      long t = System.nanoTime();
      client.callTool(tool, Map.of());
      times.add((System.nanoTime() - t) / 1e3);
    }
    return median(times);
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}

package dev.wassettetape.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.it.NpmPeers;
import dev.wassettetape.it.Served;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.wassette.WassetteInstallation;
import dev.wassettetape.wassette.WassetteLauncher;
import dev.wassettetape.wassette.WassetteProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's Wassette path, as the README shows it: the MCP Inspector CLI records a weather call
 * through {@code wassette-tape record --component ...}; the tape carries no trace of the API key,
 * and replays to the same client without Wassette.
 */
@Timeout(300)
class CliWithWassetteIT {

  static final Path ROOT =
      Path.of(System.getProperty("wassette-tape.root", "..")).toAbsolutePath().normalize();

  static List<String> cli(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ROOT.resolve("harness/target/wassette-tape.jar").toString()));
    command.addAll(List.of(args));
    return command;
  }

  static List<String> inspector(List<String> server, String... method) {
    List<String> command =
        new ArrayList<>(
            List.of(ROOT.resolve("node_modules/.bin/mcp-inspector").toString(), "--cli"));
    command.addAll(server);
    command.addAll(List.of(method));
    return command;
  }

  static String run(Path dir, List<String> command) throws IOException, InterruptedException {
    Path out = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }

  /** {@code record} of the weather component against the backend, its key in an env file. */
  static List<String> recordWeather(Path dir, Path tape, WeatherBackend backend, String... more)
      throws Exception {
    Path env = dir.resolve("weather.env"); // a secret never goes on the command line
    Files.writeString(env, "WEATHER_API_KEY=" + WeatherBackend.API_KEY + "\n");
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "record",
                "--tape",
                tape.toString(),
                "--component",
                SampleComponents.dir().resolve("weather.wasm").toAbsolutePath().toString(),
                "--env",
                "WEATHER_API_URL=" + backend.url(),
                "--env-file",
                env.toString(),
                "--secret",
                "WEATHER_API_KEY",
                // The Inspector starts servers with a minimal environment (no WASSETTE_BIN), so
                // name the binary; with Wassette on PATH this option is not needed.
                "--wassette",
                WassetteInstallation.locate().binary().toString()));
    args.addAll(List.of(more));
    return cli(args.toArray(String[]::new));
  }

  @Test
  void recordsAWeatherCallWithoutTheKeyAndReplaysIt(@TempDir Path dir) throws Exception {
    Path tape = dir.resolve("weather-cli.json");
    try (WeatherBackend backend = WeatherBackend.start()) {
      List<String> record = recordWeather(dir, tape, backend);

      String recorded =
          run(
              dir,
              inspector(
                  record,
                  "--method",
                  "tools/call",
                  "--tool-name",
                  "get-weather",
                  "--tool-arg",
                  "city=Oslo"));

      assertThat(recorded).contains("Oslo: 7.5 °C, light rain");
    }
    String text = Files.readString(tape);
    assertThat(text).doesNotContain(WeatherBackend.API_KEY);
    Tape t = TapeFile.read(tape);
    assertThat(t.recorded().redacted()).containsExactly("WEATHER_API_KEY");
    assertThat(t.recorded().runtime().path("name").asText()).isEqualTo("wassette");

    String replayed =
        run(
            dir,
            inspector(
                cli("replay", "--tape", tape.toString()),
                "--method",
                "tools/call",
                "--tool-name",
                "get-weather",
                "--tool-arg",
                "city=Oslo"));

    assertThat(replayed).contains("Oslo: 7.5 °C, light rain");
  }

  /**
   * The CLI's interceptors on the real weather component: live, the stripped city reaches the
   * component as the placeholder (its own answer says so) and the trace shows the call without the
   * value; replayed, the same stripping matches the tape, and an injected tool error answers
   * instead of the tape.
   */
  @Test
  void stripsTracesAndInjectsFaultsLiveAndReplayed(@TempDir Path dir) throws Exception {
    Path tape = dir.resolve("weather-stripped.json");
    Path trace = dir.resolve("trace.log");
    try (WeatherBackend backend = WeatherBackend.start()) {
      List<String> record =
          recordWeather(dir, tape, backend, "--strip-field", "arguments.city", "--trace");
      String recorded =
          run(
              dir,
              inspector(
                  List.of("sh", "-c", "exec " + String.join(" ", record) + " 2>" + trace),
                  "--method",
                  "tools/call",
                  "--tool-name",
                  "get-weather",
                  "--tool-arg",
                  "city=Oslo"));

      assertThat(recorded).contains("unknown city: <stripped>").doesNotContain("Oslo");
    }
    assertThat(Files.readString(trace))
        .contains("client → server: tools/call get-weather #")
        .contains("\"city\": \"<stripped>\"")
        .doesNotContain("Oslo");
    assertThat(Files.readString(tape)).contains("<stripped>").doesNotContain("Oslo");

    String replayed =
        run(
            dir,
            inspector(
                cli("replay", "--tape", tape.toString(), "--strip-field", "arguments.city"),
                "--method",
                "tools/call",
                "--tool-name",
                "get-weather",
                "--tool-arg",
                "city=Lisbon"));
    assertThat(replayed).contains("unknown city: <stripped>");

    String faulted =
        run(
            dir,
            inspector(
                cli(
                    "replay",
                    "--tape",
                    tape.toString(),
                    "--strip-field",
                    "arguments.city",
                    "--fault",
                    "tool=get-weather,do=is-error:injected outage"),
                "--method",
                "tools/call",
                "--tool-name",
                "get-weather",
                "--tool-arg",
                "city=Oslo"));
    assertThat(faulted).contains("injected outage").contains("\"isError\": true");
  }

  /**
   * A Wassette already served over Streamable HTTP, recorded by URL from the Inspector (stdio on
   * the client side), then replayed from the tape with no Wassette at all.
   */
  @Test
  void recordsAWassetteServedOverHttpByUrl(@TempDir Path dir) throws Exception {
    Path tape = dir.resolve("clock-url.json");
    String recorded;
    try (WassetteProcess wassette =
        WassetteLauncher.of(WassetteInstallation.locate())
            .component(SampleComponents.clock())
            .streamableHttp()
            .launch()) {
      String url = wassette.url().orElseThrow().toString();
      recorded =
          run(
              dir,
              // the Inspector has a --server-url of its own: ours goes after its --
              inspector(
                  List.of(),
                  concat(
                          List.of(
                              "--method", "tools/call", "--tool-name", ClockComponentTest.NEW_ID),
                          List.of("--"),
                          cli("record", "--tape", tape.toString(), "--server-url", url))
                      .toArray(String[]::new)));
      // and verified against the same server by URL: a new UUID, the same after normalisation
      assertThat(run(dir, cli("verify", "--tape", tape.toString(), "--server-url", url)))
          .contains("Verified tape");
    }
    String id = uuidIn(recorded);
    Tape t = TapeFile.read(tape);
    assertThat(t.recorded().runtime().path("name").asText()).isEqualTo("streamable-http");
    assertThat(Files.readString(tape)).contains(id);

    String replayed = run(dir, inspector(cli("replay", "--tape", tape.toString()), newId()));
    assertThat(uuidIn(replayed)).isEqualTo(id);
  }

  /**
   * Both Inspectors over Streamable HTTP, 1.x on the machine's Node and 2.x on the project's Node
   * 22, record the real Wassette through {@code record --http}, one session each, then get the same
   * answers, in the same order, from {@code replay --http}.
   */
  @Test
  void recordsAndReplaysOverStreamableHttpForBothInspectors(@TempDir Path dir) throws Exception {
    Path tape = dir.resolve("clock-http.json");
    String first;
    String second;
    try (Served record = recordClockOverHttp(dir, tape)) {
      String url = record.url();
      assertThat(url).startsWith("http://127.0.0.1:").endsWith("/mcp");
      first = uuidIn(run(dir, inspector(List.of(url, "--transport", "http"), newId())));
      second =
          uuidIn(
              run(
                  dir,
                  NpmPeers.inspector2(
                      concat(List.of(url, "--transport", "http"), List.of(newId()))
                          .toArray(String[]::new))));
      assertThat(record.stop()).as(record.output()).isZero(); // SIGTERM ends it and writes the tape
      assertThat(record.output()).contains("wrote chapter 'session'");
    }
    assertThat(first).isNotEqualTo(second);
    assertThat(Files.readString(tape)).contains(first, second);

    try (Served replay =
        Served.start(dir, cli("replay", "--tape", tape.toString(), "--http", "0"))) {
      String url = replay.url();
      assertThat(uuidIn(run(dir, inspector(List.of(url, "--transport", "http"), newId()))))
          .isEqualTo(first);
      assertThat(
              uuidIn(
                  run(
                      dir,
                      NpmPeers.inspector2(
                          concat(List.of(url, "--transport", "http"), List.of(newId()))
                              .toArray(String[]::new)))))
          .isEqualTo(second);
      assertThat(replay.stop()).as(replay.output()).isZero();
      assertThat(replay.output()).doesNotContain("never used");
    }
  }

  /**
   * The Inspector 2.x speaking the stateless protocol ({@code --protocol-era modern}: discover, a
   * {@code subscriptions/listen} stream it closes when done, requests without a session) records
   * Wassette served over HTTP, verifies it, and replays the tape.
   */
  @Test
  void recordsVerifiesAndReplaysTheInspectorStateless(@TempDir Path dir) throws Exception {
    Path tape = dir.resolve("clock-modern.json");
    String wasm = SampleComponents.clock().wasm().toString();
    String wassette = WassetteInstallation.locate().binary().toString();
    String recorded;
    try (Served record = recordClockOverHttp(dir, tape, "--serve-http")) {
      recorded = uuidIn(run(dir, modernInspector(record.url())));
      assertThat(record.stop()).as(record.output()).isZero();
    }
    Tape t = TapeFile.read(tape);
    assertThat(t.handshake().method()).isEqualTo("server/discover");
    assertThat(t.interactions()).extracting(i -> i.method()).contains("subscriptions/listen");

    assertThat(
            run(
                dir,
                cli(
                    "verify",
                    "--tape",
                    tape.toString(),
                    "--component",
                    wasm,
                    "--serve-http",
                    "--wassette",
                    wassette)))
        .contains("Verified tape");

    try (Served replay =
        Served.start(dir, cli("replay", "--tape", tape.toString(), "--http", "0"))) {
      assertThat(uuidIn(run(dir, modernInspector(replay.url())))).isEqualTo(recorded);
      assertThat(replay.stop()).as(replay.output()).isZero();
      assertThat(replay.output()).doesNotContain("No taped interaction");
    }
  }

  /** {@code record --http 0} of the clock component, in the background. */
  private static Served recordClockOverHttp(Path dir, Path tape, String... more)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "record",
                "--tape",
                tape.toString(),
                "--http",
                "0",
                "--component",
                SampleComponents.clock().wasm().toString(),
                "--wassette",
                WassetteInstallation.locate().binary().toString()));
    args.addAll(List.of(more));
    return Served.start(dir, cli(args.toArray(String[]::new)));
  }

  private static List<String> modernInspector(String url) {
    return NpmPeers.inspector2(
        url,
        "--transport",
        "http",
        "--protocol-era",
        "modern",
        "--method",
        "tools/call",
        "--tool-name",
        ClockComponentTest.NEW_ID);
  }

  private static String[] newId() {
    return new String[] {"--method", "tools/call", "--tool-name", ClockComponentTest.NEW_ID};
  }

  @Test
  void aTapeRecordedOverStdioReplaysOverHttp(@TempDir Path dir) throws Exception {
    Path tape = ROOT.resolve("tapes/clock.json");
    try (Served replay =
        Served.start(dir, cli("replay", "--tape", tape.toString(), "--http", "0"))) {
      String replayed = run(dir, inspector(List.of(replay.url(), "--transport", "http"), newId()));
      assertThat(Files.readString(tape)).contains(uuidIn(replayed));
      assertThat(replay.stop()).as(replay.output()).isZero();
    }
  }

  @Test
  void aTapeRecordedOverHttpReplaysOverStdio(@TempDir Path dir) throws Exception {
    Path tape = ROOT.resolve("tapes/clock-http.json");
    String replayed = run(dir, inspector(cli("replay", "--tape", tape.toString()), newId()));

    assertThat(Files.readString(tape)).contains(uuidIn(replayed));
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  private static String uuidIn(String text) {
    var m =
        java.util.regex.Pattern.compile(
                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
            .matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group();
  }
}

package dev.wassettetape.it;

import static dev.wassettetape.it.Command.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.tape.TapeWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as the README shows it, with the MCP Inspector CLI as the outside client and
 * server-everything as the server: record, replay, inspect, verify (passing and drifting).
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

  @TempDir static Path dir;

  static Path tape() {
    return dir.resolve("echo.json");
  }

  /**
   * {@code mcp-inspector --cli <server command> --method tools/call --tool-name echo --tool-arg
   * message=M}.
   */
  static List<String> inspectorEcho(List<String> server, String message) {
    return concat(
        concat(List.of(NpmPeers.inspector().toString(), "--cli"), server),
        "--method",
        "tools/call",
        "--tool-name",
        "echo",
        "--tool-arg",
        "message=" + message);
  }

  @Test
  @Order(1)
  void recordsASessionOfAnOutsideClient() throws Exception {
    List<String> record =
        concat(
            concat(NpmPeers.wassetteTape(), "record", "--tape", tape().toString(), "--"),
            NpmPeers.serverEverything());

    Command run = Command.run(dir, 120, inspectorEcho(record, "hello"));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("Echo: hello");
    assertThat(TapeFile.read(tape()).chapters().keySet()).containsExactly("session");
    assertThat(Files.readString(tape())).contains("\"name\": \"echo\"").contains("Echo: hello");
  }

  @Test
  @Order(2)
  void recordingAnotherChapterKeepsTheFirstExactly() throws Exception {
    String session = chapterText("session");
    List<String> record =
        concat(
            concat(
                NpmPeers.wassetteTape(),
                "record",
                "--tape",
                tape().toString(),
                "--chapter",
                "world",
                "--"),
            NpmPeers.serverEverything());

    Command run = Command.run(dir, 120, inspectorEcho(record, "world"));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(TapeFile.read(tape()).chapters().keySet()).containsExactly("session", "world");
    assertThat(chapterText("session")).isEqualTo(session);
    assertThat(chapterText("world")).contains("Echo: world");
  }

  /** A chapter's text as the tape prints it. */
  static String chapterText(String key) {
    return TapeFile.pretty(TapeWriter.toJson(TapeFile.read(tape())).path("chapters").path(key));
  }

  @Test
  @Order(3)
  void replaysOneChapterWhenAsked() throws Exception {
    List<String> replay =
        concat(
            NpmPeers.wassetteTape(), "replay", "--tape", tape().toString(), "--chapter", "world");

    Command world = Command.run(dir, 120, inspectorEcho(replay, "world"));
    Command hello = Command.run(dir, 120, inspectorEcho(replay, "hello"));

    assertThat(world.exit()).as(world.stderr()).isZero();
    assertThat(world.stdout()).contains("Echo: world");
    assertThat(hello.stdout() + hello.stderr())
        .contains(
            "no taped interaction matches tools/call echo in this test's chapter; it is taped under test 'session'");
  }

  @Test
  @Order(4)
  void replaysTheTapeToTheSameClientWithoutTheServerAndTracesIt() throws Exception {
    Path trace = dir.resolve("trace.log");
    List<String> replay =
        concat(NpmPeers.wassetteTape(), "replay", "--tape", tape().toString(), "--trace");
    Command run =
        Command.run(
            dir,
            120,
            inspectorEcho(
                List.of("sh", "-c", "exec " + String.join(" ", replay) + " 2>" + trace), "hello"));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("Echo: hello");
    assertThat(Files.readString(trace)) // the replay's stderr
        .contains("[wassette-tape trace echo.json +")
        .contains("client → server: tools/call echo #")
        .containsPattern("server → client: result #\\d+ after [0-9.]+ ms");
  }

  @Test
  @Order(4)
  void replayInjectsAFaultNamedOnTheCommandLine() throws Exception {
    List<String> replay =
        concat(
            NpmPeers.wassetteTape(),
            "replay",
            "--tape",
            tape().toString(),
            "--fault",
            "tool=echo,arg.message=hello,call=1,do=is-error:backend down");

    Command run = Command.run(dir, 120, inspectorEcho(replay, "hello"));

    assertThat(run.stdout()).contains("backend down").contains("\"isError\": true");
    assertThat(run.stdout()).doesNotContain("Echo: hello");
  }

  @Test
  @Order(4)
  void recordStripsTheFieldsItIsToldToBeforeTheServerOrTheTapeSeesThem() throws Exception {
    Path stripped = dir.resolve("stripped.json");
    List<String> record =
        concat(
            concat(
                NpmPeers.wassetteTape(),
                "record",
                "--tape",
                stripped.toString(),
                "--strip-field",
                "arguments.message",
                "--"),
            NpmPeers.serverEverything());

    Command run = Command.run(dir, 120, inspectorEcho(record, "sk-live-0123456789"));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("Echo: <stripped>").doesNotContain("sk-live");
    assertThat(Files.readString(stripped)).contains("<stripped>").doesNotContain("sk-live");
  }

  @Test
  @Order(4)
  void aFaultThatCannotBeReadIsRefusedWithAnExample() throws Exception {
    Command run =
        Command.run(
            dir,
            60,
            concat(
                NpmPeers.wassetteTape(),
                "replay",
                "--tape",
                tape().toString(),
                "--fault",
                "tool=echo,do=explode"));

    assertThat(run.exit()).isNotZero();
    assertThat(run.stderr())
        .contains(
            "--fault tool=echo,do=explode: unknown do=explode. E.g. --fault"
                + " tool=get-weather,call=1,do=drop-response");
  }

  @Test
  @Order(5)
  void anUnmatchedRequestInReplayIsReportedWithTheNearestTapedOne() throws Exception {
    Command run =
        Command.run(
            dir,
            120,
            inspectorEcho(
                concat(NpmPeers.wassetteTape(), "replay", "--tape", tape().toString()), "bye"));

    assertThat(run.stdout() + run.stderr())
        .contains("no taped interaction matches tools/call echo")
        .contains(
            "Different value found in node \"arguments.message\", expected: <\"hello\"> but was: <\"bye\">.");
  }

  @Test
  @Order(6)
  void inspectSummarisesTheTape() throws Exception {
    Command run =
        Command.run(dir, 60, concat(NpmPeers.wassetteTape(), "inspect", tape().toString()));

    assertThat(run.exit()).isZero();
    assertThat(run.stdout())
        .contains("runtime:     {\"name\":\"command\",\"command\":\"node\"}")
        .contains("server:      {\"name\":\"mcp-servers/everything\"")
        .contains("chapters (2):\n  session  (recorded ")
        .containsPattern("\n  world  \\(recorded [^)]+\\)\n")
        .containsPattern("#\\d+ +tools/call echo +ok");
  }

  @Test
  @Order(7)
  void verifyPassesAgainstTheUnchangedServer() throws Exception {
    Command run =
        Command.run(
            dir,
            120,
            concat(
                concat(NpmPeers.wassetteTape(), "verify", "--tape", tape().toString(), "--"),
                NpmPeers.serverEverything()));

    assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout())
        .startsWith("Verified tape " + tape() + ": ")
        .endsWith(" interactions match (after normalisation).\n");
  }

  @Test
  @Order(8)
  void verifyFailsWithADiffWhenTheServerAnswersDifferently() throws Exception {
    Path drifted = dir.resolve("drifted.json");
    Files.writeString(drifted, Files.readString(tape()).replace("Echo: hello", "Echo: hello!"));

    Command run =
        Command.run(
            dir,
            120,
            concat(
                concat(NpmPeers.wassetteTape(), "verify", "--tape", drifted.toString(), "--"),
                NpmPeers.serverEverything()));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stdout())
        .startsWith("Verify failed: the live server differs from tape " + drifted)
        .containsPattern(
            "chapter 'session', interaction #\\d+ tools/call echo:\n  \\Q"
                + "Different value found in node \"response.result.content[0].text\","
                + " expected: <\"Echo: hello!\"> but was: <\"Echo: hello\">.\\E")
        .contains("mv " + dir.resolve("drifted.received.json") + " " + drifted);
    assertThat(dir.resolve("drifted.received.json")).exists();
  }
}

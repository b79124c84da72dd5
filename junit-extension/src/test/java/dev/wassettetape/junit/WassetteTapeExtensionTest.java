package dev.wassettetape.junit;

import static dev.wassettetape.junit.EngineRuns.STARTS;
import static dev.wassettetape.junit.EngineRuns.TAPES;
import static dev.wassettetape.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.session.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * The extension's modes and its errors, run by JUnit itself (EngineTestKit) on the static nested
 * {@code *TestCase} fixtures below, against a committed tape of the real server-everything and, in
 * live modes, the real server-everything from npm. Failure messages are asserted exactly. The
 * chapter model (one chapter per test) is in {@link ChaptersTest}.
 */
@ExtendWith(EngineRuns.DevelopersMachine.class)
class WassetteTapeExtensionTest {

  // ---- fixtures ------------------------------------------------------------------------------

  @WassetteTape("echo.json")
  static class EchoTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(EngineRuns::everything).build();

    @Test
    void hello(McpClient client, Mode mode) {
      assertThat(client.callTool("echo", Map.of("message", "hello")).text())
          .isEqualTo("Echo: hello");
      assertThat(mode).isIn(Mode.REPLAY, Mode.RECORD, Mode.VERIFY);
    }

    @Test
    void world(McpClient client) {
      assertThat(client.callTool("echo", Map.of("message", "world")).text())
          .isEqualTo("Echo: world");
    }
  }

  /** A team's own composed annotation. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
  @WassetteTape("echo.json")
  @interface EchoTape {}

  @EchoTape
  static class ComposedAnnotationTestCase {
    @Test
    void hello(McpClient client) {
      assertThat(client.callTool("echo", Map.of("message", "hello")).text())
          .isEqualTo("Echo: hello");
    }
  }

  @WassetteTape("echo.json")
  static class OneFailsTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(EngineRuns::everything).build();

    @Test
    void hello(McpClient client) {
      client.callTool("echo", Map.of("message", "hello"));
    }

    @Test
    void fails(McpClient client) {
      client.callTool("echo", Map.of("message", "before failing"));
      throw new AssertionError("this test fails");
    }
  }

  @WassetteTape("echo")
  static class NoExtensionTestCase {
    @Test
    void t(McpClient client) {}
  }

  @WassetteTape(value = "weather.json", components = "target/components/weather.wasm")
  static class NeedsWassetteTestCase {
    @Test
    void t(McpClient client) {}
  }

  static class MethodTapesTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(EngineRuns::everything).build();

    @Test
    @WassetteTape("one.json")
    void one(McpClient client) {
      assertThat(client.callTool("echo", Map.of("message", "one")).text()).isEqualTo("Echo: one");
    }

    @Test
    @WassetteTape("two.json")
    void two(McpClient client) {
      assertThat(client.callTool("echo", Map.of("message", "two")).text()).isEqualTo("Echo: two");
    }

    @Test
    @WassetteTape("three.json")
    void three(McpClient client) {
      assertThat(client.callTool("echo", Map.of("message", "three")).text())
          .isEqualTo("Echo: three");
    }
  }

  // ---- tests ---------------------------------------------------------------------------------

  @Test
  void replayAnswersFromTheTapeWithoutStartingTheServer() {
    int before = STARTS.get();

    Events events = run(EchoTestCase.class, "REPLAY", TAPES);

    events.assertStatistics(s -> s.succeeded(4).failed(0)); // 2 tests, the class, the engine
    assertThat(STARTS.get()).isEqualTo(before);
  }

  @Test
  void theLiveTraceShowsEachMessageWithItsChapterOnlyWhenAskedFor() {
    String traced =
        stderrOf(
            () -> run(EchoTestCase.class, "REPLAY", TAPES, WassetteTape.TRACE_PROPERTY, "true"));
    String quiet = stderrOf(() -> run(EchoTestCase.class, "REPLAY", TAPES));

    assertThat(traced)
        .contains("[wassette-tape trace echo +")
        .contains("chapter 'hello' client → server: tools/call echo #")
        .containsPattern("chapter 'world' server → client: result #\\d+ after [0-9.]+ ms");
    assertThat(quiet).doesNotContain("[wassette-tape trace");
  }

  /** What a run of fixtures wrote to stderr (they must all pass). */
  private static String stderrOf(java.util.function.Supplier<Events> run) {
    java.io.PrintStream real = System.err;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      run.get().assertStatistics(s -> s.failed(0));
    } finally {
      System.setErr(real);
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aComposedAnnotationWorksLikeWassetteTape() {
    run(
            ComposedAnnotationTestCase.class,
            "REPLAY",
            TAPES,
            WassetteTape.FAIL_ON_UNUSED_PROPERTY,
            "false")
        .assertStatistics(s -> s.succeeded(3).failed(0));
  }

  @Test
  void aMissingTapeInReplayFailsWithTheCommandThatRecordsIt(@TempDir Path empty) {
    Events events = run(EchoTestCase.class, "replay", empty);

    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(AssertionFailedError.class),
                    message(
                        "No tape "
                            + empty.resolve("echo.json")
                            + " for [EchoTestCase] (mode REPLAY). Record it with:\n"
                            + "  ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=EchoTestCase\nthen commit it."))));
  }

  @Test
  void verifyPassesAgainstTheUnchangedServer() {
    run(EchoTestCase.class, "VERIFY", TAPES).assertStatistics(s -> s.failed(0).succeeded(4));
    assertThat(TAPES.resolve("echo.received.json")).doesNotExist();
  }

  @Test
  void recordWritesOnlyTheChaptersOfTestsThatPassed(@TempDir Path dir) throws Exception {
    run(OneFailsTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(1));
    assertThat(Files.readString(dir.resolve("echo.json")))
        .contains("\"hello\": {")
        .doesNotContain("\"fails\"")
        .doesNotContain("before failing");

    Files.copy(TAPES.resolve("echo.json"), dir.resolve("echo.json"), REPLACE);
    String golden = Files.readString(dir.resolve("echo.json")).replace("\"world\"", "\"fails\"");
    Files.writeString(dir.resolve("echo.json"), golden);
    String failsBefore = EngineRuns.chapterText(dir.resolve("echo.json"), "fails");

    run(OneFailsTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(1));

    // a failed test never overwrites its chapter
    assertThat(EngineRuns.chapterText(dir.resolve("echo.json"), "fails")).isEqualTo(failsBefore);
  }

  static final java.nio.file.CopyOption REPLACE = java.nio.file.StandardCopyOption.REPLACE_EXISTING;

  @Test
  void recordMissingRecordsOnceThenReplays(@TempDir Path dir) {
    int before = STARTS.get();
    run(EchoTestCase.class, "RECORD_MISSING", dir).assertStatistics(s -> s.failed(0));
    run(EchoTestCase.class, "RECORD_MISSING", dir).assertStatistics(s -> s.failed(0));

    assertThat(STARTS.get()).isEqualTo(before + 1);
  }

  @Test
  void inCiTheDefaultIsReplayAndRecordMissingNeverRecords(@TempDir Path empty) {
    ModeResolver.environment = name -> name.equals("CI") ? "true" : null;
    int starts = STARTS.get();
    Events byDefault =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(EchoTestCase.class))
            .configurationParameter(WassetteTape.DIR_PROPERTY, TAPES.toString())
            .execute()
            .allEvents();
    Events recordMissing = run(EchoTestCase.class, "RECORD_MISSING", empty);

    byDefault.assertStatistics(s -> s.failed(0).succeeded(4));
    recordMissing
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        m ->
                            m.startsWith(
                                "No tape "
                                    + empty.resolve("echo.json")
                                    + " for [EchoTestCase] (mode REPLAY). Record it with:")))));
    assertThat(STARTS.get()).isEqualTo(starts);
    assertThat(empty.resolve("echo.json")).doesNotExist();
  }

  @Test
  void misconfigurationNamesTheTestAndTheValue(@TempDir Path dir) throws Exception {
    run(NoExtensionTestCase.class, "REPLAY", dir)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "@WassetteTape on [NoExtensionTestCase] names tape 'echo' without the .json extension"))));

    run(EchoTestCase.class, "SOMETIMES", TAPES)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "Unknown tape mode 'SOMETIMES' from configuration parameter wassette.tape.mode for [EchoTestCase]:"
                            + " use one of RECORD, REPLAY, RECORD_MISSING, VERIFY, PASSTHROUGH"))));

    Files.writeString(dir.resolve("echo.json"), "{\"format\": \"wassette-tape/2\", \"name\": 3}");
    run(EchoTestCase.class, "REPLAY", dir)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "@WassetteTape on [EchoTestCase] cannot use tape 'echo.json': Tape "
                            + dir.resolve("echo.json")
                            + " is not a valid wassette-tape/2 tape: at /name: expected a string, found a number."
                            + " Fix the file, or delete it and record it again.\n"
                            + "To record it: ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=EchoTestCase"))));
  }

  @Test
  void aFirstFormatTapeSaysHowToRecordItAgainAndRecordingTheClassReplacesIt(@TempDir Path dir)
      throws Exception {
    String v1 =
        Files.readString(TAPES.resolve("echo.json"))
            .replace("\"wassette-tape/2\"", "\"wassette-tape/1\"");
    Files.writeString(dir.resolve("echo.json"), v1);

    run(EchoTestCase.class, "REPLAY", dir)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "@WassetteTape on [EchoTestCase] cannot use tape 'echo.json': Tape "
                            + dir.resolve("echo.json")
                            + " is in format wassette-tape/1: one flat list of interactions for all tests."
                            + " This harness reads wassette-tape/2, with one chapter per test, and cannot"
                            + " tell which test made which interaction. Record the tape again (RECORD mode,"
                            + " the whole test class) and commit it.\n"
                            + "To record it: ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=EchoTestCase"))));
    EngineRuns.runMethod(EchoTestCase.class, "hello", "RECORD", dir)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        m ->
                            m.startsWith(
                                    "Cannot re-record part of tape " + dir.resolve("echo.json"))
                                && m.endsWith(
                                    "Re-record all its tests at once to replace it:"
                                        + " ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=EchoTestCase")))));
    assertThat(dir.resolve("echo.json")).hasContent(v1); // nothing lost

    run(EchoTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(0));

    assertThat(Files.readString(dir.resolve("echo.json")))
        .contains("\"format\": \"wassette-tape/2\"")
        .contains("Echo: hello")
        .contains("Echo: world");
  }

  @Test
  void recordWithoutWassetteSaysHowToInstallIt(@TempDir Path dir) {
    String before = System.getProperty("wassette.binary");
    System.setProperty("wassette.binary", "/nonexistent/wassette");
    try {
      run(NeedsWassetteTestCase.class, "RECORD", dir)
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("t"),
                  finishedWithFailure(
                      instanceOf(ParameterResolutionException.class),
                      message(
                          "@WassetteTape on [NeedsWassetteTestCase] needs Wassette: Wassette binary /nonexistent/wassette"
                              + " (from -Dwassette.binary) is not an executable file. "
                              + dev.wassettetape.wassette.WassetteInstallation.HOW_TO_INSTALL))));
    } finally {
      if (before == null) {
        System.clearProperty("wassette.binary");
      } else {
        System.setProperty("wassette.binary", before);
      }
    }
  }

  @Test
  void methodTapesEachGetTheirOwnServerAndTapeInParallel(@TempDir Path dir) throws Exception {
    int before = STARTS.get();

    run(MethodTapesTestCase.class, "RECORD", dir, EngineRuns.concurrently())
        .assertStatistics(s -> s.failed(0).succeeded(5));

    assertThat(STARTS.get()).isEqualTo(before + 3);
    for (String name : List.of("one", "two", "three")) {
      String tape = Files.readString(dir.resolve(name + ".json"));
      assertThat(tape).contains("\"" + name + "\": {").contains("Echo: " + name);
      assertThat(List.of("one", "two", "three").stream().filter(other -> !other.equals(name)))
          .allSatisfy(other -> assertThat(tape).doesNotContain("Echo: " + other));
    }
  }
}

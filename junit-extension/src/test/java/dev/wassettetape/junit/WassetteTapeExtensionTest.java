package dev.wassettetape.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.server.CommandServer;
import dev.wassettetape.server.LiveServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * The extension, run by JUnit itself (EngineTestKit) on the static nested {@code *TestCase}
 * fixtures below, against a committed tape of the real server-everything and, in live modes, the
 * real server-everything from npm. Failure messages are asserted exactly.
 */
class WassetteTapeExtensionTest {

  static final Path TAPES = Path.of("src/test/resources/tapes").toAbsolutePath();
  static final AtomicInteger STARTS = new AtomicInteger();

  /** The real server-everything from the project's npm install; counts its starts. */
  static LiveServer everything() {
    STARTS.incrementAndGet();
    Path root =
        Path.of(System.getProperty("wassette-tape.root", "..")).toAbsolutePath().normalize();
    return CommandServer.start(
        List.of(
            "node",
            root.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js")
                .toString(),
            "stdio"),
        null);
  }

  static Events run(Class<?> fixture, String mode, Path dir, String... more) {
    var request =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(fixture))
            .configurationParameter(WassetteTape.MODE_PROPERTY, mode)
            .configurationParameter(WassetteTape.DIR_PROPERTY, dir.toString());
    for (int k = 0; k < more.length; k += 2) {
      request = request.configurationParameter(more[k], more[k + 1]);
    }
    return request.execute().allEvents();
  }

  // ---- fixtures ------------------------------------------------------------------------------

  @WassetteTape("echo.json")
  static class EchoTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(WassetteTapeExtensionTest::everything).build();

    @Test
    void hello(McpClient client, TapeMode mode) {
      assertThat(client.callTool("echo", Map.of("message", "hello")).text())
          .isEqualTo("Echo: hello");
      assertThat(mode).isIn(TapeMode.REPLAY, TapeMode.RECORD, TapeMode.VERIFY);
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
  static class UnmatchedTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(WassetteTapeExtensionTest::everything).build();

    @Test
    void bye(McpClient client) {
      client.callTool("echo", Map.of("message", "bye"));
    }
  }

  @WassetteTape("echo.json")
  static class OnlyHelloTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(WassetteTapeExtensionTest::everything).build();

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
        WassetteTapeExtension.builder().server(WassetteTapeExtensionTest::everything).build();

    @Test
    void hello(McpClient client) {
      client.callTool("echo", Map.of("message", "hello"));
    }

    @Test
    void fails(McpClient client) {
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
        WassetteTapeExtension.builder().server(WassetteTapeExtensionTest::everything).build();

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

  private java.util.function.UnaryOperator<String> realEnvironment;

  /**
   * Runs every test as on a developer's machine (no CI, no WASSETTE_TAPE_MODE), whatever runs them.
   */
  @org.junit.jupiter.api.BeforeEach
  void developersMachine() {
    realEnvironment = TapeScope.environment;
    TapeScope.environment = name -> null;
  }

  @org.junit.jupiter.api.AfterEach
  void restoreEnvironment() {
    TapeScope.environment = realEnvironment;
  }

  @Test
  void replayAnswersFromTheTapeWithoutStartingTheServer() {
    int before = STARTS.get();

    Events events = run(EchoTestCase.class, "REPLAY", TAPES);

    events.assertStatistics(s -> s.succeeded(4).failed(0)); // 2 tests, the class, the engine
    assertThat(STARTS.get()).isEqualTo(before);
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
  void anUnmatchedRequestFailsTheTestAndReportsTheNearMiss() {
    Events events = run(UnmatchedTestCase.class, "REPLAY", TAPES);

    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("bye"),
                finishedWithFailure(
                    message(
                        "JSON-RPC error -32001: wassette-tape: no taped interaction matches tools/call echo;"
                            + " nearest taped: #1 tools/call echo (/arguments/message: expected \"hello\", was \"bye\")"))))
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        m ->
                            m.startsWith(
                                    "Tape "
                                        + TAPES.resolve("echo.json")
                                        + " could not answer every request of [UnmatchedTestCase]:\n"
                                        + "No taped interaction matches tools/call echo (live id 2) in tape "
                                        + TAPES.resolve("echo.json"))
                                && m.endsWith(
                                    "To re-record the tape: ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=UnmatchedTestCase")))));
  }

  @Test
  void unusedTapedInteractionsFailTheClassUnlessAllowed() {
    Events strict = run(OnlyHelloTestCase.class, "REPLAY", TAPES);
    Events lenient =
        run(
            OnlyHelloTestCase.class,
            "REPLAY",
            TAPES,
            WassetteTape.FAIL_ON_UNUSED_PROPERTY,
            "false");

    strict
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        "Tape "
                            + TAPES.resolve("echo.json")
                            + " has interactions [OnlyHelloTestCase] never used:\n"
                            + "  #2 tools/call echo {\"message\":\"world\"}\n"
                            + "Re-record the tape, or set wassette.tape.failOnUnused=false to allow unused interactions."))));
    lenient.assertStatistics(s -> s.failed(0));
  }

  @Test
  void verifyDriftFailsWithAnIdeDiffAndTheCommandThatAcceptsIt(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("echo.json"),
        Files.readString(TAPES.resolve("echo.json")).replace("Echo: world", "Echo: WORLD"));

    Events events = run(EchoTestCase.class, "VERIFY", dir);

    Path received = dir.resolve("echo.received.json");
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(AssertionFailedError.class),
                    message(
                        m ->
                            m.contains(
                                    "interaction #2 tools/call echo:\n  /response/result/content/0/text: expected \"Echo: WORLD\", was \"Echo: world\"")
                                && m.endsWith(
                                    "Accept it as the new golden tape with: mv "
                                        + received
                                        + " "
                                        + dir.resolve("echo.json")
                                        + "\n")))));
    AssertionFailedError failure =
        (AssertionFailedError)
            events.failed().stream()
                .map(
                    e ->
                        e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                            .orElseThrow()
                            .getThrowable()
                            .orElseThrow())
                .filter(AssertionFailedError.class::isInstance)
                .findFirst()
                .orElseThrow();
    assertThat(failure.isExpectedDefined()).isTrue();
    assertThat(failure.getExpected().getStringRepresentation()).contains("Echo: WORLD");
    assertThat(failure.getActual().getStringRepresentation())
        .contains("Echo: world")
        .doesNotContain("WORLD");
    assertThat(received).exists();
  }

  @Test
  void verifyPassesAgainstTheUnchangedServer() {
    run(EchoTestCase.class, "VERIFY", TAPES).assertStatistics(s -> s.failed(0).succeeded(4));
    assertThat(TAPES.resolve("echo.received.json")).doesNotExist();
  }

  @Test
  void recordWritesTheTapeOnlyWhenEveryTestPassed(@TempDir Path dir) throws Exception {
    run(OneFailsTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(1));
    assertThat(dir.resolve("echo.json")).doesNotExist();

    Files.writeString(dir.resolve("echo.json"), "golden");
    run(OneFailsTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(1));
    assertThat(dir.resolve("echo.json")).hasContent("golden"); // a failed test never overwrites

    run(EchoTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(0));
    assertThat(Files.readString(dir.resolve("echo.json")))
        .contains("Echo: hello")
        .contains("Echo: world");
  }

  @Test
  void recordMissingRecordsOnceThenReplays(@TempDir Path dir) {
    int before = STARTS.get();
    run(EchoTestCase.class, "RECORD_MISSING", dir).assertStatistics(s -> s.failed(0));
    run(EchoTestCase.class, "RECORD_MISSING", dir).assertStatistics(s -> s.failed(0));

    assertThat(STARTS.get()).isEqualTo(before + 1);
  }

  @Test
  void inCiTheDefaultIsReplayAndRecordMissingNeverRecords(@TempDir Path empty) {
    TapeScope.environment = name -> name.equals("CI") ? "true" : null;
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

    Files.writeString(dir.resolve("echo.json"), "{\"format\": \"wassette-tape/1\", \"name\": 3}");
    run(EchoTestCase.class, "REPLAY", dir)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "@WassetteTape on [EchoTestCase] names tape 'echo.json', which is not a tape: Tape "
                            + dir.resolve("echo.json")
                            + " is not a valid wassette-tape/1 tape: at /name: expected a string, found a number. Fix the file, or delete it and record it again."))));
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
                  finishedWithFailure(
                      instanceOf(ExtensionConfigurationException.class),
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
  void parallelTestsEachGetTheirOwnServerAndTape(@TempDir Path dir) throws Exception {
    int before = STARTS.get();

    run(
            MethodTapesTestCase.class,
            "RECORD",
            dir,
            "junit.jupiter.execution.parallel.enabled",
            "true",
            "junit.jupiter.execution.parallel.mode.default",
            "concurrent",
            "junit.jupiter.execution.parallel.config.strategy",
            "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism",
            "3")
        .assertStatistics(s -> s.failed(0).succeeded(5));

    assertThat(STARTS.get()).isEqualTo(before + 3);
    for (String name : List.of("one", "two", "three")) {
      String tape = Files.readString(dir.resolve(name + ".json"));
      assertThat(tape).contains("Echo: " + name);
      assertThat(List.of("one", "two", "three").stream().filter(other -> !other.equals(name)))
          .allSatisfy(other -> assertThat(tape).doesNotContain("Echo: " + other));
    }
  }
}

package dev.wassettetape.junit;

import static dev.wassettetape.junit.EngineRuns.STARTS;
import static dev.wassettetape.junit.EngineRuns.TAPES;
import static dev.wassettetape.junit.EngineRuns.chapterText;
import static dev.wassettetape.junit.EngineRuns.run;
import static dev.wassettetape.junit.EngineRuns.runMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.junit.WassetteTapeExtensionTest.EchoTestCase;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * One chapter per test: each test runs, records, replays and verifies on its own, whatever else
 * runs or not, in parallel or not. Run by JUnit itself (EngineTestKit) on the fixtures below,
 * against the real server-everything.
 */
@ExtendWith(EngineRuns.DevelopersMachine.class)
class ChaptersTest {

  static String echo(McpClient client, String message) {
    String text = client.callTool("echo", Map.of("message", message)).text();
    assertThat(text).isEqualTo("Echo: " + message);
    return text;
  }

  // ---- fixtures ------------------------------------------------------------------------------

  /** A test of every kind JUnit has, each talking to the server. */
  @WassetteTape("kinds.json")
  static class KindsTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(EngineRuns::everything).build();

    @BeforeAll
    static void setUp(McpClient client) {
      echo(client, "before all");
    }

    @Test
    void plain(McpClient client) {
      echo(client, "plain");
    }

    enum City {
      OSLO,
      LISBON
    }

    @ParameterizedTest
    @EnumSource(City.class) // named alike by JUnit 5 and 6, which quotes strings
    void cities(City city, McpClient client) {
      echo(client, city.name());
    }

    @RepeatedTest(2)
    void twice(McpClient client, RepetitionInfo repetition) {
      echo(client, "twice " + repetition.getCurrentRepetition());
    }

    @TestFactory
    Stream<DynamicTest> factory(McpClient client) {
      return Stream.of("x", "y").map(n -> dynamicTest(n, () -> echo(client, "dynamic " + n)));
    }

    @Nested
    class Inner {
      @Test
      void deep(McpClient client) {
        echo(client, "deep");
      }
    }
  }

  /** Four tests meant to run at once. */
  @WassetteTape("parallel.json")
  static class ParallelTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(EngineRuns::everything).build();

    static void twice(McpClient client, String name) {
      echo(client, name + " 1");
      echo(client, name + " 2");
    }

    @Test
    void a(McpClient client) {
      twice(client, "a");
    }

    @Test
    void b(McpClient client) {
      twice(client, "b");
    }

    @Test
    void c(McpClient client) {
      twice(client, "c");
    }

    @Test
    void d(McpClient client) {
      twice(client, "d");
    }
  }

  /** A parameterized test alone. */
  @WassetteTape("cities.json")
  static class CitiesTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(EngineRuns::everything).build();

    @ParameterizedTest
    @ValueSource(strings = {"Oslo", "Lisbon"})
    void cities(String city, McpClient client) {
      echo(client, city);
    }
  }

  /** A parameterized test with a tape of its own. */
  static class MethodTapeTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(EngineRuns::everything).build();

    @ParameterizedTest
    @EnumSource(KindsTestCase.City.class)
    @WassetteTape("cities-own.json")
    void cities(KindsTestCase.City city, McpClient client) {
      echo(client, city.name());
    }
  }

  /** Test hello asks what test world recorded. */
  @WassetteTape("echo.json")
  static class MixedUpTestCase {
    @Test
    void hello(McpClient client) {
      echo(client, "world");
    }

    @Test
    void world(McpClient client) {
      echo(client, "world");
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** A copy of the committed echo tape (chapters hello and world), changed by {@code edit}. */
  static Path echoTape(Path dir, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode json = (ObjectNode) Json.parse(TAPES.resolve("echo.json"));
    edit.accept((ObjectNode) json.get("chapters"));
    Path tape = dir.resolve("echo.json");
    Files.writeString(tape, TapeFile.pretty(json));
    return tape;
  }

  static String withoutTimes(Path tape) throws Exception {
    return Files.readString(tape)
        .replaceAll("\"at\": \"[^\"]+\"", "\"at\": \"…\"")
        .replaceAll("\"elapsedMs\": \\d+", "\"elapsedMs\": 0");
  }

  static List<String> messages(Tape tape, String chapter) {
    List<String> out = new ArrayList<>();
    for (Interaction i : tape.chapters().get(chapter).interactions()) {
      out.add(i.params().at("/arguments/message").asText());
    }
    return out;
  }

  // ---- tests ---------------------------------------------------------------------------------

  @Test
  void oneTestRunsAloneInReplayWithoutJudgingTheOthers() {
    Events events = runMethod(EchoTestCase.class, "hello", "REPLAY", TAPES);

    events.assertStatistics(s -> s.succeeded(3).failed(0)); // the test, the class, the engine
  }

  @Test
  void recordingOneTestLeavesEveryOtherChapterByteForByte(@TempDir Path dir) throws Exception {
    Path tape = dir.resolve("echo.json");
    Files.copy(TAPES.resolve("echo.json"), tape);
    String world = chapterText(tape, "world");
    String hello = chapterText(tape, "hello");
    Thread.sleep(1100); // so that the new recording's time differs from the old one

    runMethod(EchoTestCase.class, "hello", "RECORD", dir).assertStatistics(s -> s.failed(0));

    assertThat(chapterText(tape, "world")).isEqualTo(world);
    assertThat(chapterText(tape, "hello")).isNotEqualTo(hello).contains("Echo: hello");
    assertThat(TapeFile.read(tape).chapters().keySet()).containsExactly("hello", "world");
  }

  @Test
  void everyKindOfTestGetsAChapterOfItsOwn(@TempDir Path dir) throws Exception {
    run(KindsTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(0));

    Tape tape = TapeFile.read(dir.resolve("kinds.json"));
    assertThat(tape.chapters().keySet())
        .containsExactly(
            "(class)",
            "Inner/deep",
            "cities[1] OSLO",
            "cities[2] LISBON",
            "factory",
            "factory[1] x",
            "factory[2] y",
            "plain",
            "twice[1] repetition 1 of 2",
            "twice[2] repetition 2 of 2");
    assertThat(messages(tape, "(class)")).containsExactly("before all");
    assertThat(messages(tape, "Inner/deep")).containsExactly("deep");
    assertThat(messages(tape, "cities[2] LISBON")).containsExactly("LISBON");
    assertThat(messages(tape, "factory")).isEmpty(); // the factory itself sent nothing
    assertThat(messages(tape, "factory[2] y")).containsExactly("dynamic y");
    assertThat(messages(tape, "twice[1] repetition 1 of 2")).containsExactly("twice 1");

    int starts = STARTS.get();
    run(KindsTestCase.class, "REPLAY", dir).assertStatistics(s -> s.failed(0).succeeded(14));
    assertThat(STARTS.get()).isEqualTo(starts);
    run(KindsTestCase.class, "VERIFY", dir).assertStatistics(s -> s.failed(0));
    assertThat(dir.resolve("kinds.received.json")).doesNotExist();
  }

  @Test
  void parallelTestsRecordTheSameChaptersEveryTimeAndReplayThem(@TempDir Path dir)
      throws Exception {
    List<String> recordings = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      Path runDir = Files.createDirectories(dir.resolve("run" + run));
      run(ParallelTestCase.class, "RECORD", runDir, EngineRuns.concurrently())
          .assertStatistics(s -> s.failed(0).succeeded(6));
      recordings.add(withoutTimes(runDir.resolve("parallel.json")));
    }

    assertThat(recordings).allSatisfy(r -> assertThat(r).isEqualTo(recordings.get(0)));
    Tape tape = TapeFile.read(dir.resolve("run0/parallel.json"));
    for (String name : List.of("a", "b", "c", "d")) {
      assertThat(messages(tape, name)).containsExactly(name + " 1", name + " 2");
    }
    for (int run = 0; run < 3; run++) {
      run(ParallelTestCase.class, "REPLAY", dir.resolve("run0"), EngineRuns.concurrently())
          .assertStatistics(s -> s.failed(0).succeeded(6));
    }
  }

  @Test
  void aDriftFailsOnlyTheTestWhoseChapterDrifted(@TempDir Path dir) throws Exception {
    Path tape =
        echoTape(
            dir,
            chapters ->
                ((ObjectNode) chapters.at("/world/interactions/0/response/result/content/0"))
                    .put("text", "Echo: WORLD"));

    Events events = run(EchoTestCase.class, "VERIFY", dir);

    Path received = dir.resolve("echo.received.json");
    events
        .assertThatEvents()
        .haveExactly(1, event(test("hello"), finishedSuccessfully()))
        .haveExactly(1, event(container(EchoTestCase.class), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("world"),
                finishedWithFailure(
                    instanceOf(AssertionFailedError.class),
                    message(
                        "Verify failed: the live server differs from chapter 'world' of tape "
                            + tape
                            + "\n\ninteraction #1 tools/call echo:\n"
                            + "  Different value found in node \"response.result.content[0].text\", expected: <\"Echo: WORLD\"> but was: <\"Echo: world\">.\n"
                            + "\nThe live session is written to "
                            + received
                            + "\nAccept it as the new golden tape with: mv "
                            + received
                            + " "
                            + tape
                            + "\n"))));
    AssertionFailedError failure =
        (AssertionFailedError)
            events.failed().stream().map(EngineRuns::failure).findFirst().orElseThrow();
    assertThat(failure.getExpected().getStringRepresentation())
        .contains("Echo: WORLD")
        .doesNotContain("Echo: hello"); // the diff is the drifting test's chapter only
    assertThat(failure.getActual().getStringRepresentation()).contains("Echo: world");
    // the received tape holds every live chapter, so that one mv accepts them
    assertThat(chapterText(received, "world")).contains("Echo: world");
    assertThat(chapterText(received, "hello")).contains("Echo: hello");
  }

  @Test
  void aRequestTapedUnderAnotherTestSaysSo() {
    Events events =
        run(MixedUpTestCase.class, "REPLAY", TAPES, WassetteTape.FAIL_ON_UNUSED_PROPERTY, "false");

    events
        .assertThatEvents()
        .haveExactly(1, event(test("world"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("hello"),
                finishedWithFailure(
                    message(
                        "JSON-RPC error -32001: wassette-tape: no taped interaction matches tools/call echo"
                            + " in this test's chapter; it is taped under test 'world'"))));
    Throwable report =
        events.failed().stream()
            .map(EngineRuns::failure)
            .findFirst()
            .orElseThrow()
            .getSuppressed()[0];
    assertThat(report)
        .hasMessageStartingWith(
            "Tape "
                + TAPES.resolve("echo.json")
                + " could not answer every request of test 'hello' of [MixedUpTestCase]:\n"
                + "No taped interaction matches tools/call echo (live id 2) in chapter 'hello' of tape "
                + TAPES.resolve("echo.json")
                + ".\n  request params: {\"name\":\"echo\",\"arguments\":{\"message\":\"world\"}}\n"
                + "  the same request is taped under another test: #1 tools/call echo in chapter 'world'"
                + " (was the test renamed, or does it depend on another one?)\n"
                + "  nearest taped requests:\n"
                + "  1. interaction #1 tools/call echo\n"
                + "       Different value found in node \"arguments.message\", expected: <\"hello\"> but was: <\"world\">.\n")
        .hasMessageEndingWith(
            "\n  To re-record the tape: ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=MixedUpTestCase"
                + "\n  To re-record only this test: ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=MixedUpTestCase#hello");
  }

  @Test
  void unusedInteractionsFailOnlyTheirOwnTest(@TempDir Path dir) throws Exception {
    Path tape =
        echoTape(
            dir,
            chapters -> {
              ArrayNode hello = (ArrayNode) chapters.at("/hello/interactions");
              ObjectNode again = hello.get(0).deepCopy();
              ((ObjectNode) again.at("/request/params/arguments")).put("message", "again");
              hello.add(again);
            });

    Events events = run(EchoTestCase.class, "REPLAY", dir);

    events
        .assertThatEvents()
        .haveExactly(1, event(test("world"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("hello"),
                finishedWithFailure(
                    message(
                        "Tape "
                            + tape
                            + " has interactions of test 'hello' of [EchoTestCase] that it never made:\n"
                            + "  #2 tools/call echo {\"message\":\"again\"}\n"
                            + "Re-record the test with ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=EchoTestCase#hello,"
                            + " or set wassette.tape.failOnUnused=false to allow unused interactions."))));
  }

  @Test
  void aTestWithoutAChapterFailsInReplayAndIsRecordedInRecordMissing(@TempDir Path dir)
      throws Exception {
    Path tape = echoTape(dir, chapters -> chapters.remove("world"));
    String hello = chapterText(tape, "hello");

    run(EchoTestCase.class, "REPLAY", dir)
        .assertThatEvents()
        .haveExactly(1, event(test("hello"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("world"),
                finishedWithFailure(
                    message(
                        "JSON-RPC error -32001: wassette-tape: no taped interaction matches tools/call echo;"
                            + " the tape has no chapter 'world': this test never was recorded"))));

    int starts = STARTS.get();
    run(EchoTestCase.class, "RECORD_MISSING", dir).assertStatistics(s -> s.failed(0));
    run(EchoTestCase.class, "RECORD_MISSING", dir).assertStatistics(s -> s.failed(0));

    assertThat(STARTS.get()).isEqualTo(starts + 1); // once, for world only
    assertThat(chapterText(tape, "hello")).isEqualTo(hello);
    assertThat(chapterText(tape, "world")).contains("Echo: world");
  }

  @Test
  void chaptersOfTestsThatNoLongerExistAreJudgedOnlyWhenTheWholeClassRuns(@TempDir Path dir)
      throws Exception {
    Path tape = echoTape(dir, chapters -> chapters.set("gone", chapters.get("world").deepCopy()));

    run(EchoTestCase.class, "REPLAY", dir)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(EchoTestCase.class),
                finishedWithFailure(
                    message(
                        "Tape "
                            + tape
                            + " has chapters of tests of [EchoTestCase] that no longer exist: 'gone'.\n"
                            + "Re-record all of it to drop them with ./mvnw verify -Dwassette.tape.mode=RECORD -Dtest=EchoTestCase,"
                            + " or set wassette.tape.failOnUnused=false to allow them."))));
    runMethod(EchoTestCase.class, "hello", "REPLAY", dir).assertStatistics(s -> s.failed(0));

    runMethod(EchoTestCase.class, "hello", "RECORD", dir).assertStatistics(s -> s.failed(0));
    assertThat(TapeFile.read(tape).chapters().keySet()).containsExactly("gone", "hello", "world");

    run(EchoTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(0));
    assertThat(TapeFile.read(tape).chapters().keySet()).containsExactly("hello", "world");
  }

  @Test
  void anInvocationFindsItsChapterWhenItsDisplayNameOrItsPlaceChanged(@TempDir Path dir)
      throws Exception {
    run(CitiesTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(0));
    Path tape = dir.resolve("cities.json");
    List<String> keys = new ArrayList<>(TapeFile.read(tape).chapters().keySet());
    assertThat(keys).hasSize(2).allMatch(k -> k.matches("cities\\[[12]\\] .*(Oslo|Lisbon).*"));
    String oslo = keys.get(0).substring("cities[1] ".length()); // e.g. Oslo, or "Oslo" on JUnit 6
    String lisbon = keys.get(1).substring("cities[2] ".length());
    int starts = STARTS.get();

    // named as another JUnit version names them: found by index
    renameChapters(
        tape, Map.of(keys.get(0), "cities[1] 'Oslo'", keys.get(1), "cities[2] 'Lisbon'"));
    run(CitiesTestCase.class, "REPLAY", dir).assertStatistics(s -> s.failed(0));
    // the arguments in another order: found by display name
    renameChapters(
        tape,
        Map.of(
            "cities[1] 'Oslo'", "cities[2] " + oslo, "cities[2] 'Lisbon'", "cities[1] " + lisbon));
    run(CitiesTestCase.class, "REPLAY", dir).assertStatistics(s -> s.failed(0));
    assertThat(STARTS.get()).isEqualTo(starts);

    // recording the method renames its chapters to the tests' keys
    runMethod(CitiesTestCase.class, "cities", "RECORD", dir).assertStatistics(s -> s.failed(0));
    assertThat(TapeFile.read(tape).chapters().keySet()).containsExactlyElementsOf(keys);
  }

  /** Renames chapters of a tape file, as another harness or JUnit version would have keyed them. */
  static void renameChapters(Path tape, Map<String, String> renames) throws Exception {
    ObjectNode json = (ObjectNode) Json.parse(tape);
    ObjectNode chapters = (ObjectNode) json.get("chapters");
    ObjectNode renamed = chapters.objectNode();
    chapters
        .properties()
        .forEach(e -> renamed.set(renames.getOrDefault(e.getKey(), e.getKey()), e.getValue()));
    json.set("chapters", renamed);
    Files.writeString(tape, TapeFile.pretty(json));
  }

  @Test
  void aMethodsOwnTapeHasAChapterPerInvocationAndKeepsThoseThatDidNotRun(@TempDir Path dir)
      throws Exception {
    int starts = STARTS.get();
    run(MethodTapeTestCase.class, "RECORD", dir).assertStatistics(s -> s.failed(0));
    Path tape = dir.resolve("cities-own.json");

    assertThat(STARTS.get()).isEqualTo(starts + 1); // one server for the method's invocations
    assertThat(TapeFile.read(tape).chapters().keySet())
        .containsExactly("cities[1] OSLO", "cities[2] LISBON");
    run(MethodTapeTestCase.class, "REPLAY", dir).assertStatistics(s -> s.failed(0));

    String lisbon = chapterText(tape, "cities[2] LISBON");
    EngineRuns.run(
            org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(
                "[engine:junit-jupiter]/[class:"
                    + MethodTapeTestCase.class.getName()
                    + "]/[test-template:cities("
                    + KindsTestCase.City.class.getName()
                    + ", "
                    + McpClient.class.getName()
                    + ")]/[test-template-invocation:#1]"),
            "RECORD",
            dir)
        .assertStatistics(s -> s.failed(0).succeeded(4)); // the invocation alone, as an IDE runs it

    assertThat(TapeFile.read(tape).chapters().keySet())
        .containsExactly("cities[1] OSLO", "cities[2] LISBON");
    assertThat(chapterText(tape, "cities[2] LISBON")).isEqualTo(lisbon);
  }

  static final StandardCopyOption REPLACE = StandardCopyOption.REPLACE_EXISTING;
}

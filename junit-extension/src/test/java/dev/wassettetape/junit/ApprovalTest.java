package dev.wassettetape.junit;

import static dev.wassettetape.junit.EngineRuns.chapterText;
import static dev.wassettetape.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.junit.approvals.PackageSettings;
import dev.wassettetape.junit.approvals.PackagedTestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.approvaltests.core.ApprovalFailureReporter;
import org.approvaltests.reporters.AutoApproveReporter;
import org.approvaltests.reporters.DiffReporter;
import org.approvaltests.reporters.FirstWorkingReporter;
import org.approvaltests.reporters.QuietReporter;
import org.approvaltests.reporters.UseReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;

/**
 * Drift goes through ApprovalTests: the reporter is chosen its way (annotation, package settings,
 * default), never opens or approves anything on CI, and one that approves accepts the live session
 * atomically. End to end against the real server-everything.
 */
@ExtendWith(EngineRuns.DevelopersMachine.class)
class ApprovalTest {

  /** The echo tests, with drift approved by ApprovalTests' AutoApproveReporter. */
  @WassetteTape("echo.json")
  @UseReporter(AutoApproveReporter.class)
  static class ApprovingTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder().server(EngineRuns::everything).build();

    @Test
    void hello(McpClient client) {
      assertThat(client.callTool("echo", Map.of("message", "hello")).text())
          .isEqualTo("Echo: hello");
    }

    @Test
    void world(McpClient client) {
      assertThat(client.callTool("echo", Map.of("message", "world")).text())
          .isEqualTo("Echo: world");
    }
  }

  private static Path driftedTape(Path dir) throws Exception {
    return ChaptersTest.echoTape(
        dir,
        chapters ->
            ((ObjectNode) chapters.at("/world/interactions/0/response/result/content/0"))
                .put("text", "Echo: WORLD"));
  }

  @Test
  void onCiTheReporterIsQuietWhateverTheClassAsks() {
    ApprovalFailureReporter reporter = Approval.reporter(ApprovingTestCase.class, true);

    assertThat(reporter).isSameAs(QuietReporter.INSTANCE);
    assertThat(Approval.approves(reporter)).isFalse();
  }

  @Test
  void useReporterOnTheTestClassChoosesTheReporter() {
    assertThat(Approval.approves(Approval.reporter(ApprovingTestCase.class, false))).isTrue();
  }

  @Test
  void withoutSettingsItIsApprovalTestsDefaultDiffReporter() {
    ApprovalFailureReporter reporter = Approval.reporter(ChaptersTest.class, false);

    assertThat(Arrays.asList(((FirstWorkingReporter) reporter).getReporters()))
        .contains(DiffReporter.INSTANCE);
    assertThat(Approval.approves(reporter)).isFalse();
  }

  @Test
  void packageSettingsChooseTheReporterAndItIsShownReceivedAndApproved(@TempDir Path dir)
      throws Exception {
    Path tape = Files.writeString(dir.resolve("t.json"), "golden");
    Path received = Files.writeString(dir.resolve("t.received.json"), "live");

    String accept =
        Approval.report(Approval.reporter(PackagedTestCase.class, false), received, tape);

    assertThat(PackageSettings.UseReporter.shown).containsExactly(received + " -> " + tape);
    assertThat(accept).startsWith("mv -f ").contains(received.toString()).endsWith(tape.toString());
    assertThat(tape).hasContent("golden"); // shown, not approved
  }

  @Test
  void anApprovingReporterAcceptsTheDriftAndTheTestsPass(@TempDir Path dir) throws Exception {
    Path tape = driftedTape(dir);

    Events events = run(ApprovingTestCase.class, "VERIFY", dir, WassetteTape.CI_PROPERTY, "false");

    events
        .assertThatEvents()
        .haveExactly(1, event(test("world"), finishedSuccessfully()))
        .haveExactly(1, event(test("hello"), finishedSuccessfully()));
    assertThat(chapterText(tape, "world")).contains("Echo: world").doesNotContain("WORLD");
    assertThat(dir.resolve("echo.received.json")).doesNotExist();
    run(ApprovingTestCase.class, "VERIFY", dir, WassetteTape.CI_PROPERTY, "false")
        .assertStatistics(s -> s.failed(0));
  }

  @Test
  void onCiTheSameDriftFailsAndTheTapeStaysAsItWas(@TempDir Path dir) throws Exception {
    Path tape = driftedTape(dir);
    String before = Files.readString(tape);

    Events events = run(ApprovingTestCase.class, "VERIFY", dir, WassetteTape.CI_PROPERTY, "true");

    events.assertThatEvents().haveExactly(1, event(test("world"), finishedWithFailure()));
    assertThat(tape).hasContent(before);
    assertThat(dir.resolve("echo.received.json")).exists();
  }
}

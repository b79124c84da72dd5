package dev.wassettetape.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * The upgrade check on a taped class whose live server changes under it: matched, drifted in its
 * answers, drifted in its tools, and a server that does not start.
 */
class UpgradeCheckTest {

  @TempDir Path dir;

  Path tapes() {
    return dir.resolve("tapes");
  }

  @BeforeEach
  void recordTheGoldenTape() {
    EchoTapeFixture.recordGoldenTape(tapes());
  }

  @AfterEach
  void liveServerAsRecorded() {
    System.clearProperty(EchoTapeFixture.SERVER);
  }

  UpgradeReport check(String server) throws Exception {
    System.setProperty(EchoTapeFixture.SERVER, server);
    return UpgradeCheck.run(
        new UpgradeCheck.Options(
            List.of(DiscoverySelectors.selectClass(EchoTapeFixture.class)),
            tapes(),
            null,
            "",
            dir.resolve("report")));
  }

  @Test
  void theSameServerMatchesEveryTape() throws Exception {
    UpgradeReport report = check("echo");

    assertThat(report.passed()).isTrue();
    assertThat(report.summary()).contains("echo.json: matched");
    assertThat(Files.readString(dir.resolve("report/upgrade-report.md")))
        .contains("| `echo.json` | 2 | matched |")
        .contains("Nothing drifted.");
  }

  @Test
  void changedAnswersAreDriftWithTheTestsDiffsAndTheCommandThatAcceptsThem() throws Exception {
    UpgradeReport report = check("hello");

    assertThat(report.passed()).isFalse();
    String markdown = Files.readString(dir.resolve("report/upgrade-report.md"));
    assertThat(markdown)
        .contains("| `echo.json` | 2 | drifted, 1 failure |")
        .contains("expected: <\"Echo: hi\"> but was: <\"Hello: hi\">")
        .contains(
            "To accept the drift as the new golden tape: `mv "
                + tapes().resolve("echo.received.json").toAbsolutePath().normalize()
                + " "
                + tapes().resolve("echo.json").toAbsolutePath().normalize()
                + "`");
    assertThat(Files.readString(dir.resolve("report/upgrade-report.html")))
        .contains("<tr class=\"drifted\"><td>echo.json</td>")
        .contains("Hello: hi");
  }

  @Test
  void aNewToolIsShownAsACompatibleChange() throws Exception {
    UpgradeReport report = check("upgraded");

    assertThat(report.passed()).isFalse();
    assertThat(report.markdown()).contains("- `+ tool added: reverse (compatible)`");
  }

  @Test
  void aRenamedToolIsTheOldOneRemovedBreakingAndANewOneAdded() throws Exception {
    UpgradeReport report = check("renamed");

    assertThat(report.passed()).isFalse();
    assertThat(report.markdown())
        .contains("| `echo.json` | 2 | drifted, 2 failures |")
        .contains("- `+ tool added: say (compatible)`")
        .contains("- `- tool removed: echo (breaking)`")
        .contains("Unknown tool: echo");
  }

  @Test
  void anAddedRequiredParameterIsABreakingChangeOfTheTool() throws Exception {
    UpgradeReport report = check("required");

    assertThat(report.passed()).isFalse();
    assertThat(report.markdown())
        .contains(
            "- `~ tool changed: echo: breaking: new required parameter lang"
                + " (inputSchema.properties.lang)`")
        .doesNotContain("tool removed");
  }

  @Test
  void anOutputSchemaChangeIsClassifiedForTheReadersOfTheResult() throws Exception {
    UpgradeReport report = check("output-schema");

    assertThat(report.passed()).isFalse();
    assertThat(report.markdown())
        .contains(
            "- `~ tool changed: echo: breaking: type \"string\" became \"array\""
                + " (outputSchema.properties.text)`");
    assertThat(report.html()).contains("outputSchema.properties.text");
  }

  @Test
  void aServerThatDoesNotStartIsNotVerifiedAndSaysWhy() throws Exception {
    UpgradeReport report = check("broken");

    assertThat(report.passed()).isFalse();
    assertThat(report.summary()).contains("echo.json: not verified");
    assertThat(report.markdown())
        .contains("`echo.json`: not verified")
        .contains("the component does not load: broken")
        .doesNotContain("To accept the drift");
  }
}

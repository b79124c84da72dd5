package dev.wassettetape.wassette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WassetteInstallationTest {

  @Test
  void takesTheFirstSemverOfAnyVersionFormat() {
    assertThat(WassetteInstallation.parseVersion("0.8.0 version.BuildInfo{RustVersion:\"1.97.1\"}"))
        .contains(new WassetteVersion(0, 8, 0));
    assertThat(WassetteInstallation.parseVersion("wassette 0.3.4"))
        .contains(new WassetteVersion(0, 3, 4));
    assertThat(WassetteInstallation.parseVersion("nothing here")).isEmpty();
  }

  @Test
  void whenNothingIsFoundTheErrorSaysWhereItLookedAndHowToInstall(@TempDir Path empty) {
    assertThatThrownBy(
            () ->
                WassetteInstallation.locate(
                    Map.of("PATH", empty.toString()), null, empty.toString()))
        .isInstanceOf(WassetteNotFoundException.class)
        .hasMessageContaining("Wassette not found. Looked at -Dwassette.binary, WASSETTE_BIN, ")
        .hasMessageContaining(empty.resolve(".tools/wassette/bin/wassette").toString())
        .hasMessageEndingWith(WassetteInstallation.HOW_TO_INSTALL);
  }

  @Test
  void aConfiguredPathThatIsNotExecutableIsNamedInTheError(@TempDir Path dir) {
    Path missing = dir.resolve("wassette");

    assertThatThrownBy(() -> WassetteInstallation.locate(Map.of(), missing.toString(), null))
        .isInstanceOf(WassetteNotFoundException.class)
        .hasMessageStartingWith(
            "Wassette binary " + missing + " (from -Dwassette.binary) is not an executable file.");
  }

  @Test
  void commandLineFollowsTheVersion() {
    Path dir = Path.of("/c");
    Path env = Path.of("/e");
    Path bin = Path.of("/w");

    assertThat(WassetteLauncher.commandLine(install(bin, 0, 8), dir, env, false, null))
        .containsExactly(
            "/w", "run", "--component-dir", "/c", "--env-file", "/e", "--disable-builtin-tools");
    assertThat(WassetteLauncher.commandLine(install(bin, 0, 8), dir, env, true, null))
        .containsExactly("/w", "run", "--component-dir", "/c", "--env-file", "/e");
    assertThat(WassetteLauncher.commandLine(install(bin, 0, 3), dir, env, false, null))
        .containsExactly("/w", "serve", "--stdio", "--plugin-dir", "/c", "--env-file", "/e");
    assertThat(WassetteLauncher.commandLine(install(bin, 0, 2), dir, env, false, null))
        .containsExactly("/w", "serve", "--stdio", "--plugin-dir", "/c");
  }

  @Test
  void streamableHttpIsServeOnTheBindAddressFromWassette04() {
    Path dir = Path.of("/c");
    Path env = Path.of("/e");
    Path bin = Path.of("/w");

    assertThat(WassetteLauncher.commandLine(install(bin, 0, 8), dir, env, false, "127.0.0.1:9"))
        .containsExactly(
            "/w",
            "serve",
            "--streamable-http",
            "--bind-address",
            "127.0.0.1:9",
            "--component-dir",
            "/c",
            "--env-file",
            "/e",
            "--disable-builtin-tools");
    assertThatThrownBy(
            () -> WassetteLauncher.commandLine(install(bin, 0, 3), dir, env, false, "127.0.0.1:9"))
        .isInstanceOf(WassetteException.class)
        .hasMessageStartingWith("Streamable HTTP needs Wassette 0.4 or newer; /w is 0.3.0.");
  }

  private static WassetteInstallation install(Path bin, int major, int minor) {
    return new WassetteInstallation(bin, new WassetteVersion(major, minor, 0), "test");
  }
}

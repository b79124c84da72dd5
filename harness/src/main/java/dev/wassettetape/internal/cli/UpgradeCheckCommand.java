package dev.wassettetape.internal.cli;

import dev.wassettetape.internal.process.ChildProcesses;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wassette-tape upgrade-check}: verifies every {@code @WassetteTape} test class of a project
 * against another Wassette binary and/or new component builds and writes the report. The tests run
 * as a build tool runs them: in a JVM of their own, on the project's test class path, through the
 * JUnit Platform Launcher ({@code dev.wassettetape.upgrade.UpgradeCheck} of the artifact {@code
 * wassette-tape-upgrade-check}, which that class path must hold). The harness itself stays free of
 * JUnit.
 */
@Command(
    name = "upgrade-check",
    mixinStandardHelpOptions = true,
    description = {
      "Verify every @WassetteTape test class of a project against another Wassette or new"
          + " component builds, and write a report (Markdown and HTML) of what matched, what"
          + " drifted and how to accept it. Exit 0 only when nothing drifted.",
      "The tests run in a JVM of their own on --test-classpath, which must hold the artifact"
          + " dev.wassettetape:wassette-tape-upgrade-check (e.g. as a test dependency)."
    })
final class UpgradeCheckCommand implements Callable<Integer> {

  static final String MAIN = "dev.wassettetape.upgrade.UpgradeCheck";

  @Option(
      names = "--test-classpath",
      required = true,
      paramLabel = "PATH",
      description =
          "The project's test class path (${sys:path.separator}-separated), e.g. target/test-classes"
              + " and the output of mvn dependency:build-classpath.")
  String classpath;

  @Option(
      names = "--classes",
      paramLabel = "DIR",
      description =
          "Where to discover test classes (repeatable). Default: every directory on the class path.")
  List<Path> classes = new ArrayList<>();

  @Option(
      names = "--class",
      paramLabel = "NAME",
      description = "A test class to check, instead of discovering them (repeatable).")
  List<String> classNames = new ArrayList<>();

  @Option(
      names = "--tape-dir",
      paramLabel = "DIR",
      description = "The tape directory the tests use (default: src/test/resources/tapes).")
  Path tapeDir;

  @Option(
      names = "--wassette",
      paramLabel = "BINARY",
      description = "The Wassette binary to verify against (default: the one the harness finds).")
  Path wassette;

  @Option(
      names = "--replace",
      paramLabel = "OLD.wasm=NEW.wasm",
      description =
          "Verify against a new build of a component: the old one's file name, = the new one"
              + " (repeatable; its policy is the one beside it).")
  List<String> replace = new ArrayList<>();

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Where upgrade-report.md and upgrade-report.html go (default: target/upgrade-report).")
  Path report;

  @Override
  public Integer call() throws Exception {
    Process check = ChildProcesses.start(new ProcessBuilder(command()).inheritIO());
    try {
      return check.waitFor();
    } finally {
      if (check.isAlive()) {
        ChildProcesses.end(check, Duration.ofSeconds(5));
      }
    }
  }

  /** The JVM that runs the check. */
  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classpath);
    command.add(MAIN);
    List<String> roots = new ArrayList<>(classes.stream().map(Path::toString).toList());
    if (roots.isEmpty() && classNames.isEmpty()) {
      for (String entry : classpath.split(File.pathSeparator)) {
        if (new File(entry).isDirectory()) {
          roots.add(entry);
        }
      }
    }
    if (!roots.isEmpty()) {
      command.add("--classes");
      command.add(String.join(File.pathSeparator, roots));
    }
    classNames.forEach(
        name -> {
          command.add("--class");
          command.add(name);
        });
    if (tapeDir != null) {
      command.add("--tape-dir");
      command.add(tapeDir.toString());
    }
    if (wassette != null) {
      command.add("--wassette");
      command.add(wassette.toAbsolutePath().toString());
    }
    command.add("--replace=" + String.join(",", replace));
    if (report != null) {
      command.add("--report");
      command.add(report.toString());
    }
    return command;
  }
}

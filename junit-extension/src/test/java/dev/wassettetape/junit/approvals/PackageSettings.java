package dev.wassettetape.junit.approvals;

import java.util.ArrayList;
import java.util.List;
import org.approvaltests.core.ApprovalFailureReporter;

/** ApprovalTests' package settings, read for the test classes of this package (ApprovalTest). */
public class PackageSettings {
  public static final Recording UseReporter = new Recording();

  /** A reporter that only remembers what it was shown. */
  public static final class Recording implements ApprovalFailureReporter {
    public final List<String> shown = new ArrayList<>();

    @Override
    public boolean report(String received, String approved) {
      shown.add(received + " -> " + approved);
      return true;
    }
  }
}

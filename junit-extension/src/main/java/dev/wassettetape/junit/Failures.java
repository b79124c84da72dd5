package dev.wassettetape.junit;

/** Runs steps that may each fail, and fails with the first failure, the others suppressed. */
final class Failures {
  private Throwable first;

  interface Step {
    void run() throws Throwable;
  }

  void run(Step step) {
    try {
      step.run();
    } catch (Throwable t) {
      if (first == null) {
        first = t;
      } else {
        first.addSuppressed(t);
      }
    }
  }

  boolean none() {
    return first == null;
  }

  void rethrow() throws Exception {
    if (first instanceof Exception e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
  }
}

package dev.wassettetape.replay;

/**
 * A live request that no taped interaction answers. Its message is the near-miss report: the
 * request, up to three nearest taped requests with an argument-level diff, the tape, and how to
 * re-record.
 */
public final class ReplayMismatch extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ReplayMismatch(String report) {
    super(report);
  }
}

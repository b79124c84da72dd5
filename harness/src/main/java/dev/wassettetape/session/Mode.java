package dev.wassettetape.session;

/**
 * What a tape session does with the tape and the live server: the one mode of the harness, its CLI
 * and {@code @WassetteTape} (where, unless configured, it is {@link #REPLAY} on CI and {@link
 * #RECORD_MISSING} elsewhere).
 */
public enum Mode {
  /**
   * The live server answers; the chapters of the tests that ran and passed are (re)written, every
   * other chapter is kept.
   */
  RECORD,
  /** No live server and no process: each test's chapter answers it. What CI runs. */
  REPLAY,
  /**
   * Tests with a chapter replay; the others are recorded (the live server starts only for them).
   * {@code @WassetteTape} never records on CI.
   */
  RECORD_MISSING,
  /** The live server answers; each test's exchanges are diffed against its chapter. */
  VERIFY,
  /** The live server answers; no tape is read or written. */
  PASSTHROUGH
}

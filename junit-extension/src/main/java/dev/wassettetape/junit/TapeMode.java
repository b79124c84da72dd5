package dev.wassettetape.junit;

/**
 * What {@link WassetteTape} does with the tape and the live component. Chosen by the configuration
 * parameter {@value WassetteTape#MODE_PROPERTY}, then the environment variable {@value
 * WassetteTape#MODE_ENV}, then {@link WassetteTape#mode()}, then: {@link #REPLAY} when the {@code
 * CI} environment variable is set, {@link #RECORD_MISSING} otherwise.
 */
public enum TapeMode {
  /** Use the configured mode (the default of {@link WassetteTape#mode()}). */
  DEFAULT,
  /**
   * Live component; the chapters of the tests that ran and passed are (re)written, every other
   * chapter is kept.
   */
  RECORD,
  /** No Wassette and no process: each test's chapter answers it. What CI runs. */
  REPLAY,
  /**
   * Tests with a chapter replay; the others are recorded (the live component starts only for them).
   * Never records in CI.
   */
  RECORD_MISSING,
  /** Live component; each test's exchanges are diffed against its chapter after normalisation. */
  VERIFY,
  /** Live component; no tape is read or written. */
  PASSTHROUGH
}

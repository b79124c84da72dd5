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
  /** Live component; the tape is (re)written when every test of the scope passed. */
  RECORD,
  /** No Wassette and no process: the tape answers. What CI runs. */
  REPLAY,
  /** Replay when the tape exists, otherwise record it. Never the default in CI. */
  RECORD_MISSING,
  /** Live component; every exchange is diffed against the tape after normalisation. */
  VERIFY,
  /** Live component; no tape is read or written. */
  PASSTHROUGH
}

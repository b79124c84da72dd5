package dev.wassettetape.session;

/** What a tape session does with the tape and the live server. */
public enum Mode {
  /** The live server answers; the session is written as the tape, only if asked to. */
  RECORD,
  /** No live server: the tape answers. */
  REPLAY,
  /** Replay when the tape exists, otherwise record. */
  RECORD_MISSING,
  /** The live server answers; the session is diffed against the tape. */
  VERIFY,
  /** The live server answers; no tape is read or written. */
  PASSTHROUGH
}

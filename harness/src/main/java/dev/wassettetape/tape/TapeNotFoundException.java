package dev.wassettetape.tape;

import java.nio.file.Path;

/** There is no tape at the path: a different failure from "the tape has no match". */
public final class TapeNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public TapeNotFoundException(Path file) {
    super(
        "Tape "
            + file.toAbsolutePath()
            + " does not exist. Record it first (record mode), then commit it.");
    this.file = file;
  }

  public Path file() {
    return file;
  }
}

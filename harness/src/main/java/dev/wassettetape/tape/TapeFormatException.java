package dev.wassettetape.tape;

import java.nio.file.Path;

/** A file that is not a valid tape: names the file, the JSON location and what was expected. */
public final class TapeFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String location;

  public TapeFormatException(Path file, String location, String problem) {
    super(
        "Tape "
            + file
            + " is not a valid "
            + Tape.FORMAT
            + " tape: at "
            + (location.isEmpty() ? "/" : location)
            + ": "
            + problem
            + ". Fix the file, or delete it and record it again.");
    this.file = file;
    this.location = location.isEmpty() ? "/" : location;
  }

  public Path file() {
    return file;
  }

  /** The JSON Pointer of the problem ({@code /} for the whole document). */
  public String location() {
    return location;
  }
}

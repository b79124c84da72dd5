package dev.wassettetape.tape;

import java.nio.file.Path;

/** A file that is not a valid tape: names the file, the JSON location and what was expected. */
public final class TapeFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String location;

  public TapeFormatException(Path file, String location, String problem) {
    this(
        "Tape "
            + file
            + " is not a valid "
            + Tape.FORMAT
            + " tape: at "
            + (location.isEmpty() ? "/" : location)
            + ": "
            + problem
            + ". Fix the file, or delete it and record it again.",
        file,
        location);
  }

  private TapeFormatException(String message, Path file, String location) {
    super(message);
    this.file = file;
    this.location = location.isEmpty() ? "/" : location;
  }

  /** A tape of the first format, with one flat session where this one has a chapter per test. */
  static TapeFormatException firstFormat(Path file) {
    return new TapeFormatException(
        "Tape "
            + file
            + " is in format wassette-tape/1: one flat list of interactions for all tests. This"
            + " harness reads "
            + Tape.FORMAT
            + ", with one chapter per test, and cannot tell which test made which interaction."
            + " Record the tape again (RECORD mode, the whole test class) and commit it.",
        file,
        "/format");
  }

  public Path file() {
    return file;
  }

  /** The JSON Pointer of the problem ({@code /} for the whole document). */
  public String location() {
    return location;
  }
}

package dev.wassettetape.tape;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.internal.jsonrpc.RawJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Reads and writes tapes as JSON files: pretty-printed with two spaces, LF line endings, a final
 * newline, and a fixed key order ({@link TapeWriter}), so that a re-recorded tape diffs only where
 * behaviour changed. Writes are atomic (a temporary file in the same directory, then a rename): a
 * crash never leaves half a tape. The reader ({@link TapeReader}) refuses unknown format versions
 * and malformed files with the file and the JSON location.
 */
public final class TapeFile {

  /** The writer of tapes, created when a tape is first written (reading needs no mapper). */
  private static final class Writer {
    static final ObjectWriter INSTANCE = new ObjectMapper().writer(new TapePrinter());
  }

  /**
   * Jackson's pretty printer, with {@code "key": value}, LF, and {@code []}/{@code {}} when empty.
   */
  private static final class TapePrinter extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    TapePrinter() {
      super(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
      _objectIndenter = new DefaultIndenter("  ", "\n");
      _arrayIndenter = new DefaultIndenter("  ", "\n");
    }

    @Override
    public TapePrinter createInstance() {
      return new TapePrinter();
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      _nesting--;
      if (entries > 0) {
        _objectIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw('}');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      _nesting--;
      if (values > 0) {
        _arrayIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw(']');
    }
  }

  private TapeFile() {}

  /** Reads a tape. */
  public static Tape read(Path file) {
    byte[] bytes; // parsed as bytes: faster than decoding the text first, as a big tape shows
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TapeNotFoundException(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read tape " + file, e);
    }
    return parse(file, () -> Json.parse(bytes, TapeFile::keptAsText));
  }

  /**
   * The results of a tape's interactions are kept as their text until read ({@link RawJson}): most
   * of a tape's bytes, and a replay reads each once, if at all.
   */
  private static boolean keptAsText(List<String> path) {
    return path.size() == 6
        && "result".equals(path.get(5))
        && "response".equals(path.get(4))
        && "interactions".equals(path.get(2))
        && "chapters".equals(path.get(0));
  }

  /** Parses tape text; {@code file} names it in errors. */
  public static Tape parse(Path file, String text) {
    return parse(file, () -> Json.parse(text));
  }

  private interface Source {
    JsonNode read() throws IOException;
  }

  private static Tape parse(Path file, Source source) {
    JsonNode root;
    try {
      root = source.read();
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new TapeFormatException(
          file, "", where + "malformed JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("could not read tape " + file, e);
    }
    if (root == null || root.isMissingNode()) {
      throw new TapeFormatException(file, "", "the file is empty");
    }
    return new TapeReader(file).tape(root);
  }

  /**
   * One interaction as {@link TapeWriter#interaction} wrote it, validated as in a tape ({@code
   * file} names where it came from in errors).
   *
   * @throws TapeFormatException when it is not one
   */
  public static Interaction interaction(Path file, JsonNode json) {
    return new TapeReader(file).interaction(json, "");
  }

  /**
   * A file beside a tape: {@code weather.json} and {@code received} give {@code
   * weather.received.json} (a verify's live session), {@code partial} gives {@code
   * weather.partial.json} (a session its server did not live through).
   */
  public static Path beside(Path tape, String kind) {
    String name = tape.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return tape.resolveSibling(base + "." + kind + ".json");
  }

  /** Writes a tape atomically. */
  public static void write(Path file, Tape tape) {
    writeAtomically(file, toText(tape));
  }

  /**
   * Writes a tape atomically after a last scan for the secret values: a tape that would carry one
   * is refused, and nothing is written.
   */
  public static void write(Path file, Tape tape, Secrets secrets) {
    String text = toText(tape);
    List<String> leaks = secrets.leakedInto(text);
    if (!leaks.isEmpty()) {
      throw new IllegalStateException(
          "refusing to write " + file + ": it would contain the secrets " + leaks);
    }
    writeAtomically(file, text);
  }

  /** The tape as the exact text {@link #write} puts in the file. */
  public static String toText(Tape tape) {
    return pretty(TapeWriter.toJson(tape));
  }

  /** Pretty-prints JSON the way tapes are printed. */
  public static String pretty(JsonNode json) {
    try {
      return Writer.INSTANCE.writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  static void writeAtomically(Path file, String text) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        // createTempFile makes the file private; a tape is source, readable like any other
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // the platform's default is fine
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write tape " + file, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // nothing more to do
        }
      }
    }
  }
}

package dev.wassettetape.tape;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.wassettetape.internal.jsonrpc.Json;
import java.io.IOException;
import java.io.InputStream;
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
      bytes = bytes(file);
    } catch (NoSuchFileException e) {
      throw new TapeNotFoundException(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read tape " + file, e);
    }
    return parse(file, bytes);
  }

  /**
   * A file's bytes, read straight into the array in 64 KiB pieces: for a tape of tens of MB, half
   * the time of {@code Files.readAllBytes} (which reads through a direct buffer as big as the
   * file).
   */
  private static byte[] bytes(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException("a tape of " + size + " bytes is more than one can read");
      }
      byte[] bytes = new byte[(int) size];
      int n = 0;
      for (int r;
          n < bytes.length && (r = in.read(bytes, n, Math.min(65536, bytes.length - n))) > 0; ) {
        n += r;
      }
      return n == bytes.length && in.read() < 0 ? bytes : Files.readAllBytes(file); // it changed
    }
  }

  /** Parses tape text; {@code file} names it in errors. */
  public static Tape parse(Path file, String text) {
    return parse(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses a tape's bytes. Its interactions are read straight into their objects ({@link
   * InteractionReader}), their params and results kept as text until read.
   */
  private static Tape parse(Path file, byte[] bytes) {
    TapeReader reader = new TapeReader(file);
    JsonNode root;
    try {
      root = Json.parse(bytes, new InteractionReader(reader, bytes));
    } catch (JsonProcessingException e) {
      throw malformed(file, e);
    }
    if (root == null || root.isMissingNode()) {
      throw new TapeFormatException(file, "", "the file is empty");
    }
    return reader.tape(root);
  }

  private static TapeFormatException malformed(Path file, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    return new TapeFormatException(
        file, "", where + "malformed JSON (" + e.getOriginalMessage() + ")");
  }

  /**
   * One interaction as {@link TapeWriter#interaction} wrote it (compact or pretty JSON), validated
   * as in a tape ({@code file} names where it came from in errors).
   *
   * @throws TapeFormatException when it is not one
   */
  public static Interaction interaction(Path file, byte[] json) {
    try (JsonParser parser = Json.parser(json)) {
      return new InteractionReader(new TapeReader(file), json)
          .interaction(parser, parser.nextToken(), "", -1);
    } catch (JsonProcessingException e) {
      throw malformed(file, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from bytes in memory
    }
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

package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.Excerpt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Newline-delimited framing over a byte stream (MCP's stdio transport). Lines are decoded as UTF-8
 * only once complete, so a multi-byte character split across reads is fine; {@code \r\n} endings
 * and empty lines are accepted. A line over the maximum size, or one that is not UTF-8, becomes a
 * {@link Frame.Problem} and reading goes on with the next line.
 *
 * <p>Not thread-safe: one reader thread owns it.
 */
public final class LineReader {

  /** The default maximum line size: 16 MiB, far above any sane MCP message. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[8192];
  private int chunkPos;
  private int chunkLen;
  private byte[] line = new byte[1024];
  private int lineLen;
  private long oversizeBytes;

  public LineReader(InputStream in, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The next line or problem, or {@code null} at the end of the stream. A last line without a
   * newline is still returned.
   */
  public Frame next() throws IOException {
    while (true) {
      if (chunkPos == chunkLen) {
        chunkLen = in.read(chunk);
        chunkPos = 0;
        if (chunkLen <= 0) {
          chunkLen = 0;
          if (lineLen == 0 && oversizeBytes == 0) {
            return null;
          }
          Frame last = finishLine();
          if (last != null) {
            return last;
          }
          continue;
        }
      }
      int end = chunkPos;
      while (end < chunkLen && chunk[end] != '\n') {
        end++;
      }
      append(chunk, chunkPos, end - chunkPos);
      if (end == chunkLen) {
        chunkPos = chunkLen; // the line goes on in the next chunk
        continue;
      }
      chunkPos = end + 1;
      Frame frame = finishLine();
      if (frame != null) {
        return frame;
      }
    }
  }

  private void append(byte[] bytes, int from, int n) {
    int room = oversizeBytes > 0 ? 0 : maxLineBytes - lineLen;
    int taken = Math.min(n, room);
    if (lineLen + taken > line.length) {
      line =
          Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(lineLen + taken, line.length * 2)));
    }
    System.arraycopy(bytes, from, line, lineLen, taken);
    lineLen += taken;
    oversizeBytes += n - taken;
  }

  /** Ends the current line; returns null for an empty line, which MCP peers may send. */
  private Frame finishLine() {
    int len = lineLen;
    if (len > 0 && line[len - 1] == '\r' && oversizeBytes == 0) {
      len--;
    }
    long dropped = oversizeBytes;
    lineLen = 0;
    oversizeBytes = 0;
    if (dropped > 0) {
      String start = new String(line, 0, Math.min(len, 1024), StandardCharsets.UTF_8);
      return new Frame.Problem(
          new ProtocolProblem(
              ProtocolProblem.Kind.OVERSIZE_LINE,
              "line of " + (len + dropped) + " bytes exceeds the maximum of " + maxLineBytes,
              Excerpt.of(start)));
    }
    if (len == 0) {
      return null;
    }
    try {
      String text = new String(line, 0, len, StandardCharsets.UTF_8);
      if (text.indexOf('\uFFFD') >= 0) { // bad bytes decode to U+FFFD, and so does a real one
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(line, 0, len));
      }
      return new Frame.Line(text);
    } catch (CharacterCodingException e) {
      return new Frame.Problem(
          new ProtocolProblem(
              ProtocolProblem.Kind.INVALID_UTF8,
              "not valid UTF-8",
              Excerpt.of(new String(line, 0, len, StandardCharsets.UTF_8))));
    } finally {
      if (line.length > 64 * 1024) {
        line = new byte[1024]; // do not keep a huge buffer alive after one big message
      }
    }
  }
}

package dev.wassettetape.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wassettetape.fuzz.Fuzz;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stdio framing on any bytes, in any read sizes: it ends (one frame per line at most), never
 * throws, and frames exactly as a plain model of the rules does: lines split on {@code \n}, one
 * trailing {@code \r} dropped, empty lines skipped, a line over the maximum or not UTF-8 a problem.
 */
class LineReaderFuzzTest {

  @Test
  void framesAnyBytesAsTheRulesSayWithoutThrowingOrHanging() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () ->
            Fuzz.check(
                "lines",
                Fuzz.corpus("lines"),
                (input, random) -> {
                  int max = 16 + random.nextInt(512); // small, so that oversize lines are common
                  LineReader reader =
                      new LineReader(new ChoppedInput(input, () -> 1 + random.nextInt(97)), max);
                  List<String> framed = new ArrayList<>();
                  int bound = count(input, (byte) '\n') + 1;
                  for (Frame f; (f = reader.next()) != null; ) {
                    framed.add(describe(f));
                    assertThat(framed)
                        .as("frames for %d lines", bound)
                        .hasSizeLessThanOrEqualTo(bound);
                  }
                  assertThat(reader.next()).as("after the end, still the end").isNull();
                  assertThat(framed).isEqualTo(model(input, max));
                }));
  }

  private static String describe(Frame frame) {
    if (frame instanceof Frame.Line l) {
      return "line " + l.text();
    }
    if (frame instanceof Frame.Problem p) {
      return "problem " + p.problem().kind();
    }
    return "unexpected " + frame;
  }

  /** The framing rules, written plainly. */
  private static List<String> model(byte[] input, int max) {
    List<String> frames = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= input.length; i++) {
      if (i < input.length && input[i] != '\n') {
        continue;
      }
      if (i == input.length && start == i) {
        break; // no last line
      }
      int len = i - start;
      if (len > max) {
        frames.add("problem OVERSIZE_LINE");
      } else {
        if (len > 0 && input[start + len - 1] == '\r') {
          len--;
        }
        if (len > 0) {
          try {
            frames.add(
                "line "
                    + StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(input, start, len)));
          } catch (CharacterCodingException e) {
            frames.add("problem INVALID_UTF8");
          }
        }
      }
      start = i + 1;
    }
    return frames;
  }

  private static int count(byte[] input, byte b) {
    int n = 0;
    for (byte x : input) {
      n += x == b ? 1 : 0;
    }
    return n;
  }
}

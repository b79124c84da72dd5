package dev.wassettetape.tape;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The instants of a tape ({@code recorded.at}, a chapter's {@code at}), read. */
final class Instants {

  private Instants() {}

  /**
   * {@link Instant#parse}, but an instant as tapes write it ({@code 2026-11-25T10:15:02Z}, maybe
   * with a fraction) read without java.time's formatters, whose set-up is ~15 ms of a fresh JVM's
   * first replay. Anything else, or out of range, goes to {@link Instant#parse}, which decides.
   */
  static Instant parse(String text) {
    int n = text.length();
    if (n >= 20
        && n <= 30
        && text.charAt(n - 1) == 'Z'
        && digits(text, 0, 4)
        && text.charAt(4) == '-'
        && digits(text, 5, 7)
        && text.charAt(7) == '-'
        && digits(text, 8, 10)
        && text.charAt(10) == 'T'
        && digits(text, 11, 13)
        && text.charAt(13) == ':'
        && digits(text, 14, 16)
        && text.charAt(16) == ':'
        && digits(text, 17, 19)
        && (n == 20 || text.charAt(19) == '.' && n > 21 && digits(text, 20, n - 1))) {
      try {
        int nanos = 0;
        for (int k = 20; k < 29; k++) {
          nanos = nanos * 10 + (k < n - 1 ? text.charAt(k) - '0' : 0);
        }
        return LocalDateTime.of(
                number(text, 0, 4),
                number(text, 5, 7),
                number(text, 8, 10),
                number(text, 11, 13),
                number(text, 14, 16),
                number(text, 17, 19),
                nanos)
            .toInstant(ZoneOffset.UTC);
      } catch (DateTimeException outOfRange) {
        // Instant.parse says what is wrong (or reads a leap second)
      }
    }
    return Instant.parse(text);
  }

  private static boolean digits(String text, int from, int to) {
    for (int k = from; k < to; k++) {
      if (text.charAt(k) < '0' || text.charAt(k) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(String text, int from, int to) {
    int value = 0;
    for (int k = from; k < to; k++) {
      value = value * 10 + text.charAt(k) - '0';
    }
    return value;
  }
}

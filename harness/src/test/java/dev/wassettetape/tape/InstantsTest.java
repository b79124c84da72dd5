package dev.wassettetape.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A tape's instants read as {@link Instant#parse} reads them, its formatters set up or not. */
class InstantsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-25T10:15:02Z",
        "2026-11-25T10:15:02.5Z",
        "2026-11-25T10:15:02.120Z",
        "2026-11-25T10:15:02.123456789Z",
        "1970-01-01T00:00:00Z",
        "2024-02-29T23:59:59.999Z",
        "2026-11-25T23:59:60Z",
        "2026-11-25T10:15:02+01:00",
        "2026-11-25t10:15:02z",
        "2026-02-30T10:15:02Z",
        "2026-13-01T10:15:02Z",
        "2026-11-25T24:00:00Z",
        "2026-11-25T10:15:02.Z",
        "2026-11-25T10:15:02.1234567890Z",
        "2026-11-25 10:15:02Z",
        "2026-11-25T10:15Z",
        "+2026-11-25T10:15:02Z",
        "2026-1a-25T10:15:02Z",
        "yesterday"
      })
  void readsAsInstantParseDoes(String text) {
    Instant expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeParseException e) {
      assertThatThrownBy(() -> Instants.parse(text)).isInstanceOf(DateTimeParseException.class);
      return;
    }
    assertThat(Instants.parse(text)).isEqualTo(expected);
  }
}

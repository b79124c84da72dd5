package dev.wassettetape.tape;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ways one secret value can show up in text: as it is, JSON-escaped (plain and ASCII-only),
 * URL-encoded, and Base64-encoded (standard and URL-safe alphabets) at any of the three byte
 * alignments, so that it is found inside a longer Base64 text such as {@code Authorization: Basic
 * base64(user:secret)}.
 */
final class SecretForms {

  private SecretForms() {}

  /** Every form of the value, longest first. */
  static List<String> of(String value) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(value);
    String json = new String(JsonStringEncoder.getInstance().quoteAsString(value));
    forms.add(json);
    forms.add(asciiOnly(json, "\\u%04X")); // Jackson's case
    forms.add(asciiOnly(json, "\\u%04x")); // e.g. Python's and JavaScript's
    String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
    forms.add(url);
    forms.add(url.replace("+", "%20"));
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (Base64.Encoder encoder :
        List.of(Base64.getEncoder().withoutPadding(), Base64.getUrlEncoder().withoutPadding())) {
      for (int offset = 0; offset < 3; offset++) {
        forms.add(base64Core(encoder, bytes, offset));
      }
    }
    return forms.stream()
        .filter(f -> !f.isEmpty())
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  /**
   * The Base64 characters that depend only on the value's bytes when it starts {@code offset} bytes
   * into a 3-byte group: they appear in the encoding of any text that contains the value at that
   * alignment.
   */
  private static String base64Core(Base64.Encoder encoder, byte[] value, int offset) {
    byte[] shifted = new byte[offset + value.length];
    System.arraycopy(value, 0, shifted, offset, value.length);
    String encoded = encoder.encodeToString(shifted);
    int from = (offset * 8 + 5) / 6; // first character without bits of the bytes before
    int to = (offset + value.length) * 8 / 6; // last character without bits of the bytes after
    return to > from ? encoded.substring(from, to) : "";
  }

  private static String asciiOnly(String text, String escape) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c < 0x80) {
        out.append(c);
      } else {
        out.append(String.format(escape, (int) c));
      }
    }
    return out.toString();
  }
}

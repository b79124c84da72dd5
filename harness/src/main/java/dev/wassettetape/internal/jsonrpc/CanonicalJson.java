package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON as one canonical text: object keys sorted, numbers by value ({@code 1}, {@code 1.0} and
 * {@code 1e0} read the same), no spaces. Two values mean the same JSON exactly when their canonical
 * texts are equal, so the text serves as a hash key (replay's index) and a sort key (order-free
 * arrays).
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  /** The canonical text; the empty string for null (absent). */
  public static String of(JsonNode node) {
    if (node == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  /**
   * Whether two values are the same JSON as their canonical texts say (numbers by value, objects in
   * any order), without making the texts.
   */
  public static boolean equal(JsonNode a, JsonNode b) {
    RawJson raw = RawJson.in(b);
    if (raw != null && RawJson.in(a) == null) {
      return raw.equalTo(a); // read as it is compared: no tree
    }
    a = RawJson.tree(a); // a value kept as text: read
    b = RawJson.tree(b);
    if (a.isNumber() && b.isNumber()) {
      BigDecimal x = decimal(a);
      BigDecimal y = decimal(b);
      return x != null && y != null
          ? x.compareTo(y) == 0
          : Double.compare(a.doubleValue(), b.doubleValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || !equal(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int k = 0; k < a.size(); k++) {
        if (!equal(a.get(k), b.get(k))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** A hash consistent with {@link #equal}, without making the text. */
  public static int hash(JsonNode node) {
    RawJson raw = RawJson.in(node);
    if (raw != null) {
      return raw.hashed() ? raw.hash() : hash(RawJson.tree(node));
    }
    if (node.isObject()) {
      int h = 0x5bd1e995;
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        h += e.getKey().hashCode() * 31 ^ hash(e.getValue()); // a sum: any order
      }
      return h;
    }
    if (node.isArray()) {
      int h = 1;
      for (int k = 0; k < node.size(); k++) {
        h = 31 * h + hash(node.get(k));
      }
      return h;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return Long.hashCode(node.longValue());
    }
    if (node.isNumber()) { // an integral value hashes as the integer it equals
      BigDecimal decimal = decimal(node);
      if (decimal == null) {
        return Double.hashCode(node.doubleValue());
      }
      BigDecimal value = decimal.stripTrailingZeros();
      return value.scale() <= 0 && value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0
          ? Long.hashCode(value.longValue())
          : value.hashCode();
    }
    return node.hashCode();
  }

  /**
   * Whether a tree is {@link #equal} to the value at the parser's {@code token}, read only as far
   * as they agree.
   */
  static boolean equal(JsonNode a, JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.START_OBJECT) {
      if (!a.isObject()) {
        return false;
      }
      int members = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        JsonNode mine = a.get(parser.currentName());
        if (mine == null || !equal(mine, parser, parser.nextToken())) {
          return false;
        }
        members++;
      }
      return members == a.size();
    }
    if (token == JsonToken.START_ARRAY) {
      if (!a.isArray()) {
        return false;
      }
      int k = 0;
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (k >= a.size() || !equal(a.get(k++), parser, t)) {
          return false;
        }
      }
      return k == a.size();
    }
    return equal(a, Json.read(parser, token)); // a scalar: as its node compares
  }

  /**
   * The {@link #hash} of the value at the parser's {@code token}, read to its end, without a tree;
   * {@code names}, when not null, gets a top-level object's member names.
   */
  static int hash(JsonParser parser, JsonToken token, List<String> names) throws IOException {
    if (token == JsonToken.START_OBJECT) {
      int h = 0x5bd1e995;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (names != null) {
          names.add(name);
        }
        h += name.hashCode() * 31 ^ hash(parser, parser.nextToken(), null);
      }
      return h;
    }
    if (token == JsonToken.START_ARRAY) {
      int h = 1;
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        h = 31 * h + hash(parser, t, null);
      }
      return h;
    }
    if (token == JsonToken.VALUE_STRING) { // as its TextNode hashes (String.hashCode), without it
      char[] text = parser.getTextCharacters();
      int h = 0;
      for (int k = parser.getTextOffset(), end = k + parser.getTextLength(); k < end; k++) {
        h = 31 * h + text[k];
      }
      return h;
    }
    return hash(Json.read(parser, token)); // any other scalar: as its node hashes
  }

  /**
   * A number's exact value; null for a float beyond any decimal (a text such as {@code 1e400} reads
   * as an infinite double), which compares and hashes as that double.
   */
  private static BigDecimal decimal(JsonNode number) {
    if (number.isFloatingPointNumber() && !number.isBigDecimal()) {
      double d = number.doubleValue();
      if (Double.isInfinite(d) || Double.isNaN(d)) {
        return null;
      }
    }
    return number.decimalValue();
  }

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      for (int k = 0; k < names.size(); k++) {
        if (k > 0) {
          out.append(',');
        }
        quote(names.get(k), out);
        out.append(':');
        write(node.get(names.get(k)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int k = 0; k < node.size(); k++) {
        if (k > 0) {
          out.append(',');
        }
        write(node.get(k), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      BigDecimal decimal = decimal(node);
      out.append(decimal == null ? node.asText() : decimal.stripTrailingZeros().toPlainString());
    } else if (node.isTextual()) {
      quote(node.textValue(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else {
      out.append(node); // binary, POJO: not in MCP traffic
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * A JSON string as Jackson writes it (quote and backslash escaped, control characters as short or
   * four-hex-digit escapes, the rest as it is), without creating a generator per string.
   */
  private static void quote(String text, StringBuilder out) {
    out.append('"');
    int from = 0; // the text runs that need no escape are copied whole
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(text, from, k);
      from = k + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    out.append(text, from, text.length());
    out.append('"');
  }
}

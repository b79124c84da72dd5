package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

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
        out.append(TextNode.valueOf(names.get(k))).append(':');
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
      out.append(node.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      out.append(node);
    }
  }
}

package dev.wassettetape.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.tape.Secrets;
import java.util.ArrayList;
import java.util.List;

/**
 * What replay matches a request on: the method and the params, without what changes between runs of
 * the same client ({@code _meta}, progress tokens), with secrets redacted as on the tape, and in a
 * canonical text (sorted keys) so that an index lookup is one hash.
 */
record RequestKey(String method, String params) {

  static RequestKey of(String method, JsonNode params, Secrets secrets) {
    return new RequestKey(method, canonical(strip(secrets.redact(params))));
  }

  /** Params as matching sees them (also what near-miss diffs compare). */
  static JsonNode strip(JsonNode params) {
    if (params == null) {
      return null;
    }
    if (!params.has("_meta") && !params.has("progressToken")) {
      return params;
    }
    ObjectNode copy = (ObjectNode) params.deepCopy();
    copy.remove("_meta");
    copy.remove("progressToken");
    return copy;
  }

  static String canonical(JsonNode node) {
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
        out.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(names.get(k))).append(':');
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

package dev.wassettetape.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON Pointer whose segments may be {@code *} (any key or index), e.g. {@code
 * /response/result/content/*}{@code /annotations}, and the places it names in a tree.
 */
final class PointerPattern {

  private PointerPattern() {}

  /** A place in a JSON tree: a field of an object or an element of an array. */
  record Slot(JsonNode container, String key) {
    JsonNode value() {
      return container.isObject() ? container.get(key) : container.get(Integer.parseInt(key));
    }

    void set(JsonNode value) {
      if (container instanceof ObjectNode object) {
        object.set(key, value);
      } else {
        ((ArrayNode) container).set(Integer.parseInt(key), value);
      }
    }
  }

  /** The slots a pointer pattern ({@code *} = any key or index) names in a tree. */
  static List<Slot> slots(JsonNode node, String pointer) {
    String[] segments =
        pointer.startsWith("/") ? pointer.substring(1).split("/", -1) : pointer.split("/", -1);
    List<Slot> found = new ArrayList<>();
    collect(node, segments, 0, found);
    return found;
  }

  private static void collect(JsonNode node, String[] segments, int depth, List<Slot> found) {
    String segment = unescape(segments[depth]);
    List<String> keys = new ArrayList<>();
    if (node.isObject()) {
      if (segment.equals("*")) {
        node.fieldNames().forEachRemaining(keys::add);
      } else if (node.has(segment)) {
        keys.add(segment);
      }
    } else if (node.isArray()) {
      for (int k = 0; k < node.size(); k++) {
        if (segment.equals("*") || segment.equals(String.valueOf(k))) {
          keys.add(String.valueOf(k));
        }
      }
    }
    for (String key : keys) {
      Slot slot = new Slot(node, key);
      if (depth == segments.length - 1) {
        found.add(slot);
      } else {
        collect(slot.value(), segments, depth + 1, found);
      }
    }
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }
}

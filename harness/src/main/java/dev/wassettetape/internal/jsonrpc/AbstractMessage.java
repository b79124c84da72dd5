package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The shared representation of messages: the JSON object, owned and never handed out. */
abstract class AbstractMessage {

  final ObjectNode json;

  AbstractMessage(ObjectNode json) {
    this.json = json.deepCopy();
  }

  public ObjectNode json() {
    return json.deepCopy();
  }

  public ObjectNode jsonView() {
    return json;
  }

  /**
   * Equal when the JSON is equal, numbers compared by value (a parsed {@code 1} is an int node).
   */
  @Override
  public boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && sameJson(json, ((AbstractMessage) other).json);
  }

  /** Consistent with {@link #equals}; messages are not meant as hash keys. */
  @Override
  public int hashCode() {
    return getClass().hashCode();
  }

  /** JSON equality with numbers compared by value ({@code 1}, {@code 1L}, {@code 1.0}). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || !sameJson(e.getValue(), other)) {
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
        if (!sameJson(a.get(k), b.get(k))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + json;
  }
}

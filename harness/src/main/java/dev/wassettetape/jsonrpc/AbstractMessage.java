package dev.wassettetape.jsonrpc;

import com.fasterxml.jackson.databind.node.ObjectNode;

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

  @Override
  public boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && ((AbstractMessage) other).json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + json;
  }
}

package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shared representation of messages: the JSON object, owned and never handed out, and never
 * changed once the message is made (every change makes a new message). So messages may share
 * subtrees: a renumbered message shares all but its envelope with the original.
 */
abstract class AbstractMessage {

  final ObjectNode json;
  private volatile String line; // its compact text: as it was read, or as first written

  AbstractMessage(ObjectNode json) {
    this(json.deepCopy(), null);
  }

  /**
   * A message that owns {@code json} (nobody else holds it) and, when it was read from text, keeps
   * that text: forwarded unchanged, it is written as it came, never serialised again.
   */
  AbstractMessage(ObjectNode owned, String line) {
    this.json = owned;
    this.line = line;
  }

  /** Whether its id is this one (the same JSON type and value). */
  boolean hasSameId(Id id) {
    JsonNode mine = json.get("id");
    return Id.isValid(mine) && new Id(mine).equals(id);
  }

  /** Its JSON with another id, for a renumbered message: a new envelope, the rest shared. */
  ObjectNode withIdJson(Id id) {
    ObjectNode copy = json.objectNode();
    copy.setAll(json);
    copy.set("id", id.value());
    return copy;
  }

  public String toLine() {
    String text = line;
    if (text == null) {
      text = Json.text(json);
      line = text;
    }
    return text;
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
        && CanonicalJson.equal(json, ((AbstractMessage) other).json);
  }

  /** Consistent with {@link #equals}; messages are not meant as hash keys. */
  @Override
  public int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + json;
  }
}

package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;

/**
 * A JSON-RPC id: a number or a string. Two ids are equal when their JSON values are equal, so
 * {@code 1} and {@code "1"} are different ids, as the specification says.
 */
public record Id(JsonNode value) {

  public Id {
    if (!isValid(value)) {
      throw new IllegalArgumentException("a JSON-RPC id is a string or a number, not " + value);
    }
    // Jackson's IntNode(1) and LongNode(1) are not equal: one canonical node per number, so ids
    // read from the wire match ids we made.
    if (value.isIntegralNumber()) {
      value =
          value.canConvertToLong()
              ? LongNode.valueOf(value.longValue())
              : BigIntegerNode.valueOf(value.bigIntegerValue());
    }
  }

  public static Id of(long number) {
    return new Id(JsonNodeFactory.instance.numberNode(number));
  }

  public static Id of(String text) {
    return new Id(JsonNodeFactory.instance.textNode(text));
  }

  static boolean isValid(JsonNode value) {
    return value != null && (value.isTextual() || value.isIntegralNumber());
  }

  @Override
  public String toString() {
    return value.toString();
  }

  // written out, not generated: a record's generated methods are bootstrapped through method
  // handles, tens of ms in a fresh JVM's first replay, and ids are map keys from its first message
  @Override
  public boolean equals(Object other) {
    return other instanceof Id id && value.equals(id.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}

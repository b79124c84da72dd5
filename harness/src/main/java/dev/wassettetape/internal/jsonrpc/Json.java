package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON text into trees and back, through one Jackson mapper that stays private, so that no code can
 * reconfigure it under the rest. Thread-safe.
 */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** The tree of a JSON text (null for empty text). */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /** The tree of a JSON file. */
  public static JsonNode parse(Path file) throws IOException {
    return MAPPER.readTree(Files.readAllBytes(file));
  }

  /** A Java value (maps, lists, strings, numbers, records) as a tree. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A tree, or any Java value, as compact JSON text. */
  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
    }
  }
}

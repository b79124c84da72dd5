package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON text into trees and back, through one Jackson mapper that stays private, so that no code can
 * reconfigure it under the rest. Thread-safe.
 *
 * <p>Text is read into trees with Jackson's streaming parser alone, the trees the mapper would
 * build: a replayed test reads its tape without ever creating the mapper, whose set-up is most of a
 * fresh JVM's first replay (hundreds of classes; scripts/bench.py's "first replayed test class").
 */
public final class Json {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The mapper, created when first needed (trees from Java values, text from trees). */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }

  private Json() {}

  /** The tree of a JSON text (null for empty text). */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return tree(() -> FACTORY.createParser(text));
  }

  /** The tree of JSON bytes, UTF-8 (null for no content). */
  public static JsonNode parse(byte[] bytes) throws JsonProcessingException {
    return tree(() -> FACTORY.createParser(bytes));
  }

  /** The tree of {@code length} JSON bytes from {@code offset}, UTF-8 (null for no content). */
  public static JsonNode parse(byte[] bytes, int offset, int length)
      throws JsonProcessingException {
    return tree(() -> FACTORY.createParser(bytes, offset, length));
  }

  /** The tree of JSON bytes, but where {@code hook} reads a value itself. */
  public static JsonNode parse(byte[] bytes, Hook hook) throws JsonProcessingException {
    return tree(
        () -> FACTORY.createParser(bytes),
        (parser, first) -> node(parser, first, new ArrayList<>(), hook));
  }

  /**
   * Reads a value of a tree that {@link #parse(byte[], Hook)} builds, in the caller's own way: a
   * tape's interactions, which it reads straight into its own objects.
   */
  public interface Hook {
    /**
     * The node for the value at {@code token}, read to its last token; null to have the tree built.
     *
     * @param path the field names down to the value (null for an array's element)
     */
    JsonNode read(List<String> path, JsonParser parser, JsonToken token) throws IOException;
  }

  /** A streaming parser of JSON bytes, UTF-8. */
  public static JsonParser parser(byte[] bytes) throws IOException {
    return FACTORY.createParser(bytes);
  }

  /** A streaming parser of {@code length} JSON bytes from {@code offset}, UTF-8. */
  public static JsonParser parser(byte[] bytes, int offset, int length) throws IOException {
    return FACTORY.createParser(bytes, offset, length);
  }

  private interface Source {
    JsonParser open() throws IOException;
  }

  private interface Reader {
    JsonNode read(JsonParser parser, JsonToken first) throws IOException;
  }

  private static JsonNode tree(Source source) throws JsonProcessingException {
    return tree(source, Json::read);
  }

  private static JsonNode tree(Source source, Reader reader) throws JsonProcessingException {
    try (JsonParser parser = source.open()) {
      JsonToken first = parser.nextToken();
      return first == null ? null : reader.read(parser, first);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (CharConversionException e) {
      throw notText(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from text or bytes in memory
    }
  }

  /**
   * Bytes Jackson took for UTF-16 or UTF-32 (it guesses from the first four: zero bytes) that are
   * no such text: malformed JSON, like any other.
   */
  private static JsonParseException notText(CharConversionException e) {
    return new JsonParseException(null, "not JSON text: " + e.getMessage());
  }

  private static JsonNode node(JsonParser parser, JsonToken token, List<String> path, Hook hook)
      throws IOException {
    JsonNode read = hook.read(path, parser, token);
    if (read != null) {
      return read;
    }
    if (token == JsonToken.START_OBJECT) {
      ObjectNode object = NODES.objectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        path.add(name);
        object.set(name, node(parser, parser.nextToken(), path, hook));
        path.remove(path.size() - 1);
      }
      return object;
    }
    if (token == JsonToken.START_ARRAY) {
      ArrayNode array = NODES.arrayNode();
      path.add(null);
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        array.add(node(parser, t, path, hook));
      }
      path.remove(path.size() - 1);
      return array;
    }
    return read(parser, token);
  }

  /** The tree of a JSON file. */
  public static JsonNode parse(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  /**
   * The node of the value at {@code token}, as {@code ObjectMapper.readTree} builds it, read to its
   * last token.
   */
  public static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.set(name, read(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(read(parser, t));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default ->
          throw new JsonProcessingException("unexpected " + token, parser.currentLocation()) {
            private static final long serialVersionUID = 1L;
          };
    }
  }

  /** A Java value (maps, lists, strings, numbers, records) as a tree. */
  public static JsonNode tree(Object value) {
    return Mapper.INSTANCE.valueToTree(value);
  }

  /** A tree, or any Java value, as compact JSON text. */
  public static String text(Object value) {
    try {
      return Mapper.INSTANCE.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
    }
  }
}

package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON value kept as its UTF-8 text rather than a tree, until someone reads it: a tape holds most
 * of its bytes this way, each value a slice of the file's bytes (which the tape then keeps, a byte
 * a character instead of a tree's tens), and a replay parses an answer when it gives it. One read
 * with its hash ({@link #readHashed}) also knows its {@link CanonicalJson#hash} and, an object, its
 * members' names: what replay's index needs of a taped request, without a tree. Immutable.
 */
public final class RawJson {

  private final byte[] source; // shared with every other value read from it: never changed
  private final int offset;
  private final int length;
  private final boolean hashed;
  private final int hash;
  private final List<String> names; // an object's, when hashed

  private RawJson(
      byte[] source, int offset, int end, boolean hashed, int hash, List<String> names) {
    this.source = source;
    this.offset = offset;
    this.length = end - offset;
    this.hashed = hashed;
    this.hash = hash;
    this.names = names;
  }

  /**
   * The object or array at the parser's {@code token}, read to its end and kept as its text: a
   * slice of {@code in}, the bytes the parser reads, which must never change. In a POJO node.
   */
  public static JsonNode read(JsonParser parser, JsonToken token, byte[] in) throws IOException {
    int from = start(parser, token);
    parser.skipChildren();
    return node(new RawJson(in, from, end(parser), false, 0, null));
  }

  /** As {@link #read}, knowing its canonical hash and, an object, its members' names. */
  public static JsonNode readHashed(JsonParser parser, JsonToken token, byte[] in)
      throws IOException {
    int from = start(parser, token);
    List<String> names = token == JsonToken.START_OBJECT ? new ArrayList<>(4) : null;
    int hash = CanonicalJson.hash(parser, token, names);
    return node(new RawJson(in, from, end(parser), true, hash, names));
  }

  private static int start(JsonParser parser, JsonToken token) {
    if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("only an object or an array is kept raw, not " + token);
    }
    return (int) parser.currentTokenLocation().getByteOffset();
  }

  private static int end(JsonParser parser) {
    return (int) parser.currentLocation().getByteOffset();
  }

  private static JsonNode node(RawJson raw) {
    return JsonNodeFactory.instance.pojoNode(raw);
  }

  /** Whether its hash is known (it was read with {@link #readHashed}). */
  public boolean hashed() {
    return hashed;
  }

  /** Its {@link CanonicalJson#hash}, when {@link #hashed}. */
  public int hash() {
    if (!hashed) {
      throw new IllegalStateException("read without its hash");
    }
    return hash;
  }

  /** Whether it is an object with a member of this name, when {@link #hashed}. */
  public boolean has(String name) {
    return names != null && names.contains(name);
  }

  /** Whether a tree is {@link CanonicalJson#equal} to this value, read as it is compared. */
  boolean equalTo(JsonNode tree) {
    try (JsonParser parser = Json.parser(source, offset, length)) {
      return CanonicalJson.equal(tree, parser, parser.nextToken());
    } catch (IOException e) {
      throw new IllegalStateException("raw JSON that was read once always parses", e);
    }
  }

  /** The raw value a node holds, or null when it is an ordinary node. */
  public static RawJson in(JsonNode node) {
    return node instanceof POJONode p && p.getPojo() instanceof RawJson raw ? raw : null;
  }

  /** A node as a tree, to read: a raw value parsed (a new tree each time), any other as it is. */
  public static JsonNode tree(JsonNode node) {
    RawJson raw = in(node);
    if (raw == null) {
      return node; // null too
    }
    try {
      return Json.parse(raw.source, raw.offset, raw.length);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("raw JSON that was read once always parses", e);
    }
  }

  /** A node as a tree of the caller's own: a raw value parsed, any other copied (null: null). */
  public static JsonNode copy(JsonNode node) {
    return node == null || in(node) != null ? tree(node) : node.deepCopy();
  }

  @Override
  public String toString() {
    return new String(source, offset, length, java.nio.charset.StandardCharsets.UTF_8);
  }
}

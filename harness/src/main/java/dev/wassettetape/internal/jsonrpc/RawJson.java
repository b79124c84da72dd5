package dev.wassettetape.internal.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.Arrays;

/**
 * A JSON value kept as its compact UTF-8 text rather than a tree, until someone reads it: a tape
 * holds most of its bytes this way (a few bytes a character instead of a tree's tens), and a replay
 * parses an answer when it gives it. Immutable.
 */
public final class RawJson {

  private final byte[] compact;

  private RawJson(byte[] compact) {
    this.compact = compact;
  }

  /** The value in {@code in[from, to)}, without the whitespace between its tokens. */
  static RawJson compact(byte[] in, int from, int to) {
    byte[] out = new byte[to - from];
    int n = 0;
    boolean inString = false;
    for (int k = from; k < to; k++) {
      byte b = in[k];
      if (inString) {
        out[n++] = b;
        if (b == '\\') {
          out[n++] = in[++k]; // the escaped byte, whatever it is
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
        out[n++] = b;
      } else if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        out[n++] = b;
      }
    }
    return new RawJson(Arrays.copyOf(out, n));
  }

  /** The raw value a node holds, or null when it is an ordinary node. */
  public static RawJson in(JsonNode node) {
    return node instanceof POJONode p && p.getPojo() instanceof RawJson raw ? raw : null;
  }

  /** A node as a tree: a raw value parsed (a new tree each time), any other as it is. */
  public static JsonNode tree(JsonNode node) {
    RawJson raw = in(node);
    if (raw == null) {
      return node;
    }
    try {
      return Json.parse(raw.compact);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("raw JSON that was read once always parses", e);
    }
  }

  @Override
  public String toString() {
    return new String(compact, java.nio.charset.StandardCharsets.UTF_8);
  }
}

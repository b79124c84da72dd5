package dev.wassettetape.internal.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalJson#equal} and {@link CanonicalJson#hash} agree with the canonical text, for
 * trees and for values kept as their text ({@link RawJson}, compared and hashed as they are read).
 */
class CanonicalEqualityTest {

  private static JsonNode json(String text) throws Exception {
    return Json.parse(text);
  }

  /** The value kept as its text, as a tape keeps a request's params. */
  private static JsonNode raw(String text) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Json.parse(
        bytes,
        (path, parser, token) -> path.isEmpty() ? RawJson.readHashed(parser, token, bytes) : null);
  }

  private static void same(String a, String b) throws Exception {
    JsonNode x = json(a);
    JsonNode y = json(b);
    assertThat(CanonicalJson.equal(x, raw(b))).as("%s = raw %s", a, b).isTrue();
    assertThat(CanonicalJson.equal(raw(a), y)).as("raw %s = %s", a, b).isTrue();
    assertThat(CanonicalJson.hash(raw(b))).as("hash of raw %s", b).isEqualTo(CanonicalJson.hash(x));
    assertThat(CanonicalJson.of(x))
        .as("the texts of %s and %s", a, b)
        .isEqualTo(CanonicalJson.of(y));
    assertThat(CanonicalJson.equal(x, y)).as("%s = %s", a, b).isTrue();
    assertThat(CanonicalJson.hash(x))
        .as("hash of %s and %s", a, b)
        .isEqualTo(CanonicalJson.hash(y));
  }

  private static void different(String a, String b) throws Exception {
    JsonNode x = json(a);
    JsonNode y = json(b);
    assertThat(CanonicalJson.of(x)).isNotEqualTo(CanonicalJson.of(y));
    assertThat(CanonicalJson.equal(x, y)).as("%s ≠ %s", a, b).isFalse();
    assertThat(CanonicalJson.equal(x, raw(b))).as("%s ≠ raw %s", a, b).isFalse();
    assertThat(CanonicalJson.equal(y, raw(a))).as("%s ≠ raw %s", b, a).isFalse();
  }

  @Test
  void equalWhereTheCanonicalTextsAreEqual() throws Exception {
    same("{\"a\":1,\"b\":[1.0,\"x\"]}", "{\"b\":[1,\"x\"],\"a\":1.00}");
    same("{\"n\":1e2}", "{\"n\":100}");
    same("{\"n\":10000000000000000000}", "{\"n\":1e19}"); // beyond a long
    same("{\"o\":{\"y\":null,\"x\":true}}", "{\"o\":{\"x\":true,\"y\":null}}");
    same("{\"n\":0.5}", "{\"n\":0.50}");
    same("{\"n\":1e400}", "{\"n\":2e999}"); // beyond a double: both infinite, as read
  }

  @Test
  void differentWhereTheyDiffer() throws Exception {
    different("{\"a\":1}", "{\"a\":\"1\"}");
    different("{\"a\":[1,2]}", "{\"a\":[2,1]}");
    different("{\"a\":1}", "{\"a\":1,\"b\":null}");
    different("{\"a\":0.5}", "{\"a\":0.25}");
    different("{\"a\":{\"b\":1}}", "{\"a\":{\"c\":1}}");
    different("{\"a\":[1,2]}", "{\"a\":[1,2,3]}");
    different("{\"a\":1e400}", "{\"a\":-1e400}");
    different("{\"a\":{}}", "{\"a\":[]}");
    different("{\"a\":[{\"b\":[true]}]}", "{\"a\":[{\"b\":[false]}]}");
  }
}

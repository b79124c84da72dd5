package dev.wassettetape.tape;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.internal.jsonrpc.RawJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tape's interactions straight from the parser, most of a tape, into {@link Interaction}s
 * without a tree of each: params and results stay as their text ({@link RawJson}; params with their
 * hash, which replay's index reads), the rest is read as small trees and checked as {@link
 * TapeReader} checks a tape, in the same order and with the same errors. A {@link Json.Hook} for
 * {@code /chapters/NAME/interactions}; the error of a chapter is kept until {@link TapeReader}
 * comes to it, so that a tape's errors are reported in the order it is read (its format first).
 */
final class InteractionReader implements Json.Hook {

  /** A chapter's interactions as read, or what was wrong with them. */
  record Read(List<Interaction> interactions, TapeFormatException error) {}

  private final TapeReader checks;
  private final byte[] in;

  /**
   * @param in the bytes the parser reads
   */
  InteractionReader(TapeReader checks, byte[] in) {
    this.checks = checks;
    this.in = in;
  }

  @Override
  public JsonNode read(List<String> path, JsonParser parser, JsonToken token) throws IOException {
    if (path.size() != 3
        || token != JsonToken.START_ARRAY
        || !"chapters".equals(path.get(0))
        || path.get(1) == null
        || !"interactions".equals(path.get(2))) {
      return null;
    }
    String at = "/chapters" + JsonPointer.empty().appendProperty(path.get(1)) + "/interactions";
    return JsonNodeFactory.instance.pojoNode(interactions(parser, at));
  }

  private Read interactions(JsonParser parser, String at) throws IOException {
    JsonStreamContext array = parser.getParsingContext();
    List<Interaction> list = new ArrayList<>();
    int k = 0;
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      try {
        list.add(interaction(parser, t, at, k++));
      } catch (TapeFormatException e) {
        while (parser.getParsingContext() != array) { // out of the element it was found in
          parser.nextToken();
        }
        for (t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          parser.skipChildren();
        }
        return new Read(null, e);
      }
    }
    return new Read(list, null);
  }

  /**
   * One interaction as {@link TapeWriter#interaction} writes it, the parser at its first token; in
   * errors, at {@code base/k} ({@code base} alone when {@code k} is negative). The pointers are
   * made only for an error: most of the checks are inline for that.
   */
  Interaction interaction(JsonParser parser, JsonToken token, String base, int k)
      throws IOException {
    if (token != JsonToken.START_OBJECT) {
      checks.object(Json.read(parser, token), at(base, k)); // throws
    }
    Part request = null;
    Part notification = null;
    Part response = null;
    JsonNode elapsed = null;
    JsonNode cancelled = null;
    JsonNode events = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "request" -> request = part(parser, value, "method", "params");
        case "notification" -> notification = part(parser, value, "method", "params");
        case "response" -> response = part(parser, value, "error", "result");
        case "elapsedMs" -> elapsed = Json.read(parser, value);
        case "cancelled" -> cancelled = Json.read(parser, value);
        case "events" -> events = Json.read(parser, value);
        default -> parser.skipChildren();
      }
    }
    boolean isNotification = notification != null;
    String key = isNotification ? "notification" : "request";
    Part call = isNotification ? notification : request;
    if (call == null || call.whole != null) {
      String at = at(base, k) + "/" + key;
      if (call == null || call.whole.isNull()) {
        throw checks.missing(at, key);
      }
      checks.object(call.whole, at); // throws
    }
    String method =
        call.plain != null && call.plain.isTextual()
            ? call.plain.asText()
            : checks.textValue(call.plain, at(base, k) + "/" + key + "/method", "method");
    Outcome outcome = null;
    if (response != null) {
      if (response.whole == null && response.plain == null && response.raw != null) {
        outcome = new Outcome(response.raw, null); // a result, as most are
      } else {
        String at = at(base, k) + "/response";
        if (response.whole != null) {
          checks.object(response.whole, at); // throws
        }
        outcome = checks.outcome(response.raw, response.plain, at);
      }
    }
    return new Interaction(
        method,
        call.raw,
        isNotification,
        outcome,
        events == null ? List.of() : checks.events(events, at(base, k) + "/events"),
        cancelled == null ? null : checks.cancelled(cancelled, at(base, k) + "/cancelled"),
        elapsed != null && elapsed.canConvertToLong()
            ? elapsed.asLong()
            : checks.elapsed(elapsed, at(base, k) + "/elapsedMs"));
  }

  private static String at(String base, int k) {
    return k < 0 ? base : base + "/" + k;
  }

  /**
   * An object with two members of interest (the rest skipped), one read as a tree, the other kept
   * raw when it is an object or array; or, when not an object, the whole value, for the error.
   */
  private static final class Part {
    JsonNode whole;
    JsonNode plain;
    JsonNode raw;
  }

  private Part part(JsonParser parser, JsonToken token, String plain, String raw)
      throws IOException {
    Part part = new Part();
    if (token != JsonToken.START_OBJECT) {
      part.whole = Json.read(parser, token);
      return part;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals(plain)) {
        part.plain = Json.read(parser, value);
      } else if (name.equals(raw)) {
        part.raw =
            value != JsonToken.START_OBJECT && value != JsonToken.START_ARRAY
                ? Json.read(parser, value)
                : raw.equals("params") // a request's: its hash is replay's key
                    ? RawJson.readHashed(parser, value, in)
                    : RawJson.read(parser, value, in);
      } else {
        parser.skipChildren();
      }
    }
    return part;
  }
}

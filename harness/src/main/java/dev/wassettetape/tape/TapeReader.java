package dev.wassettetape.tape;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.wassettetape.internal.jsonrpc.Id;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a tape's JSON tree into a {@link Tape}, validating while it reads, so that every error
 * names the file and the JSON Pointer of the problem. A chapter's interactions are in the tree
 * already read ({@link InteractionReader}, while the file was parsed), with the checks here.
 */
final class TapeReader {

  private final Path file;

  TapeReader(Path file) {
    this.file = file;
  }

  Tape tape(JsonNode root) {
    object(root, "");
    String format = text(root, "", "format");
    if (format.equals("wassette-tape/1")) {
      throw TapeFormatException.firstFormat(file);
    }
    if (!Tape.FORMAT.equals(format)) {
      throw new TapeFormatException(
          file,
          "/format",
          "unsupported format '"
              + format
              + "' (this harness reads "
              + Tape.FORMAT
              + "; a newer harness may read it)");
    }
    String name = text(root, "", "name");
    Provenance provenance = provenance(field(root, "", "recorded"));
    JsonNode hs = field(root, "", "handshake");
    object(hs, "/handshake");
    String hsMethod = hs.has("method") ? text(hs, "/handshake", "method") : Handshake.INITIALIZE;
    if (!hsMethod.equals(Handshake.INITIALIZE) && !hsMethod.equals("server/discover")) {
      throw new TapeFormatException(
          file,
          "/handshake/method",
          "expected \"initialize\" or \"server/discover\", was \"" + hsMethod + "\"");
    }
    JsonNode hsRequest = field(hs, "/handshake", "request");
    object(hsRequest, "/handshake/request");
    Outcome hsResponse =
        hs.has("response") ? outcome(hs.get("response"), "/handshake/response") : null;
    List<Event> hsEvents = events(hs.get("events"), "/handshake/events");
    JsonNode list = field(root, "", "chapters");
    object(list, "/chapters");
    Map<String, Chapter> chapters = new LinkedHashMap<>();
    list.properties()
        .forEach(
            e ->
                chapters.put(
                    e.getKey(),
                    chapter(
                        e.getValue(),
                        "/chapters" + JsonPointer.empty().appendProperty(e.getKey()))));
    return new Tape(
        name, provenance, new Handshake(hsMethod, hsRequest, hsResponse, hsEvents), chapters);
  }

  private Provenance provenance(JsonNode rec) {
    object(rec, "/recorded");
    Instant at = instant(rec, "/recorded");
    String with = text(rec, "/recorded", "with");
    JsonNode runtime = field(rec, "/recorded", "runtime");
    object(runtime, "/recorded/runtime");
    List<JsonNode> components = new ArrayList<>();
    JsonNode comps = rec.get("components");
    if (comps != null) {
      array(comps, "/recorded/components");
      comps.forEach(components::add);
    }
    List<String> redacted = new ArrayList<>();
    JsonNode red = rec.get("redacted");
    if (red != null) {
      array(red, "/recorded/redacted");
      for (int k = 0; k < red.size(); k++) {
        if (!red.get(k).isTextual()) {
          throw new TapeFormatException(
              file, "/recorded/redacted/" + k, "expected a string, found " + kind(red.get(k)));
        }
        redacted.add(red.get(k).asText());
      }
    }
    return new Provenance(at, with, runtime, components, redacted);
  }

  private Chapter chapter(JsonNode node, String at) {
    object(node, at);
    JsonNode rec = field(node, at, "recorded");
    object(rec, at + "/recorded");
    String with = rec.has("with") ? text(rec, at + "/recorded", "with") : null;
    JsonNode runtime = rec.get("runtime");
    if (runtime != null) {
      object(runtime, at + "/recorded/runtime");
    }
    JsonNode list = field(node, at, "interactions");
    if (!(list instanceof POJONode pojo && pojo.getPojo() instanceof InteractionReader.Read read)) {
      array(list, at + "/interactions"); // throws: an array is read as it is parsed
      throw new IllegalStateException("interactions not read by the interaction reader");
    }
    if (read.error() != null) {
      throw read.error();
    }
    return new Chapter(instant(rec, at + "/recorded"), with, runtime, read.interactions());
  }

  /** Whole milliseconds, 0 when absent. */
  long elapsed(JsonNode node, String at) {
    if (node == null) {
      return 0;
    }
    if (!node.canConvertToLong()) {
      throw new TapeFormatException(file, at, "expected a whole number, found " + kind(node));
    }
    return node.asLong();
  }

  /** Why a request was cancelled (empty: no reason given), or null when it was not. */
  String cancelled(JsonNode node, String at) {
    if (node == null) {
      return null;
    }
    object(node, at);
    return node.has("reason") ? text(node, at, "reason") : "";
  }

  List<Event> events(JsonNode node, String at) {
    List<Event> events = new ArrayList<>();
    if (node == null) {
      return events;
    }
    array(node, at);
    for (int k = 0; k < node.size(); k++) {
      String here = at + "/" + k;
      JsonNode e = node.get(k);
      object(e, here);
      String when = text(e, here, "at");
      if (!when.equals("before-response") && !when.equals("after-response")) {
        throw new TapeFormatException(
            file,
            here + "/at",
            "expected \"before-response\" or \"after-response\", found \"" + when + "\"");
      }
      boolean request = e.has("request");
      String key = request ? "request" : "notification";
      JsonNode message = field(e, here, key);
      object(message, here + "/" + key);
      Id id = null;
      if (request) {
        JsonNode idNode = field(message, here + "/request", "id");
        if (!idNode.isTextual() && !idNode.isIntegralNumber()) {
          throw new TapeFormatException(
              file,
              here + "/request/id",
              "expected a string or a whole number, found " + kind(idNode));
        }
        id = new Id(idNode);
      }
      String method = text(message, here + "/" + key, "method");
      Outcome answer = e.has("response") ? outcome(e.get("response"), here + "/response") : null;
      events.add(
          new Event(when.equals("after-response"), id, method, message.get("params"), answer));
    }
    return events;
  }

  private Outcome outcome(JsonNode node, String at) {
    object(node, at);
    return outcome(node.get("result"), node.get("error"), at);
  }

  /** An outcome of its members (null: absent). */
  Outcome outcome(JsonNode result, JsonNode error, String at) {
    if ((result == null) == (error == null)) {
      throw new TapeFormatException(file, at, "expected exactly one of \"result\" or \"error\"");
    }
    if (error != null) {
      object(error, at + "/error");
    }
    return new Outcome(result, error);
  }

  private Instant instant(JsonNode node, String at) {
    try {
      return Instants.parse(text(node, at, "at"));
    } catch (DateTimeParseException e) {
      throw new TapeFormatException(
          file, at + "/at", "expected an ISO-8601 instant such as 2026-11-25T10:15:02Z");
    }
  }

  private JsonNode field(JsonNode node, String at, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw missing(at + "/" + name, name);
    }
    return value;
  }

  TapeFormatException missing(String at, String name) {
    return new TapeFormatException(file, at, "missing required field \"" + name + "\"");
  }

  private String text(JsonNode node, String at, String name) {
    return textValue(node.get(name), at + "/" + name, name);
  }

  /** The text of a member {@code name} that {@code at} points at (null: absent). */
  String textValue(JsonNode value, String at, String name) {
    if (value == null || value.isNull()) {
      throw missing(at, name);
    }
    if (!value.isTextual()) {
      throw new TapeFormatException(file, at, "expected a string, found " + kind(value));
    }
    return value.asText();
  }

  void object(JsonNode node, String at) {
    if (!node.isObject()) {
      throw new TapeFormatException(file, at, "expected an object, found " + kind(node));
    }
  }

  private void array(JsonNode node, String at) {
    if (!node.isArray()) {
      throw new TapeFormatException(file, at, "expected an array, found " + kind(node));
    }
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }
}

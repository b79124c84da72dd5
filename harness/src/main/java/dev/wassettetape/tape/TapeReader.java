package dev.wassettetape.tape;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
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
 * names the file and the JSON Pointer of the problem.
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
    array(list, at + "/interactions");
    List<Interaction> interactions = new ArrayList<>();
    for (int k = 0; k < list.size(); k++) {
      interactions.add(interaction(list.get(k), at + "/interactions/" + k));
    }
    return new Chapter(instant(rec, at + "/recorded"), with, runtime, interactions);
  }

  Interaction interaction(JsonNode node, String at) {
    object(node, at);
    boolean notification = node.has("notification");
    String key = notification ? "notification" : "request";
    JsonNode call = field(node, at, key);
    object(call, at + "/" + key);
    String method = text(call, at + "/" + key, "method");
    Outcome response =
        node.has("response") ? outcome(node.get("response"), at + "/response") : null;
    long elapsed = 0;
    if (node.has("elapsedMs")) {
      if (!node.get("elapsedMs").canConvertToLong()) {
        throw new TapeFormatException(
            file,
            at + "/elapsedMs",
            "expected a whole number, found " + kind(node.get("elapsedMs")));
      }
      elapsed = node.get("elapsedMs").asLong();
    }
    String cancelled = null;
    if (node.has("cancelled")) {
      JsonNode c = node.get("cancelled");
      object(c, at + "/cancelled");
      cancelled = c.has("reason") ? text(c, at + "/cancelled", "reason") : "";
    }
    return new Interaction(
        method,
        call.get("params"),
        notification,
        response,
        events(node.get("events"), at + "/events"),
        cancelled,
        elapsed);
  }

  private List<Event> events(JsonNode node, String at) {
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
    boolean result = node.has("result");
    boolean error = node.has("error");
    if (result == error) {
      throw new TapeFormatException(file, at, "expected exactly one of \"result\" or \"error\"");
    }
    if (error) {
      object(node.get("error"), at + "/error");
    }
    return new Outcome(node.get("result"), node.get("error"));
  }

  private Instant instant(JsonNode node, String at) {
    try {
      return Instant.parse(text(node, at, "at"));
    } catch (DateTimeParseException e) {
      throw new TapeFormatException(
          file, at + "/at", "expected an ISO-8601 instant such as 2026-11-25T10:15:02Z");
    }
  }

  private JsonNode field(JsonNode node, String at, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new TapeFormatException(
          file, at + "/" + name, "missing required field \"" + name + "\"");
    }
    return value;
  }

  private String text(JsonNode node, String at, String name) {
    JsonNode value = field(node, at, name);
    if (!value.isTextual()) {
      throw new TapeFormatException(
          file, at + "/" + name, "expected a string, found " + kind(value));
    }
    return value.asText();
  }

  private void object(JsonNode node, String at) {
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

package dev.wassettetape.tape;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.jsonrpc.Id;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes tapes as JSON files: pretty-printed with two spaces, LF line endings, a final
 * newline, and a fixed key order, so that a re-recorded tape diffs only where behaviour changed.
 * Writes are atomic (a temporary file in the same directory, then a rename): a crash never leaves
 * half a tape. The reader refuses unknown format versions and malformed files with the file and the
 * JSON location.
 */
public final class TapeFile {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter WRITER = MAPPER.writer(new TapePrinter());

  /**
   * Jackson's pretty printer, with {@code "key": value}, LF, and {@code []}/{@code {}} when empty.
   */
  private static final class TapePrinter extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    TapePrinter() {
      super(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
      _objectIndenter = new DefaultIndenter("  ", "\n");
      _arrayIndenter = new DefaultIndenter("  ", "\n");
    }

    @Override
    public TapePrinter createInstance() {
      return new TapePrinter();
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      _nesting--;
      if (entries > 0) {
        _objectIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw('}');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      _nesting--;
      if (values > 0) {
        _arrayIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw(']');
    }
  }

  private TapeFile() {}

  /** Reads a tape. */
  public static Tape read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new TapeNotFoundException(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read tape " + file, e);
    }
    return parse(file, text);
  }

  /** Parses tape text; {@code file} names it in errors. */
  public static Tape parse(Path file, String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new TapeFormatException(
          file, "", where + "malformed JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || root.isMissingNode()) {
      throw new TapeFormatException(file, "", "the file is empty");
    }
    return new Reader(file).tape(root);
  }

  /** Writes a tape atomically. */
  public static void write(Path file, Tape tape) {
    writeAtomically(file, toText(tape));
  }

  /** The tape as the exact text {@link #write} puts in the file. */
  public static String toText(Tape tape) {
    return pretty(toJson(tape));
  }

  /** Pretty-prints JSON the way tapes are printed. */
  public static String pretty(JsonNode json) {
    try {
      return WRITER.writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  static void writeAtomically(Path file, String text) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        // createTempFile makes the file private; a tape is source, readable like any other
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // the platform's default is fine
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write tape " + file, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // nothing more to do
        }
      }
    }
  }

  // ---- writing -----------------------------------------------------------------------------

  /** The tape as JSON, keys in their documented order. */
  public static ObjectNode toJson(Tape tape) {
    ObjectNode root = NODES.objectNode();
    root.put("format", Tape.FORMAT);
    root.put("name", tape.name());
    ObjectNode recorded = root.putObject("recorded");
    Provenance p = tape.recorded();
    recorded.put("at", p.at().toString());
    recorded.put("with", p.with());
    recorded.set("runtime", p.runtime());
    recorded.putArray("components").addAll(p.components());
    ArrayNode redacted = recorded.putArray("redacted");
    p.redacted().forEach(redacted::add);
    ObjectNode handshake = root.putObject("handshake");
    handshake.set("request", tape.handshake().request());
    if (tape.handshake().response() != null) {
      handshake.set("response", outcome(tape.handshake().response()));
    }
    handshake.set("events", events(tape.handshake().events()));
    ArrayNode interactions = root.putArray("interactions");
    for (Interaction i : tape.interactions()) {
      interactions.add(interaction(i));
    }
    return root;
  }

  /** One interaction as JSON (also what diffs and reports show). */
  public static ObjectNode interaction(Interaction i) {
    ObjectNode node = NODES.objectNode();
    ObjectNode call = node.putObject(i.notification() ? "notification" : "request");
    call.put("method", i.method());
    if (i.params() != null) {
      call.set("params", i.params());
    }
    if (i.response() != null) {
      node.set("response", outcome(i.response()));
    }
    if (!i.events().isEmpty()) {
      node.set("events", events(i.events()));
    }
    if (!i.notification()) {
      node.put("elapsedMs", i.elapsedMs());
    }
    return node;
  }

  static ObjectNode outcome(Outcome outcome) {
    ObjectNode node = NODES.objectNode();
    if (outcome.isError()) {
      node.set("error", outcome.error());
    } else {
      node.set("result", outcome.result());
    }
    return node;
  }

  static ArrayNode events(List<Event> events) {
    ArrayNode array = NODES.arrayNode();
    for (Event e : events) {
      ObjectNode node = array.addObject();
      node.put("at", e.afterResponse() ? "after-response" : "before-response");
      ObjectNode message = node.putObject(e.isRequest() ? "request" : "notification");
      if (e.isRequest()) {
        message.set("id", e.id().value());
      }
      message.put("method", e.method());
      if (e.params() != null) {
        message.set("params", e.params());
      }
      if (e.answer() != null) {
        node.set("response", outcome(e.answer()));
      }
    }
    return array;
  }

  // ---- reading -----------------------------------------------------------------------------

  /** Validates while it reads, so every error has a JSON Pointer. */
  private record Reader(Path file) {

    Tape tape(JsonNode root) {
      object(root, "");
      String format = text(root, "", "format");
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
      JsonNode rec = field(root, "", "recorded");
      object(rec, "/recorded");
      Instant at;
      try {
        at = Instant.parse(text(rec, "/recorded", "at"));
      } catch (DateTimeParseException e) {
        throw new TapeFormatException(
            file, "/recorded/at", "expected an ISO-8601 instant such as 2026-11-25T10:15:02Z");
      }
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
      JsonNode hs = field(root, "", "handshake");
      object(hs, "/handshake");
      JsonNode hsRequest = field(hs, "/handshake", "request");
      object(hsRequest, "/handshake/request");
      Outcome hsResponse =
          hs.has("response") ? outcome(hs.get("response"), "/handshake/response") : null;
      List<Event> hsEvents = events(hs.get("events"), "/handshake/events");
      JsonNode list = field(root, "", "interactions");
      array(list, "/interactions");
      List<Interaction> interactions = new ArrayList<>();
      for (int k = 0; k < list.size(); k++) {
        interactions.add(interaction(list.get(k), "/interactions/" + k));
      }
      return new Tape(
          name,
          new Provenance(at, with, runtime, components, redacted),
          new Handshake(hsRequest, hsResponse, hsEvents),
          interactions);
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
      return new Interaction(
          method,
          call.get("params"),
          notification,
          response,
          events(node.get("events"), at + "/events"),
          elapsed);
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

    Outcome outcome(JsonNode node, String at) {
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

    JsonNode field(JsonNode node, String at, String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw new TapeFormatException(
            file, at + "/" + name, "missing required field \"" + name + "\"");
      }
      return value;
    }

    String text(JsonNode node, String at, String name) {
      JsonNode value = field(node, at, name);
      if (!value.isTextual()) {
        throw new TapeFormatException(
            file, at + "/" + name, "expected a string, found " + kind(value));
      }
      return value.asText();
    }

    void object(JsonNode node, String at) {
      if (!node.isObject()) {
        throw new TapeFormatException(file, at, "expected an object, found " + kind(node));
      }
    }

    void array(JsonNode node, String at) {
      if (!node.isArray()) {
        throw new TapeFormatException(file, at, "expected an array, found " + kind(node));
      }
    }

    static String kind(JsonNode node) {
      return switch (node.getNodeType()) {
        case ARRAY -> "an array";
        case OBJECT -> "an object";
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
        default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }
}

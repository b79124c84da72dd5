package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A tape as a JSON tree, keys in their documented order (docs/tape-format.md): what {@link
 * TapeFile} prints, and what diffs and reports show of an interaction.
 */
public final class TapeWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TapeWriter() {}

  /** The whole tape. */
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
    root.set("handshake", handshake(tape.handshake()));
    ObjectNode chapters = root.putObject("chapters");
    tape.chapters().forEach((key, chapter) -> chapters.set(key, chapter(chapter)));
    return root;
  }

  /** The handshake: {@code request}, {@code response}, {@code events}. */
  public static ObjectNode handshake(Handshake handshake) {
    ObjectNode node = NODES.objectNode();
    if (handshake.stateless()) {
      node.put("method", handshake.method());
    }
    node.set("request", handshake.request());
    if (handshake.response() != null) {
      node.set("response", outcome(handshake.response()));
    }
    node.set("events", events(handshake.events()));
    return node;
  }

  static ObjectNode chapter(Chapter chapter) {
    ObjectNode node = NODES.objectNode();
    ObjectNode recorded = node.putObject("recorded");
    recorded.put("at", chapter.at().toString());
    if (chapter.with() != null) {
      recorded.put("with", chapter.with());
    }
    if (chapter.runtime() != null) {
      recorded.set("runtime", chapter.runtime());
    }
    ArrayNode interactions = node.putArray("interactions");
    chapter.interactions().forEach(i -> interactions.add(interaction(i)));
    return node;
  }

  /** One interaction (also what diffs and reports show). */
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
    if (i.isCancelled()) {
      ObjectNode cancelled = node.putObject("cancelled");
      if (!i.cancelled().isEmpty()) {
        cancelled.put("reason", i.cancelled());
      }
    }
    if (!i.notification()) {
      node.put("elapsedMs", i.elapsedMs());
    }
    return node;
  }

  public static ObjectNode outcome(Outcome outcome) {
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
}

package dev.wassettetape.tape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.ChoppedInput;
import dev.wassettetape.internal.transport.Frame;
import dev.wassettetape.internal.transport.MessageReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated messages (random JSON with awkward strings: newlines, quotes, multi-byte and astral
 * characters, control characters) through the framing and through the tape format: nothing is lost,
 * nothing crashes. Seeded, so a failure names the seed that reproduces it.
 */
class GeneratedRoundTripTest {

  static final int CASES = 300;
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String[] PIECES = {
    "a",
    "Z",
    " ",
    "\n",
    "\r\n",
    "\"",
    "\\",
    "°",
    "東京",
    "🌧",
    "\u0000",
    "\t",
    "{",
    "]",
    "<redacted:X>",
    "é"
  };

  static String text(Random r) {
    StringBuilder b = new StringBuilder();
    for (int k = r.nextInt(12); k > 0; k--) {
      b.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return b.toString();
  }

  static JsonNode json(Random r, int depth) {
    int kind = depth > 3 ? r.nextInt(4) : r.nextInt(6);
    switch (kind) {
      case 0:
        return NODES.textNode(text(r));
      case 1:
        return NODES.numberNode(r.nextInt(2) == 0 ? r.nextLong() : r.nextInt(1000) / 8.0);
      case 2:
        return NODES.booleanNode(r.nextBoolean());
      case 3:
        return NODES.nullNode();
      case 4:
        {
          ArrayNode a = NODES.arrayNode();
          for (int k = r.nextInt(4); k > 0; k--) {
            a.add(json(r, depth + 1));
          }
          return a;
        }
      default:
        {
          ObjectNode o = NODES.objectNode();
          for (int k = r.nextInt(4); k > 0; k--) {
            o.set(text(r) + k, json(r, depth + 1));
          }
          return o;
        }
    }
  }

  static JsonRpcMessage message(Random r) {
    Id id = r.nextBoolean() ? Id.of(r.nextInt(1_000_000)) : Id.of(text(r));
    ObjectNode params = (ObjectNode) NODES.objectNode().set("p", json(r, 0));
    return switch (r.nextInt(4)) {
      case 0 -> Request.of(id, "m/" + text(r), params);
      case 1 -> Notification.of("n/" + text(r), params);
      case 2 -> Response.success(id, json(r, 0));
      default -> Response.error(id, -r.nextInt(40000), text(r), json(r, 0));
    };
  }

  @Test
  void messagesSurviveTheFramingInAnyChunking() throws IOException {
    for (int seed = 0; seed < CASES; seed++) {
      Random r = new Random(seed);
      List<JsonRpcMessage> sent = new ArrayList<>();
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      for (int k = 1 + r.nextInt(5); k > 0; k--) {
        JsonRpcMessage m = message(r);
        sent.add(m);
        wire.write(
            (m.toLine() + (r.nextBoolean() ? "\n" : "\r\n")).getBytes(StandardCharsets.UTF_8));
      }
      MessageReader reader =
          new MessageReader(new ChoppedInput(wire.toByteArray(), () -> 1 + r.nextInt(7)), 1 << 20);
      List<JsonRpcMessage> received = new ArrayList<>();
      for (Frame f; (f = reader.next()) != null; ) {
        assertThat(f).as("seed %d", seed).isInstanceOf(Frame.Message.class);
        received.add(((Frame.Message) f).message());
      }
      assertThat(received).as("seed %d", seed).isEqualTo(sent);
    }
  }

  @Test
  void tapesSurviveWritingAndReading() {
    for (int seed = 0; seed < CASES; seed++) {
      Random r = new Random(seed);
      Map<String, Chapter> chapters = new HashMap<>();
      for (int c = r.nextInt(4); c > 0; c--) {
        chapters.put(
            text(r) + c, // keys with awkward characters: / ~ " newlines
            new Chapter(
                Instant.ofEpochSecond(r.nextInt(2_000_000_000)),
                r.nextBoolean() ? null : "wassette-tape " + text(r),
                r.nextBoolean() ? null : NODES.objectNode().put("name", text(r)),
                interactions(r)));
      }
      Tape tape =
          new Tape(
              "t" + seed,
              new Provenance(
                  Instant.ofEpochSecond(r.nextInt(2_000_000_000)),
                  "wassette-tape test",
                  NODES.objectNode().put("name", "x"),
                  List.of(),
                  List.of()),
              new Handshake(
                  NODES.objectNode().set("x", json(r, 0)),
                  new Outcome(json(r, 0), null),
                  List.of()),
              chapters);

      String text = TapeFile.toText(tape);
      Tape back = TapeFile.parse(Path.of("t.json"), text);

      assertThat(
              dev.wassettetape.internal.diff.JsonDiff.diff(
                  TapeWriter.toJson(tape), TapeWriter.toJson(back)))
          .as("seed %d", seed)
          .isEmpty();
      assertThat(TapeFile.toText(back)).as("seed %d", seed).isEqualTo(text);
      assertThat(TapeSchema.violations(text)).as("seed %d", seed).isEmpty();
    }
  }

  static List<Interaction> interactions(Random r) {
    List<Interaction> interactions = new ArrayList<>();
    for (int k = r.nextInt(5); k > 0; k--) {
      List<Event> events = new ArrayList<>();
      for (int e = r.nextInt(3); e > 0; e--) {
        events.add(
            r.nextBoolean()
                ? new Event(r.nextBoolean(), null, "n/" + text(r), json(r, 0), null)
                : new Event(
                    r.nextBoolean(),
                    Id.of(r.nextInt(100)),
                    "r/" + text(r),
                    json(r, 0),
                    new Outcome(json(r, 0), null)));
      }
      boolean notification = r.nextInt(5) == 0;
      Outcome outcome =
          notification
              ? null
              : r.nextBoolean()
                  ? new Outcome(json(r, 0), null)
                  : new Outcome(null, NODES.objectNode().put("code", -1).put("message", text(r)));
      interactions.add(
          new Interaction(
              "m/" + text(r),
              r.nextBoolean() ? json(r, 0) : null,
              notification,
              outcome,
              events,
              r.nextInt(1000)));
    }
    return interactions;
  }
}

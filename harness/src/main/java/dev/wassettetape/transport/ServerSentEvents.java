package dev.wassettetape.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads a {@code text/event-stream} body (the WHATWG server-sent events format, as MCP uses it):
 * each event's {@code data:} lines, joined, are one message; an event without data (a priming
 * event) is none; {@code id:} is kept for resuming the stream; {@code retry:}, {@code event:} and
 * comments say nothing a session needs.
 */
final class ServerSentEvents {

  private ServerSentEvents() {}

  /**
   * Hands each event's data to {@code message}, in order, until the stream ends.
   *
   * @return the id of the last event that had one; null when none did
   */
  static String read(Stream<String> lines, Consumer<String> message) {
    List<String> data = new ArrayList<>();
    String[] lastId = {null};
    lines.forEach(
        line -> {
          if (line.isEmpty()) {
            String event = String.join("\n", data).trim();
            data.clear();
            if (!event.isEmpty()) {
              message.accept(event);
            }
          } else if (line.startsWith("data:")) {
            data.add(line.substring(line.startsWith("data: ") ? 6 : 5));
          } else if (line.startsWith("id:")) {
            lastId[0] = line.substring(3).trim();
          }
        });
    String last = String.join("\n", data).trim();
    if (!last.isEmpty()) {
      message.accept(last);
    }
    return lastId[0];
  }
}

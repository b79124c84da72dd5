package dev.wassettetape.internal.transport;

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
   * Hands each event's data to {@code message} and each event id to {@code id}, in order, until the
   * stream ends (or breaks: the ids seen so far are known then too).
   */
  static void read(Stream<String> lines, Consumer<String> message, Consumer<String> id) {
    List<String> data = new ArrayList<>();
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
            id.accept(line.substring(3).trim());
          }
        });
    String last = String.join("\n", data).trim();
    if (!last.isEmpty()) {
      message.accept(last);
    }
  }
}

package dev.wassettetape.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something on a JSON-RPC stream that is not a message: reported, never a crash. Wassette, for one,
 * lets a component's {@code console.log} into its stdout.
 *
 * @param kind what was wrong
 * @param detail what the parser said
 * @param excerpt the offending text, truncated
 * @param json the JSON of a line that parsed but is no JSON-RPC message (a batch is an array); null
 *     for a line that is not JSON
 */
public record ProtocolProblem(Kind kind, String detail, String excerpt, JsonNode json) {

  public ProtocolProblem(Kind kind, String detail, String excerpt) {
    this(kind, detail, excerpt, null);
  }

  public enum Kind {
    /** A line that does not parse as JSON. */
    NOT_JSON,
    /** JSON that is not a JSON-RPC 2.0 message. */
    NOT_JSON_RPC,
    /** A line longer than the configured maximum; it was skipped. */
    OVERSIZE_LINE,
    /** A line that is not valid UTF-8. */
    INVALID_UTF8
  }

  @Override
  public String toString() {
    return kind + " (" + detail + "): " + excerpt;
  }
}

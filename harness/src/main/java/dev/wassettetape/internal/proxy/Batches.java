package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.MalformedMessageException;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.ProtocolProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A client's JSON-RPC batch: taken apart and answered as one batch where the session's protocol has
 * batches (up to {@value #LAST_WITH_BATCHES}), refused with {@code -32600} where later protocols
 * removed them (and before the handshake, which a batch may not carry).
 */
final class Batches {

  /** The last MCP protocol version with JSON-RPC batches; {@code 2025-06-18} removed them. */
  static final String LAST_WITH_BATCHES = "2025-03-26";

  private Batches() {}

  /**
   * The batch's messages to dispatch one by one, its client set up to collect their answers (and
   * those of its invalid elements) into one batch; none when it is refused (and answered) here.
   *
   * @param version the session's protocol version; null before the handshake
   */
  static List<JsonRpcMessage> take(
      ArrayNode batch, String version, Connection client, List<ProtocolProblem> problems) {
    if (batch.isEmpty() || version == null || version.compareTo(LAST_WITH_BATCHES) > 0) {
      problems.add(
          new ProtocolProblem(
              ProtocolProblem.Kind.NOT_JSON_RPC, "a batch refused", batch.toString(), batch));
      client.send(
          Response.errorWithoutId(
              Response.INVALID_REQUEST,
              batch.isEmpty()
                  ? "wassette-tape: an empty JSON-RPC batch"
                  : "wassette-tape: JSON-RPC batches are not part of "
                      + (version == null ? "an MCP session before initialize" : "MCP " + version)
                      + "; send each message on a line of its own"));
      return List.of();
    }
    List<JsonRpcMessage> messages = new ArrayList<>();
    List<JsonRpcMessage> answered = new ArrayList<>();
    Set<Id> requests = new HashSet<>();
    for (JsonNode element : batch) {
      try {
        JsonRpcMessage message = JsonRpcMessage.parse(element.toString());
        messages.add(message);
        if (message instanceof Request r) {
          requests.add(r.id());
        }
      } catch (MalformedMessageException e) {
        Response answer =
            Malformed.answerTo(
                new ProtocolProblem(
                    ProtocolProblem.Kind.NOT_JSON_RPC, e.getMessage(), e.excerpt(), element));
        if (answer != null) {
          answered.add(answer);
        }
      }
    }
    client.expectBatch(requests, answered);
    return messages;
  }
}

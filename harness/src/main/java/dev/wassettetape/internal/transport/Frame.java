package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;

/**
 * What a {@link LineReader} or {@link MessageReader} produces: a unit of good input, or a problem.
 */
public sealed interface Frame {

  /** One non-empty line of text, without its line ending. */
  record Line(String text) implements Frame {}

  /** One JSON-RPC message. */
  record Message(JsonRpcMessage message) implements Frame {}

  /** Input that could not be used, with what was wrong with it. */
  record Problem(ProtocolProblem problem) implements Frame {}
}

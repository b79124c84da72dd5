package dev.wassettetape.internal.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.MalformedMessageException;
import java.io.IOException;
import java.io.InputStream;

/** Reads JSON-RPC messages from newline-delimited JSON; bad lines become problems. */
public final class MessageReader {

  private final LineReader lines;

  public MessageReader(InputStream in, int maxLineBytes) {
    this.lines = new LineReader(in, maxLineBytes);
  }

  /** The next message or problem; {@code null} at the end of the stream. */
  public Frame next() throws IOException {
    Frame frame = lines.next();
    if (!(frame instanceof Frame.Line line)) {
      return frame;
    }
    try {
      return new Frame.Message(JsonRpcMessage.parse(line.text()));
    } catch (MalformedMessageException e) {
      ProtocolProblem.Kind kind =
          e.getMessage().startsWith("not JSON:")
              ? ProtocolProblem.Kind.NOT_JSON
              : ProtocolProblem.Kind.NOT_JSON_RPC;
      String detail =
          e.getMessage().substring(0, e.getMessage().length() - e.excerpt().length() - 2);
      JsonNode json = null;
      if (kind == ProtocolProblem.Kind.NOT_JSON_RPC) {
        try {
          json = Json.parse(line.text()); // it parsed once already
        } catch (JsonProcessingException impossible) {
          // then it stays a problem without JSON
        }
      }
      return new Frame.Problem(new ProtocolProblem(kind, detail, e.excerpt(), json));
    }
  }
}

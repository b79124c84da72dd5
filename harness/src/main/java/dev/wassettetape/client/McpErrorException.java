package dev.wassettetape.client;

import com.fasterxml.jackson.databind.JsonNode;

/** The server answered with a JSON-RPC error. */
public final class McpErrorException extends McpException {

  private static final long serialVersionUID = 1L;

  private final transient JsonNode error;

  public McpErrorException(JsonNode error) {
    super("JSON-RPC error " + error.path("code").asInt() + ": " + error.path("message").asText());
    this.error = error;
  }

  public int code() {
    return error.path("code").asInt();
  }

  /** The whole {@code error} object. */
  public JsonNode error() {
    return error.deepCopy();
  }
}

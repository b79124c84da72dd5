package dev.wassettetape.client;

/** Something went wrong in an MCP session. */
public class McpException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public McpException(String message) {
    super(message);
  }
}

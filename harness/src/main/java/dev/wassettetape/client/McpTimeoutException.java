package dev.wassettetape.client;

/**
 * No answer within the timeout: the server may be hung, or may have dropped the session silently.
 */
public final class McpTimeoutException extends McpException {

  private static final long serialVersionUID = 1L;

  public McpTimeoutException(String message) {
    super(message);
  }
}

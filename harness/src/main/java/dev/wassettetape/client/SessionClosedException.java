package dev.wassettetape.client;

/**
 * The server ended the session (EOF, crash) or could not be written to; the message carries its
 * diagnostics.
 */
public final class SessionClosedException extends McpException {

  private static final long serialVersionUID = 1L;

  public SessionClosedException(String message) {
    super(message);
  }
}

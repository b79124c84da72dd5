package dev.wassettetape.internal.jsonrpc;

/** A line that is not a JSON-RPC 2.0 message. Carries the offending text, truncated. */
public final class MalformedMessageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String excerpt;

  public MalformedMessageException(String reason, String text) {
    super(reason + ": " + Excerpt.of(text));
    this.excerpt = Excerpt.of(text);
  }

  /** The offending text, truncated to a readable length. */
  public String excerpt() {
    return excerpt;
  }
}

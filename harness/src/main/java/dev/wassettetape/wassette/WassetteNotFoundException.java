package dev.wassettetape.wassette;

/** No usable Wassette binary: the message says where we looked and how to install it. */
public final class WassetteNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WassetteNotFoundException(String message) {
    super(message);
  }
}

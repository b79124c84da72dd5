package dev.wassettetape.wassette;

/** Wassette failed to load a component or to start; the message carries its stderr. */
public final class WassetteException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WassetteException(String message) {
    super(message);
  }
}

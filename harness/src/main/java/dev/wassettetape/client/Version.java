package dev.wassettetape.client;

/** The harness's own version, as recorded in handshakes and tapes. */
public final class Version {

  public static final String HARNESS = "0.1.0";

  private Version() {}
}

package dev.wassettetape.tape;

import java.util.List;
import java.util.Objects;

/**
 * A recorded MCP session: who recorded what ({@link Provenance}), the {@code initialize} handshake,
 * and the interactions in the order the client started them. Immutable. Read and write it with
 * {@link TapeFile}; the format is in docs/tape-format.md.
 */
public record Tape(
    String name, Provenance recorded, Handshake handshake, List<Interaction> interactions) {

  /** The format identifier written into every tape; the reader refuses any other. */
  public static final String FORMAT = "wassette-tape/1";

  public Tape {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(handshake, "handshake");
    interactions = List.copyOf(interactions);
  }

  public Tape withProvenance(Provenance recorded) {
    return new Tape(name, recorded, handshake, interactions);
  }
}

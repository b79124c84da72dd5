package dev.wassettetape.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.tape.Interaction;
import java.util.function.Function;

/**
 * A taped interaction's params as the tape keeps them: read from a file, their text with its
 * canonical hash ({@code RawJson}), which replay's index reads instead of parsing 100,000 params.
 * Not in the public API ({@link Interaction#params()} gives a copy to change at will): {@link
 * Interaction} grants the access when its class is initialised, before any interaction exists.
 */
public final class TapedParams {

  private static volatile Function<Interaction, JsonNode> access;

  private TapedParams() {}

  /** Called once, by {@link Interaction}. */
  public static void grant(Function<Interaction, JsonNode> reader) {
    if (access != null) {
      throw new IllegalStateException("already granted");
    }
    access = reader;
  }

  /** The params as kept: read them, never change them. */
  static JsonNode of(Interaction interaction) {
    return access.apply(interaction);
  }
}

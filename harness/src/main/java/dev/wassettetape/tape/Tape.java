package dev.wassettetape.tape;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A recorded MCP session: who recorded it ({@link Provenance}), the {@code initialize} handshake
 * every test shares, and one {@link Chapter} per test that talked to the server, keyed by the test
 * and kept in {@linkplain Chapter#ORDER a stable order}. Immutable. Read and write it with {@link
 * TapeFile}; the format is in docs/tape-format.md.
 */
public record Tape(
    String name, Provenance recorded, Handshake handshake, Map<String, Chapter> chapters) {

  /** The format identifier written into every tape; the reader refuses any other. */
  public static final String FORMAT = "wassette-tape/2";

  public Tape {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(handshake, "handshake");
    TreeMap<String, Chapter> sorted = new TreeMap<>(Chapter.ORDER);
    sorted.putAll(chapters);
    chapters = Collections.unmodifiableMap(sorted);
  }

  public Optional<Chapter> chapter(String key) {
    return Optional.ofNullable(chapters.get(key));
  }

  public Tape withProvenance(Provenance recorded) {
    return new Tape(name, recorded, handshake, chapters);
  }

  /**
   * This tape re-recorded in part: a new header ({@code recorded}, {@code handshake}), the given
   * chapters put in (replacing those with the same key), the {@code removed} ones taken out, every
   * other chapter kept exactly. A kept chapter recorded by another harness or runtime than the new
   * header names its own, so no provenance is lost.
   */
  public Tape rewrite(
      Provenance recorded,
      Handshake handshake,
      Map<String, Chapter> replaced,
      Set<String> removed) {
    Map<String, Chapter> all = new TreeMap<>(Chapter.ORDER);
    chapters.forEach(
        (key, chapter) -> {
          if (!removed.contains(key) && !replaced.containsKey(key)) {
            all.put(key, chapter.under(this.recorded, recorded));
          }
        });
    all.putAll(replaced);
    Set<String> redacted = new HashSet<>(this.recorded.redacted());
    redacted.addAll(recorded.redacted());
    Provenance header =
        new Provenance(
            recorded.at(),
            recorded.with(),
            recorded.runtime(),
            recorded.components(),
            redacted.stream().sorted().toList());
    return new Tape(name, header, handshake, all);
  }

  /** Every interaction, chapter after chapter in tape order. */
  public List<Interaction> interactions() {
    return chapters.values().stream().flatMap(c -> c.interactions().stream()).toList();
  }
}

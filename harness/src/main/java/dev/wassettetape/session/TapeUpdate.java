package dev.wassettetape.session;

import dev.wassettetape.internal.verify.Verifier;
import dev.wassettetape.internal.verify.VerifyReport;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a finished session writes: the re-recorded tape, where only the chapters it recorded change
 * and every other chapter is kept exactly ({@link Tape#rewrite}), or in verify the received tape
 * beside the golden one. Nothing is written when nothing changed, and a tape that would carry a
 * secret is refused.
 */
final class TapeUpdate {

  private final TapeSessionBuilder config;
  private final Tape golden;
  private final LiveSide live;
  private final Set<String> liveChapters;

  /**
   * @param golden the tape as the session read it; null when there was none (or none readable)
   * @param liveChapters the chapters whose clients talked to the live server
   */
  TapeUpdate(TapeSessionBuilder config, Tape golden, LiveSide live, Set<String> liveChapters) {
    this.config = config;
    this.golden = golden;
    this.live = live;
    this.liveChapters = liveChapters;
  }

  SessionResult unchanged() {
    return new SessionResult(config.tape, false, List.of(), List.of(), null, null, null, null);
  }

  /**
   * The live server went away mid-session: the golden tape is not touched, whatever the tests did;
   * the session as far as it went is kept beside it as {@code <tape>.partial.json}, for diagnosis.
   */
  private SessionResult lost() {
    Path partial = null;
    if (live.recorded()) {
      Provenance provenance = live.provenance();
      Map<String, Chapter> recorded = new LinkedHashMap<>();
      liveChapters.forEach(c -> recorded.put(c, live.chapter(c, provenance.at())));
      partial = TapeFile.beside(config.tape, "partial");
      TapeFile.write(
          partial, new Tape(config.name, provenance, live.handshake(), recorded), config.secrets);
    }
    return new SessionResult(
        config.tape, false, List.of(), List.of(), null, null, live.lost(), partial);
  }

  /**
   * Re-records the tape: the chapters of live tests that passed are put in; in {@link Mode#RECORD}
   * those of tests that passed without going live, and the {@code removed} ones, are taken out.
   */
  SessionResult record(
      Map<String, Boolean> ended, RuntimeException unreadable, Set<String> removed, boolean whole) {
    if (live.lost() != null) {
      return lost();
    }
    boolean recorded = live.recorded();
    Provenance provenance = recorded ? live.provenance() : null;
    Map<String, Chapter> rewritten = new LinkedHashMap<>();
    Set<String> gone = new LinkedHashSet<>(config.mode == Mode.RECORD ? removed : Set.of());
    ended.forEach(
        (chapter, passed) -> {
          if (!passed
              || (config.mode == Mode.RECORD_MISSING
                  && golden != null
                  && golden.chapters().containsKey(chapter))) {
            return; // a failed test never changes its chapter; a replayed one is kept as it is
          }
          if (liveChapters.contains(chapter)) {
            if (recorded) {
              rewritten.put(chapter, live.chapter(chapter, provenance.at()));
            }
          } else if (config.mode == Mode.RECORD) {
            gone.add(chapter);
          }
        });
    Tape base = golden;
    if (unreadable != null) {
      if (rewritten.isEmpty()) {
        return unchanged();
      }
      if (!whole) {
        throw new IllegalStateException(
            "Cannot re-record part of tape "
                + config.tape
                + ": "
                + unreadable.getMessage()
                + " Re-record all its tests at once to replace it: "
                + config.howToRecord);
      }
      gone.clear();
    } else {
      gone.retainAll(base == null ? Set.of() : base.chapters().keySet());
    }
    if (rewritten.isEmpty() && gone.isEmpty()) {
      return unchanged();
    }
    Tape tape;
    if (base == null) {
      tape = new Tape(config.name, provenance, live.handshake(), rewritten);
    } else if (recorded) {
      tape = base.rewrite(provenance, live.handshake(), rewritten, gone);
    } else {
      tape = base.rewrite(base.recorded(), base.handshake(), Map.of(), gone);
    }
    TapeFile.write(config.tape, tape, config.secrets);
    return new SessionResult(
        config.tape,
        true,
        rewritten.keySet().stream().sorted(Chapter.ORDER).toList(),
        gone.stream().sorted(Chapter.ORDER).toList(),
        null,
        null,
        null,
        null);
  }

  /** Writes the received tape (the golden one with the live chapters in it) if anything drifted. */
  SessionResult received(boolean drifted) {
    if (live.lost() != null) {
      return lost();
    }
    if (!live.recorded()) {
      return unchanged();
    }
    Path receivedFile = Verifier.receivedPath(config.tape);
    Handshake handshake = live.handshake();
    VerifyReport report =
        new Verifier(config.normalizer, config.secrets, config.timeout)
            .compareHandshake(golden.handshake(), handshake, config.tape, receivedFile);
    if (!drifted && report.passed()) {
      try {
        Files.deleteIfExists(receivedFile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new SessionResult(config.tape, false, List.of(), List.of(), report, null, null, null);
    }
    Provenance provenance = live.provenance();
    Map<String, Chapter> recorded = new LinkedHashMap<>();
    liveChapters.forEach(chapter -> recorded.put(chapter, live.chapter(chapter, provenance.at())));
    TapeFile.write(
        receivedFile, golden.rewrite(provenance, handshake, recorded, Set.of()), config.secrets);
    return new SessionResult(
        config.tape, false, List.of(), List.of(), report, receivedFile, null, null);
  }
}

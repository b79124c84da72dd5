package dev.wassettetape.session;

import dev.wassettetape.verify.VerifyReport;
import java.nio.file.Path;
import java.util.List;

/**
 * What a finished tape session found.
 *
 * @param mode the mode it ran in (never {@link Mode#RECORD_MISSING}: that resolves to one of the
 *     others)
 * @param tape the tape file
 * @param written whether the tape was written
 * @param mismatches replay: near-miss reports of requests the tape could not answer
 * @param unused replay: taped interactions never asked for
 * @param verify verify: the report; null in other modes
 */
public record SessionResult(
    Mode mode,
    Path tape,
    boolean written,
    List<String> mismatches,
    List<String> unused,
    VerifyReport verify) {

  public SessionResult {
    mismatches = List.copyOf(mismatches);
    unused = List.copyOf(unused);
  }
}

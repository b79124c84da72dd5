package dev.wassettetape.session;

import dev.wassettetape.internal.verify.VerifyReport;
import java.nio.file.Path;
import java.util.List;

/**
 * What a finished tape session did with its tape.
 *
 * @param tape the tape file
 * @param written whether the tape was (re)written
 * @param rewritten the chapters recorded into it
 * @param removed the chapters taken out of it
 * @param handshake verify: the live handshake compared with the golden one; null in other modes or
 *     when no test went live
 * @param received verify: where the live session was written, or null when nothing drifted
 * @param serverLost why the live server went away mid-session, or null; then the tape was not
 *     written, whatever the tests did
 * @param partial where the session as far as it went was kept instead, or null
 */
public record SessionResult(
    Path tape,
    boolean written,
    List<String> rewritten,
    List<String> removed,
    VerifyReport handshake,
    Path received,
    String serverLost,
    Path partial) {

  public SessionResult {
    rewritten = List.copyOf(rewritten);
    removed = List.copyOf(removed);
  }
}

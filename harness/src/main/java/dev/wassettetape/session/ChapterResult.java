package dev.wassettetape.session;

import dev.wassettetape.internal.verify.VerifyReport;
import java.util.List;

/**
 * What became of one chapter (one test) of a session.
 *
 * @param chapter its key
 * @param mode how it ran: {@link Mode#REPLAY}, {@link Mode#RECORD}, {@link Mode#VERIFY} or {@link
 *     Mode#PASSTHROUGH}
 * @param mismatches replay: near-miss reports of the requests its chapter could not answer
 * @param unused replay: taped requests of its chapter it never made
 * @param verify verify: its chapter compared with the golden one; null in other modes, or when the
 *     test neither talked to the server nor has a chapter
 */
public record ChapterResult(
    String chapter, Mode mode, List<String> mismatches, List<String> unused, VerifyReport verify) {

  public ChapterResult {
    mismatches = List.copyOf(mismatches);
    unused = List.copyOf(unused);
  }
}

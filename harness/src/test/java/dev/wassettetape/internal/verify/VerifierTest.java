package dev.wassettetape.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verify compares a chapter as a sequence: what was added, removed or moved is said as such. */
class VerifierTest {

  static final Verifier VERIFIER =
      new Verifier(Normalizer.standard(), Secrets.NONE, Duration.ofSeconds(1));

  /** A tools/call of {@code city} answered with {@code answer}. */
  static Interaction call(String city, String answer) {
    var params = JsonNodeFactory.instance.objectNode().put("name", "get-weather");
    params.putObject("arguments").put("city", city);
    var result = JsonNodeFactory.instance.objectNode();
    result.putArray("content").addObject().put("type", "text").put("text", answer);
    return new Interaction("tools/call", params, false, new Outcome(result, null), List.of(), 1);
  }

  static Chapter chapter(Interaction... interactions) {
    return new Chapter(Instant.EPOCH, Arrays.asList(interactions));
  }

  static String report(Chapter golden, Chapter live) {
    return VERIFIER
        .compareChapter("c", golden, live, Path.of("t.json"), Path.of("t.received.json"))
        .render();
  }

  @Test
  void anInsertedInteractionIsReportedAloneAndTheRestStillCompare() {
    String report =
        report(
            chapter(call("Oslo", "7"), call("Lisbon", "18")),
            chapter(call("Oslo", "7"), call("Bergen", "5"), call("Lisbon", "19")));

    assertThat(report)
        .contains(
            "live interaction #2 tools/call get-weather (in the live session, not on the tape)")
        .contains(
            "interaction #2 tools/call get-weather:\n"
                + "  Different value found in node \"response.result.content[0].text\", expected: <\"18\"> but was: <\"19\">.")
        .doesNotContain("interaction #1 ");
  }

  @Test
  void aRemovedInteractionIsReportedAsMissing() {
    String report =
        report(
            chapter(call("Oslo", "7"), call("Bergen", "5"), call("Lisbon", "18")),
            chapter(call("Oslo", "7"), call("Lisbon", "18")));

    assertThat(report)
        .contains(
            "interaction #2 tools/call get-weather (on the tape, missing from the live session)")
        .doesNotContain("interaction #3");
  }

  @Test
  void aMovedInteractionIsReportedAsMovedAndStillCompared() {
    String report =
        report(
            chapter(call("Oslo", "7"), call("Bergen", "5"), call("Lisbon", "18")),
            chapter(call("Bergen", "5"), call("Oslo", "7"), call("Lisbon", "18")));

    assertThat(report)
        .contains(
            "interaction #1 tools/call get-weather (moved: live #2):\n  Different value found in node \"position\", expected: <1> but was: <2>.")
        .doesNotContain("missing")
        .doesNotContain("not on the tape");
  }

  @Test
  void aCancelledRequestComparesByItsRequestAlone() {
    Interaction taped = call("Oslo", "7").withCancelled("gave up");
    Interaction live =
        new Interaction(taped.method(), taped.params(), false, null, List.of(), "timed out", 0)
            .withCancelled("another reason");

    assertThat(
            VERIFIER
                .compareChapter(
                    "c", chapter(taped), chapter(live), Path.of("t.json"), Path.of("r.json"))
                .passed())
        .isTrue();
  }
}

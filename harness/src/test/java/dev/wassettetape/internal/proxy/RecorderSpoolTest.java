package dev.wassettetape.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.intercept.Direction;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.tape.Interaction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A long session's settled interactions leave the heap for the recorder's spool and come back, in
 * order and unchanged, when the chapter is asked for; what the session may still change stays.
 */
class RecorderSpoolTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static ObjectNode params(int k) {
    ObjectNode p = NODES.objectNode().put("name", "echo");
    p.putObject("arguments").put("message", "m" + k + " ünïcødé");
    return p;
  }

  private static void call(Recorder r, String chapter, long id, int k) {
    r.observe(
        Direction.CLIENT_TO_SERVER, Request.of(Id.of(id), "tools/call", params(k)), at(chapter));
  }

  private static void answer(Recorder r, String chapter, long id, int k) {
    r.observe(
        Direction.SERVER_TO_CLIENT,
        Response.success(Id.of(id), NODES.objectNode().put("text", "r" + k)),
        new Anchor(chapter, Id.of(id), false));
  }

  private static Anchor at(String chapter) {
    return Anchor.of(chapter);
  }

  @Test
  void settledInteractionsAreSpooledAndReadBackInOrder() throws InterruptedException {
    try (Recorder r = new Recorder()) {
      int n = 10 * RecordedInteractions.RECENT;
      call(r, "long", 1_000_000, -1); // answered only at the end: never spooled while pending
      for (int k = 0; k < n; k++) {
        call(r, "long", k, k);
        answer(r, "long", k, k);
        if (k % 100 == 0) {
          r.observe(
              Direction.CLIENT_TO_SERVER,
              Notification.of("notifications/roots/list_changed", null),
              at("other"));
        }
      }
      // on the heap: the recent, the pending one, and at most a batch the spooler has not written
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (r.onHeap() > 2 * RecordedInteractions.RECENT + 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(r.onHeap()).isLessThanOrEqualTo(2 * RecordedInteractions.RECENT + 1);
      answer(r, "long", 1_000_000, -1);

      List<Interaction> got = r.chapter("long", Instant.EPOCH).interactions();
      assertThat(got).hasSize(n + 1);
      assertThat(got.get(0).params()).isEqualTo(params(-1));
      assertThat(got.get(0).response().result()).isEqualTo(NODES.objectNode().put("text", "r-1"));
      for (int k = 0; k < n; k++) {
        Interaction i = got.get(k + 1);
        assertThat(i.method()).isEqualTo("tools/call");
        assertThat(i.params()).as("interaction %d", k).isEqualTo(params(k));
        assertThat(i.response().result()).isEqualTo(NODES.objectNode().put("text", "r" + k));
      }
      assertThat(r.chapter("other", Instant.EPOCH).interactions())
          .hasSize((n + 99) / 100)
          .allMatch(Interaction::notification);
      // asked again, the same: reading back does not consume
      assertThat(r.chapter("long", Instant.EPOCH).interactions()).isEqualTo(got);
    }
  }

  @Test
  void aLateCancellationOfARecentRequestStillReachesIt() {
    try (Recorder r = new Recorder()) {
      for (int k = 0; k < 3 * RecordedInteractions.RECENT; k++) {
        call(r, "c", k, k);
        answer(r, "c", k, k);
      }
      long last = 3L * RecordedInteractions.RECENT - 1;
      ObjectNode cancel = NODES.objectNode().put("requestId", last).put("reason", "bored");
      r.observe(
          Direction.CLIENT_TO_SERVER, Notification.of("notifications/cancelled", cancel), at("c"));

      List<Interaction> got = r.chapter("c", Instant.EPOCH).interactions();
      assertThat(got).hasSize(3 * RecordedInteractions.RECENT);
      assertThat(got.get(got.size() - 1).cancelled()).isEqualTo("bored");
    }
  }
}

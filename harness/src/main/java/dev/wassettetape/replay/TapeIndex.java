package dev.wassettetape.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.diff.Difference;
import dev.wassettetape.diff.JsonDiff;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a live request is matched against a tape: a hash index from {@link RequestKey} to the
 * interactions with that key, in recorded order. A match is O(1) amortised; equal requests are
 * answered in the order they were recorded. Not thread-safe: the replayer owns it.
 */
final class TapeIndex {

  private final Tape tape;
  private final Secrets secrets;
  private final Map<RequestKey, Deque<Integer>> byKey = new HashMap<>();
  private final BitSet used = new BitSet();

  TapeIndex(Tape tape, Secrets secrets) {
    this.tape = tape;
    this.secrets = secrets;
    List<Interaction> all = tape.interactions();
    for (int k = 0; k < all.size(); k++) {
      Interaction i = all.get(k);
      RequestKey key = key(i.notification(), i.method(), i.params());
      byKey.computeIfAbsent(key, x -> new ArrayDeque<>()).addLast(k);
    }
  }

  private RequestKey key(boolean notification, String method, JsonNode params) {
    return RequestKey.of((notification ? "notification " : "") + method, params, secrets);
  }

  /** The index of the next unused interaction matching the request, or -1. */
  int take(boolean notification, String method, JsonNode params) {
    Deque<Integer> candidates = byKey.get(key(notification, method, params));
    if (candidates == null || candidates.isEmpty()) {
      return -1;
    }
    int k = candidates.removeFirst();
    used.set(k);
    return k;
  }

  /** Interactions never used, in tape order. */
  List<Integer> unused() {
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < tape.interactions().size(); k++) {
      if (!used.get(k) && !tape.interactions().get(k).notification()) {
        out.add(k);
      }
    }
    return out;
  }

  /** Up to {@code limit} taped requests closest to the live one, with their differences. */
  List<NearMiss> nearest(String method, JsonNode params, int limit) {
    JsonNode live = RequestKey.strip(secrets.redact(params));
    List<NearMiss> misses = new ArrayList<>();
    List<Interaction> all = tape.interactions();
    for (int k = 0; k < all.size(); k++) {
      Interaction i = all.get(k);
      if (i.notification()) {
        continue;
      }
      List<Difference> d = new ArrayList<>();
      if (!i.method().equals(method)) {
        d.add(
            new Difference(
                "method",
                com.fasterxml.jackson.databind.node.TextNode.valueOf(i.method()),
                com.fasterxml.jackson.databind.node.TextNode.valueOf(method)));
      }
      d.addAll(JsonDiff.diff(RequestKey.strip(i.params()), live));
      int score = d.size() + (i.method().equals(method) ? 0 : 100) + (used.get(k) ? 1 : 0);
      misses.add(new NearMiss(k, i, d, used.get(k), score));
    }
    misses.sort(Comparator.comparingInt(NearMiss::score).thenComparingInt(NearMiss::index));
    return misses.subList(0, Math.min(limit, misses.size()));
  }

  /** A taped request that almost matched. */
  record NearMiss(
      int index, Interaction interaction, List<Difference> differences, boolean used, int score) {}
}

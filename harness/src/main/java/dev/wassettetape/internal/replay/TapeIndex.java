package dev.wassettetape.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wassettetape.internal.diff.Difference;
import dev.wassettetape.internal.diff.JsonDiff;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Where a live request is matched against a chapter of a tape (or the whole tape): a hash index
 * from the hash of each interaction's {@link RequestKey} to the interactions with it, in recorded
 * order (a chain through {@code next}, from the first unused); a lookup compares the live key with
 * the candidates of its hash (one, unless two keys collide). A match is O(1) amortised; equal
 * requests are answered in the order they were recorded. The index holds no keys, only ints (a
 * tape's params stay only in the tape, their hashes read with them). Not thread-safe: the replayer
 * owns it.
 */
final class TapeIndex {

  /** A taped interaction: its chapter, its number there (from 1), and itself. */
  record Entry(String chapter, int number, Interaction interaction) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Secrets secrets;
  private final BitSet used = new BitSet();
  private final int[] next; // the next entry of the same hash, -1 at the end
  private final int[] slotHash; // open addressing: a hash ...
  private final int[] slotFirst; // ... and its first unused entry (-1: none left); -2: free slot

  /**
   * @param chapter the chapter to index, or null for every chapter in tape order
   */
  TapeIndex(Tape tape, String chapter, Secrets secrets) {
    this.secrets = secrets;
    tape.chapters()
        .forEach(
            (key, c) -> {
              if (chapter == null || chapter.equals(key)) {
                for (int k = 0; k < c.interactions().size(); k++) {
                  entries.add(new Entry(key, k + 1, c.interactions().get(k)));
                }
              }
            });
    int size = Integer.highestOneBit(Math.max(entries.size(), 1) * 2) * 2; // at most half full
    next = new int[entries.size()];
    slotHash = new int[size];
    slotFirst = new int[size];
    Arrays.fill(slotFirst, -2);
    int[] last = new int[size]; // each chain's last entry, while they are made
    for (int k = 0; k < entries.size(); k++) {
      next[k] = -1;
      int slot = slot(RequestKey.hash(entries.get(k).interaction(), secrets));
      if (slotFirst[slot] == -2) {
        slotFirst[slot] = k;
      } else {
        next[last[slot]] = k;
      }
      last[slot] = k;
    }
  }

  /** The slot of a hash: its own, or the free one where it would go. */
  private int slot(int hash) {
    int mask = slotHash.length - 1;
    int slot = (hash ^ (hash >>> 16)) * 0x9E3779B9 & mask;
    while (slotFirst[slot] != -2 && slotHash[slot] != hash) {
      slot = (slot + 1) & mask;
    }
    slotHash[slot] = hash;
    return slot;
  }

  private RequestKey key(boolean notification, String method, JsonNode params) {
    return RequestKey.of(notification, method, params, secrets);
  }

  /** The next unused interaction matching the request, now used; null when there is none. */
  Entry take(boolean notification, String method, JsonNode params) {
    RequestKey live = key(notification, method, params);
    int slot = slot(live.hashCode());
    for (int k = slotFirst[slot]; k >= 0; k = next[k]) {
      // the first unused, but where two keys share a hash
      if (!used.get(k) && live.matches(entries.get(k).interaction(), secrets)) {
        used.set(k);
        while (slotFirst[slot] >= 0 && used.get(slotFirst[slot])) {
          slotFirst[slot] = next[slotFirst[slot]];
        }
        return entries.get(k);
      }
    }
    return null;
  }

  /** Every taped request equal to this one, used or not, in tape order. */
  List<Entry> equal(String method, JsonNode params) {
    RequestKey wanted = key(false, method, params);
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      Interaction i = e.interaction();
      if (!i.notification() && wanted.matches(i, secrets)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Requests never used, in tape order. */
  List<Entry> unused() {
    List<Entry> out = new ArrayList<>();
    for (int k = 0; k < entries.size(); k++) {
      if (!used.get(k) && !entries.get(k).interaction().notification()) {
        out.add(entries.get(k));
      }
    }
    return out;
  }

  /** Up to {@code limit} taped requests closest to the live one, with their differences. */
  List<NearMiss> nearest(String method, JsonNode params, int limit) {
    JsonNode live = RequestKey.matched(method, secrets.redact(params));
    List<NearMiss> misses = new ArrayList<>();
    for (int k = 0; k < entries.size(); k++) {
      Interaction i = entries.get(k).interaction();
      if (i.notification()) {
        continue;
      }
      List<Difference> d = new ArrayList<>();
      if (!i.method().equals(method)) {
        d.add(Difference.of("method", TextNode.valueOf(i.method()), TextNode.valueOf(method)));
      }
      d.addAll(JsonDiff.diff(RequestKey.matched(i.method(), i.params()), live));
      int score = d.size() + (i.method().equals(method) ? 0 : 100) + (used.get(k) ? 1 : 0);
      misses.add(new NearMiss(entries.get(k), d, used.get(k), score, k));
    }
    misses.sort(Comparator.comparingInt(NearMiss::score).thenComparingInt(NearMiss::order));
    return misses.subList(0, Math.min(limit, misses.size()));
  }

  /** A taped request that almost matched. */
  record NearMiss(Entry entry, List<Difference> differences, boolean used, int score, int order) {}
}

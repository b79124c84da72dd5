package dev.wassettetape.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The alignment of taped and live requests, against its definition on many small random sequences:
 * every taped request has one row, in taped order; every live request is paired at most once; a
 * pair has equal requests; the pairs kept in order are a longest common subsequence (computed here
 * the plain way), so one inserted or removed request never shifts the rest into a diff.
 */
class AlignmentTest {

  @Test
  void rowsAreALongestCommonOrderPlusMovedAndUnpairedRequests() {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      List<String> taped = sequence(random);
      List<String> live = sequence(random);
      List<Alignment.Pair> rows = Alignment.of(taped, live);
      String where = taped + " / " + live + " -> " + rows;

      List<Integer> tapedRows = new ArrayList<>();
      Set<Integer> livePaired = new HashSet<>();
      List<Integer> inOrder = new ArrayList<>();
      for (Alignment.Pair p : rows) {
        if (p.taped() >= 0) {
          tapedRows.add(p.taped());
        }
        if (p.live() >= 0) {
          assertThat(livePaired.add(p.live())).as(where).isTrue();
        }
        if (p.taped() >= 0 && p.live() >= 0) {
          assertThat(live.get(p.live())).as(where).isEqualTo(taped.get(p.taped()));
          if (!p.moved()) {
            inOrder.add(p.live());
          }
        } else {
          assertThat(p.moved()).as(where).isFalse();
        }
      }
      assertThat(tapedRows).as(where).isSorted().hasSize(taped.size());
      assertThat(livePaired).as(where).hasSize(live.size());
      assertThat(inOrder).as(where).isSorted().hasSize(lcs(taped, live));
      long pairedOrMoved = rows.stream().filter(p -> p.taped() >= 0 && p.live() >= 0).count();
      assertThat(pairedOrMoved).as(where).isEqualTo(common(taped, live));
    }
  }

  @Test
  void anInsertedRequestShiftsNothing() {
    List<Alignment.Pair> rows = Alignment.of(List.of("a", "b", "c"), List.of("a", "x", "b", "c"));
    assertThat(rows)
        .containsExactly(
            new Alignment.Pair(0, 0, false),
            new Alignment.Pair(1, 2, false),
            new Alignment.Pair(2, 3, false),
            new Alignment.Pair(-1, 1, false));
  }

  @Test
  void aSwappedPairIsOneMove() {
    assertThat(Alignment.of(List.of("a", "b"), List.of("b", "a")))
        .containsExactly(new Alignment.Pair(0, 1, true), new Alignment.Pair(1, 0, false));
  }

  private static List<String> sequence(Random random) {
    List<String> s = new ArrayList<>();
    int n = random.nextInt(7);
    for (int i = 0; i < n; i++) {
      s.add(String.valueOf((char) ('a' + random.nextInt(3))));
    }
    return s;
  }

  /** The length of a longest common subsequence, by the textbook recursion. */
  private static int lcs(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    if (a.get(0).equals(b.get(0))) {
      return 1 + lcs(a.subList(1, a.size()), b.subList(1, b.size()));
    }
    return Math.max(lcs(a.subList(1, a.size()), b), lcs(a, b.subList(1, b.size())));
  }

  /** How many requests can be paired at all: the multiset intersection. */
  private static long common(List<String> a, List<String> b) {
    List<String> rest = new ArrayList<>(b);
    return a.stream().filter(rest::remove).count();
  }
}

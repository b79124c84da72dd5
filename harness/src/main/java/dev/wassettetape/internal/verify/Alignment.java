package dev.wassettetape.internal.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Which taped interaction a live one is to be compared with: the two sequences of requests aligned
 * as a diff aligns lines (a longest common subsequence of equal requests), so that an interaction
 * added, removed or moved does not shift every later one into a difference. An interaction whose
 * request is on both sides but out of the common order is paired as moved.
 */
final class Alignment {

  /**
   * One row: a taped interaction and the live one paired with it (indexes from 0; -1 when the other
   * side has none), and whether the pair left the common order.
   */
  record Pair(int taped, int live, boolean moved) {}

  private Alignment() {}

  /** Aligns two sequences of request keys; rows in taped order, live-only ones last. */
  static List<Pair> of(List<String> taped, List<String> live) {
    int n = taped.size();
    int m = live.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            taped.get(i).equals(live.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int[] liveOf = new int[n];
    boolean[] livePaired = new boolean[m];
    java.util.Arrays.fill(liveOf, -1);
    for (int i = 0, j = 0; i < n && j < m; ) {
      if (taped.get(i).equals(live.get(j))) {
        liveOf[i++] = j;
        livePaired[j++] = true;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        i++;
      } else {
        j++;
      }
    }
    List<Pair> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int j = liveOf[i];
      boolean moved = false;
      if (j < 0) { // out of the common order: the same request elsewhere is this one, moved
        for (int k = 0; k < m; k++) {
          if (!livePaired[k] && taped.get(i).equals(live.get(k))) {
            j = k;
            livePaired[k] = true;
            moved = true;
            break;
          }
        }
      }
      rows.add(new Pair(i, j, moved));
    }
    for (int k = 0; k < m; k++) {
      if (!livePaired[k]) {
        rows.add(new Pair(-1, k, false));
      }
    }
    return rows;
  }
}

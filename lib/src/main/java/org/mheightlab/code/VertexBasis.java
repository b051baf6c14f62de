package org.mheightlab.code;

import java.util.ArrayList;
import java.util.List;

/**
 * One k-subset B of the columns of G in revolving-door order: consecutive subsets differ by one column
 * leaving and one entering, so the tableau G_B⁻¹·G moves from one to the next by a single pivot. The order
 * depends only on (n, k), so it is built once and shared.
 *
 * @param columns the columns of B, ascending
 * @param mask bit j set for each column j in B
 * @param leaving the column that left since the previous subset (−1 for the first)
 * @param entering the column that entered since the previous subset (−1 for the first)
 */
record VertexBasis(int[] columns, int mask, int leaving, int entering) {

    private static final VertexBasis[][][] CACHE = new VertexBasis[ExactHeightCalculator.MAX_N + 1][][];

    /** All k-subsets of {0..n−1}, each one swap away from the one before. */
    static VertexBasis[] all(int n, int k) {
        VertexBasis[][] byK = CACHE[n];
        if (byK == null) {
            synchronized (CACHE) {
                if (CACHE[n] == null) {
                    CACHE[n] = new VertexBasis[n + 1][];
                }
                byK = CACHE[n];
            }
        }
        VertexBasis[] bases = byK[k];
        if (bases == null) {
            bases = build(n, k);
            byK[k] = bases; // a benign race: every thread builds the same immutable table
        }
        return bases;
    }

    private static VertexBasis[] build(int n, int k) {
        List<Integer> masks = revolvingDoor(n, k);
        VertexBasis[] out = new VertexBasis[masks.size()];
        for (int i = 0; i < out.length; i++) {
            int mask = masks.get(i);
            int leaving = -1;
            int entering = -1;
            if (i > 0) {
                int prev = masks.get(i - 1);
                int gone = prev & ~mask;
                int added = mask & ~prev;
                if (Integer.bitCount(gone) != 1 || Integer.bitCount(added) != 1) {
                    throw new IllegalStateException("revolving-door order broken at " + i);
                }
                leaving = Integer.numberOfTrailingZeros(gone);
                entering = Integer.numberOfTrailingZeros(added);
            }
            int[] cols = new int[k];
            for (int j = 0, c = 0; j < n; j++) {
                if ((mask & (1 << j)) != 0) {
                    cols[c++] = j;
                }
            }
            out[i] = new VertexBasis(cols, mask, leaving, entering);
        }
        return out;
    }

    /** R(n,k) = R(n−1,k) followed by R(n−1,k−1) reversed, each with column n−1 added. */
    static List<Integer> revolvingDoor(int n, int k) {
        List<Integer> out = new ArrayList<>();
        if (k == 0) {
            out.add(0);
            return out;
        }
        if (k == n) {
            out.add((1 << n) - 1);
            return out;
        }
        out.addAll(revolvingDoor(n - 1, k));
        List<Integer> tail = revolvingDoor(n - 1, k - 1);
        for (int i = tail.size() - 1; i >= 0; i--) {
            out.add(tail.get(i) | (1 << (n - 1)));
        }
        return out;
    }
}

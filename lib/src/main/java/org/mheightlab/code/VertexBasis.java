package org.mheightlab.code;

import java.util.ArrayList;
import java.util.List;

/**
 * One k-subset B of the columns of G = [I_k | P], split the way the vertex solve needs it: the identity
 * columns in B (rows I), the P columns in B (J), the rows outside I (R, as many as J) and the P columns outside
 * B. The tables depend only on (n, k), so they are built once and shared.
 */
record VertexBasis(int[] columns, int mask, int[] identityRows, int[] pivotCols, int[] freeRows,
                   int[] otherCols) {

    private static final VertexBasis[][][] CACHE = new VertexBasis[ExactHeightCalculator.MAX_N + 1][][];

    /** All k-subsets of {0..n−1} in lexicographic order. */
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
        List<VertexBasis> out = new ArrayList<>();
        int[] idx = new int[k];
        Subsets.first(idx, k);
        do {
            int mask = 0;
            List<Integer> identity = new ArrayList<>();
            List<Integer> pivots = new ArrayList<>();
            for (int c : idx) {
                mask |= 1 << c;
                if (c < k) {
                    identity.add(c);
                } else {
                    pivots.add(c - k);
                }
            }
            List<Integer> free = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                if ((mask & (1 << i)) == 0) {
                    free.add(i);
                }
            }
            List<Integer> other = new ArrayList<>();
            for (int j = 0; j < n - k; j++) {
                if ((mask & (1 << (k + j))) == 0) {
                    other.add(j);
                }
            }
            out.add(new VertexBasis(idx.clone(), mask, toArray(identity), toArray(pivots), toArray(free),
                    toArray(other)));
        } while (Subsets.next(idx, k, n));
        return out.toArray(VertexBasis[]::new);
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}

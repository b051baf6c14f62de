package org.mheightlab.code;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The k×k minors D(B) of G = [I_k | P] over the C(n,k) column subsets B, the cocircuits and circuits they
 * describe, and the cocircuit lower bound on the m-heights.
 *
 * <p><b>Why minors.</b> Every vertex codeword u = σ·G_B⁻¹ has entries that are ratios of k×k minors of G
 * (Cramer's rule), so h_m depends on P only through |D(B)|. Two kinds of column sets are read off the minors
 * directly:
 * <ul>
 *   <li><b>cocircuits</b>: for a (k−1)-subset S, the codeword vanishing on S has c_j ∝ D(S ∪ {j}) for the n−k+1
 *   columns j ∉ S — the sorted values are the sorted |c| of a real codeword, and their gaps are lower bounds
 *   on the heights ({@link #cocircuitLowerBound});</li>
 *   <li><b>circuits</b>: for a (k+1)-subset T, the k+1 minors D(T ∖ {t}) are the coefficients of the linear
 *   dependency among those columns.</li>
 * </ul>
 *
 * <p><b>Values.</b> A minor enters as L = log2|D| − max_B log2|D| ≤ 0, which is invariant under scaling all
 * minors and under row/column permutations and sign flips of P (they permute the columns of G and flip signs
 * of minors). A minor that vanishes is set to {@link #FLOOR}.
 *
 * <p><b>Numerics.</b> The minors of G are (up to sign) the minors of P of every size, computed by Laplace
 * expansion along the first row over subsets, together with the permanent of |P| on the same rows and columns,
 * which bounds the rounding error. For integer P whose permanents stay below 2^53 every operation is exact, so
 * zero is exactly zero; otherwise a minor is zero when it is below {@link #ZERO_RELATIVE} times its permanent.
 *
 * <p>{@link #log2Minors} is not thread-safe (it reuses work arrays): one instance per thread. The rest is.
 */
public final class Minors {

    /** The value of a vanishing minor (log2 units below the largest minor). */
    public static final double FLOOR = -64.0;

    /** A real-valued minor below this multiple of its |P| permanent is rounding noise around zero. */
    static final double ZERO_RELATIVE = 1e-12;

    /** ln 2, hoisted out of the loop; log2 x is computed as ln x / LN2. */
    private static final double LN2 = Math.log(2);

    private final int n;
    private final int k;
    /** Column subsets B of G, as bit masks, in lexicographic (colex) order of their index. */
    private final int[] subsets;
    /** Per cocircuit, the minor indices D(S ∪ {j}), j ∉ S (n − k + 1 of them), end to end. */
    private final int[] cocircuitTable;
    /** Per circuit, the minor indices D(T ∖ {t}), t ∈ T (k + 1 of them), end to end. */
    private final int[] circuitTable;
    /**
     * Per minor i, where |D(subsets[i])| sits in {@link #minor}: the minor of P on the rows outside B's identity
     * columns and on B's P columns (a fixed function of the subset, so computed once here).
     */
    private final int[] minorSlot;

    private final double[] minor;
    private final double[] permanent;
    /** Row and column masks of P by size, for the expansion. */
    private final int[][] rowMasksBySize;
    private final int[][] colMasksBySize;

    public Minors(int n, int k) {
        if (k < 2 || k >= n || n > 16) {
            throw new IllegalArgumentException("minor features need 2 ≤ k < n ≤ 16, got n=" + n + ", k=" + k);
        }
        this.n = n;
        this.k = k;
        this.subsets = masksOfSize(n, k);
        int[] indexOfMask = new int[1 << n];
        Arrays.fill(indexOfMask, -1);
        for (int i = 0; i < subsets.length; i++) {
            indexOfMask[subsets[i]] = i;
        }
        int[] small = masksOfSize(n, k - 1);
        int[][] cocircuits = new int[small.length][];
        for (int t = 0; t < small.length; t++) {
            int[] idx = new int[n - k + 1];
            int at = 0;
            for (int j = 0; j < n; j++) {
                if ((small[t] & (1 << j)) == 0) {
                    idx[at++] = indexOfMask[small[t] | (1 << j)];
                }
            }
            cocircuits[t] = idx;
        }
        int[] large = masksOfSize(n, k + 1);
        int[][] circuits = new int[large.length][];
        for (int t = 0; t < large.length; t++) {
            int[] idx = new int[k + 1];
            int at = 0;
            for (int j = 0; j < n; j++) {
                if ((large[t] & (1 << j)) != 0) {
                    idx[at++] = indexOfMask[large[t] & ~(1 << j)];
                }
            }
            circuits[t] = idx;
        }
        int cols = n - k;
        rowMasksBySize = new int[k + 1][];
        colMasksBySize = new int[cols + 1][];
        for (int s = 0; s <= k; s++) {
            rowMasksBySize[s] = masksOfSize(k, s);
        }
        for (int s = 0; s <= cols; s++) {
            colMasksBySize[s] = masksOfSize(cols, s);
        }
        minor = new double[(1 << k) << cols];
        permanent = new double[(1 << k) << cols];
        cocircuitTable = flatten(cocircuits);
        circuitTable = flatten(circuits);
        int rowMasks = 1 << k;
        minorSlot = new int[subsets.length];
        for (int i = 0; i < subsets.length; i++) {
            int identity = subsets[i] & (rowMasks - 1);
            int rows = ~identity & (rowMasks - 1);
            minorSlot[i] = (subsets[i] >>> k) * rowMasks + rows;
        }
    }

    private static int[] flatten(int[][] table) {
        int len = table[0].length;
        int[] out = new int[table.length * len];
        for (int t = 0; t < table.length; t++) {
            System.arraycopy(table[t], 0, out, t * len, len);
        }
        return out;
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    /** C(n, k): the number of minors. */
    public int count() {
        return subsets.length;
    }

    /**
     * The cocircuits, end to end: per (k−1)-subset S of G's columns in increasing mask order, the indices (into
     * {@link #log2Minors}) of the n − k + 1 minors D(S ∪ {j}) for the columns j ∉ S in increasing order. A copy.
     */
    public int[] cocircuitTable() {
        return cocircuitTable.clone();
    }

    /**
     * The circuits, end to end: per (k+1)-subset T of G's columns in increasing mask order, the indices of the
     * k + 1 minors D(T ∖ {t}) for the columns t ∈ T in increasing order. A copy.
     */
    public int[] circuitTable() {
        return circuitTable.clone();
    }

    /**
     * L(B) = log2|D(B)| − max log2|D| for every k-subset B of G's columns (in increasing mask order),
     * {@link #FLOOR} for a vanishing minor. Not thread-safe (reuses work arrays); one instance per thread.
     */
    public double[] log2Minors(double[][] p) {
        int cols = n - k;
        if (p.length != k || p[0].length != cols) {
            throw new IllegalArgumentException("P must be " + k + "×" + cols + ", got " + p.length + "×" + p[0].length);
        }
        boolean integral = true;
        for (double[] row : p) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("P has a non-finite entry " + v);
                }
                integral &= v == Math.rint(v);
            }
        }
        // Minors of P over row set R (bits of k) and column set J (bits of n−k), |R| = |J|, by expansion along
        // the lowest row of R; the empty minor is 1. The terms are added in increasing column order with
        // alternating signs; subtracting v·M is bit-identical to adding (−1)·v·M, so the results do not depend
        // on how the sign is applied. Only the set bits of J are visited.
        int rowMasks = 1 << k;
        double[] minor = this.minor;
        double[] permanent = this.permanent;
        minor[0] = 1.0;
        permanent[0] = 1.0;
        for (int size = 1; size <= Math.min(k, cols); size++) {
            for (int r : rowMasksBySize[size]) {
                int r0 = Integer.numberOfTrailingZeros(r);
                int rest = r & ~(1 << r0);
                double[] row = p[r0];
                for (int j : colMasksBySize[size]) {
                    double d = 0;
                    double a = 0;
                    boolean plus = true;
                    int base = j * rowMasks + rest;
                    for (int bits = j; bits != 0; bits &= bits - 1) {
                        int c = Integer.numberOfTrailingZeros(bits);
                        int sub = base - (rowMasks << c);
                        double v = row[c];
                        double m = minor[sub];
                        if (plus) {
                            d += v * m;
                        } else {
                            d -= v * m;
                        }
                        a += Math.abs(v) * permanent[sub];
                        plus = !plus;
                    }
                    minor[j * rowMasks + r] = d;
                    permanent[j * rowMasks + r] = a;
                }
            }
        }
        double[] out = new double[subsets.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < out.length; i++) {
            // B = identity columns I ∪ P columns J: |D(B)| is the minor of P on the rows not in I and columns J.
            int slot = minorSlot[i];
            double d = Math.abs(minor[slot]);
            double bound = permanent[slot];
            boolean exact = integral && bound < 0x1p53;
            boolean zero = exact ? d == 0 : d <= ZERO_RELATIVE * bound;
            out[i] = zero ? Double.NEGATIVE_INFINITY : Math.log(d) / LN2;
            max = Math.max(max, out[i]);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] == Double.NEGATIVE_INFINITY ? FLOOR : Math.max(FLOOR, out[i] - max);
        }
        return out;
    }

    /**
     * The cocircuit lower bound log2 of |c|(0)/|c|(m) maximised over cocircuits: a lower bound on log2 h_m. A
     * (k−1)-subset S whose minors D(S ∪ {j}) all vanish has rank below k − 1: the codewords vanishing on S form
     * a space of dimension ≥ 2 and the minors name no single codeword, so such a cocircuit bounds nothing and
     * is skipped (counting it as "|c|(m) = 0" claimed an infinite height for codes whose height is finite).
     */
    public double cocircuitLowerBound(double[] log2Minors, int m) {
        double best = 0;
        int len = n - k + 1;
        if (m >= len) {
            return best;
        }
        double[] values = new double[len];
        for (int t = 0; t < cocircuitTable.length; t += len) {
            for (int i = 0; i < len; i++) {
                values[i] = log2Minors[cocircuitTable[t + i]];
            }
            sortDecreasing(values);
            double top = values[0];
            double mth = values[m];
            if (top <= FLOOR) {
                continue;
            }
            best = Math.max(best, mth <= FLOOR ? Double.POSITIVE_INFINITY : top - mth);
        }
        return best;
    }

    /**
     * Insertion sort into decreasing order, in Double.compare's order (the reverse of what Arrays.sort gives,
     * NaN and −0.0 included), so the result is the same as with Arrays.sort. A cocircuit or circuit has at most
     * n − k + 1 or k + 1 ≤ 8 values, where Arrays.sort's dispatch costs more than the sort itself.
     */
    public static void sortDecreasing(double[] v) {
        for (int i = 1; i < v.length; i++) {
            double x = v[i];
            int j = i - 1;
            while (j >= 0 && Double.compare(v[j], x) < 0) {
                v[j + 1] = v[j];
                j--;
            }
            v[j + 1] = x;
        }
    }

    /** The s-subsets of {0..n−1} as bit masks, in increasing mask order. */
    public static int[] masksOfSize(int n, int s) {
        List<Integer> out = new ArrayList<>();
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) == s) {
                out.add(mask);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}

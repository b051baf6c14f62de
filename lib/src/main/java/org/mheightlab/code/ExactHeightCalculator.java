package org.mheightlab.code;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Exact m-heights of a systematic real code G = [I_k | P] by vertex enumeration.
 *
 * <p><b>Theorem.</b> h_m(C) is the optimum of linear programs in the message u whose constraints all have the
 * form c_j = 1, |c_j| ≤ 1 or ±c_j ≥ 1 (c = uG), so an optimum sits at a vertex where k independent constraints
 * are tight: c_B = σ ∈ {±1}^k for a k-subset B of columns with G_B invertible, that is u = σ·G_B⁻¹. There the
 * m-th largest |c| is 1 and at most m coordinates exceed 1, so
 * h_m(C) = max{ max_j |c_j| : vertex codewords c with at most m coordinates above 1 },
 * and every such value is a real codeword's h_m, so the maximum is exact. h_m(C) = ∞ exactly when some n−m
 * columns have rank &lt; k (a nonzero codeword with n−m zeros).
 *
 * <p>One pass over the (B, σ) pairs records, for each count p of coordinates above 1, the largest |c_j|; the
 * prefix maxima over p ≤ m give every m at once. σ and −σ give the same |c|, so the first sign is fixed and the
 * others are walked in Gray-code order (one row update per codeword). Solving for u uses the identity part of
 * G: only the t×t block of P that B selects is eliminated.
 *
 * <p>Numerics: partial-pivoted Gauss–Jordan; a pivot at most {@value #SINGULAR_RELATIVE_TOLERANCE} times the
 * largest |P| entry (at least 1) is singular, except that for integer P a small pivot is settled by exact
 * integer elimination, so integer codes (the course data) are never misjudged. A coordinate counts as above 1
 * only beyond 1 + {@value #ABOVE_ONE_SLACK}, so rounding at degenerate vertices cannot hide the optimum.
 *
 * <p>Not thread-safe: it reuses work arrays. Use one instance per thread.
 */
public final class ExactHeightCalculator {

    /** The largest code length supported; the work is C(n,k)·2^(k−1) codewords. */
    public static final int MAX_N = 12;

    static final double SINGULAR_RELATIVE_TOLERANCE = 1e-10;

    static final double ABOVE_ONE_SLACK = 1e-10;

    private static final double ABOVE_ONE = 1.0 + ABOVE_ONE_SLACK;

    /** Integer entries beyond this are treated as real numbers (their exact arithmetic is not worth it). */
    private static final double MAX_EXACT_INTEGER = 1 << 20;

    /** Row stride of the flattened work matrices. */
    private static final int S = 16;

    private final double[][] g = new double[MAX_N][MAX_N];
    private final double[] pf = new double[MAX_N * S];
    private final double[] aug = new double[MAX_N * 2 * S];
    private final int[] augRow = new int[MAX_N];
    private final double[] q = new double[MAX_N * S];
    private final int[] subset = new int[MAX_N];
    private final double[] acc = new double[MAX_N];
    private final double[] bestByAbove = new double[MAX_N + 1];
    private final BitSet singularSets = new BitSet(1 << MAX_N);
    private int k;
    private int r;

    /** The whole height profile h_0 … h_{n−1} of the code with systematic part P (k rows, n−k columns). */
    public HeightProfile profile(double[][] p) {
        int k = p.length;
        if (k < 1) {
            throw new IllegalArgumentException("P must have at least one row");
        }
        int r = p[0].length;
        int n = k + r;
        if (r < 1 || n > MAX_N) {
            throw new IllegalArgumentException("need 1 ≤ n−k and n ≤ " + MAX_N + ", got k=" + k + ", n−k=" + r);
        }
        double scale = 1.0;
        boolean integral = true;
        for (int i = 0; i < k; i++) {
            if (p[i].length != r) {
                throw new IllegalArgumentException("P row " + i + " has " + p[i].length + " entries, row 0 has " + r);
            }
            for (int j = 0; j < k; j++) {
                g[i][j] = i == j ? 1.0 : 0.0;
            }
            for (int j = 0; j < r; j++) {
                double v = p[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("P[" + i + "][" + j + "] is not finite: " + v);
                }
                g[i][k + j] = v;
                pf[i * S + j] = v;
                scale = Math.max(scale, Math.abs(v));
                integral &= v == Math.rint(v) && Math.abs(v) <= MAX_EXACT_INTEGER;
            }
        }
        this.k = k;
        this.r = r;
        double tolerance = SINGULAR_RELATIVE_TOLERANCE * scale;

        Arrays.fill(bestByAbove, 0, r + 1, 1.0);
        singularSets.clear();
        boolean anySingular = false;
        for (VertexBasis basis : VertexBasis.all(n, k)) {
            if (!solveVertexMap(basis, tolerance, integral)) {
                anySingular = true;
                singularSets.set(basis.mask());
                continue;
            }
            switch (r) {
                case 3 -> walkSigns3();
                case 4 -> walkSigns4();
                case 5 -> walkSigns5();
                default -> walkSigns();
            }
        }

        double[] heights = new double[n];
        heights[0] = 1.0;
        double running = 1.0;
        for (int m = 1; m < n; m++) {
            // m > n−k: any n−m < k columns have rank < k, so those heights are infinite for every code.
            if (m <= r) {
                running = Math.max(running, Math.max(bestByAbove[m - 1], bestByAbove[m]));
                heights[m] = running;
            } else {
                heights[m] = Double.POSITIVE_INFINITY;
            }
        }
        if (anySingular) {
            int largestDeficient = largestRankDeficientColumnCount(k, n, integral, tolerance);
            for (int m = n - largestDeficient; m < n; m++) {
                heights[m] = Double.POSITIVE_INFINITY;
            }
        }
        return new HeightProfile(n, k, heights);
    }

    /** h_m(C) for one m; the same work as {@link #profile}, since one pass yields every m. */
    public double height(double[][] p, int m) {
        return profile(p).height(m);
    }

    /**
     * Builds Q with c_N = σ·Q for the vertex codewords of B (rows of Q follow B, columns the coordinates outside
     * B). With I = identity columns in B, J = P columns in B, R = rows outside I (|R| = |J| = t) and A = P[R,J]:
     * u_I = σ_I and u_R = (σ_J − σ_I·P[I,J])·A⁻¹. Returns false when A (equivalently G_B) is singular.
     */
    private boolean solveVertexMap(VertexBasis basis, double tolerance, boolean integral) {
        int[] identityRows = basis.identityRows();
        int[] pivotCols = basis.pivotCols();
        int[] freeRows = basis.freeRows();
        int[] otherCols = basis.otherCols();
        int ni = identityRows.length;
        int t = pivotCols.length;
        int no = otherCols.length;
        int r = this.r;
        double[] pf = this.pf;
        double[] aug = this.aug;
        int[] row = this.augRow;
        // [A | I_t | P[R, outside]]: Gauss–Jordan turns it into [I | W], W = A⁻¹·[I | P[R, outside]].
        int width = t + r;
        int stride = 2 * S;
        for (int a = 0; a < t; a++) {
            int base = a * stride;
            int pr = freeRows[a] * S;
            row[a] = base;
            for (int b = 0; b < t; b++) {
                aug[base + b] = pf[pr + pivotCols[b]];
                aug[base + t + b] = a == b ? 1.0 : 0.0;
            }
            for (int b = 0; b < no; b++) {
                aug[base + 2 * t + b] = pf[pr + otherCols[b]];
            }
        }
        for (int col = 0; col < t; col++) {
            int pivot = col;
            double pivotAbs = Math.abs(aug[row[col] + col]);
            for (int i = col + 1; i < t; i++) {
                double a = Math.abs(aug[row[i] + col]);
                if (a > pivotAbs) {
                    pivotAbs = a;
                    pivot = i;
                }
            }
            if (pivotAbs <= tolerance
                    && (!integral || pivotAbs == 0.0 || ExactRank.rank(g, k, basis.columns(), k) < k)) {
                return false;
            }
            int tmp = row[pivot];
            row[pivot] = row[col];
            row[col] = tmp;
            int pr = row[col];
            double inv = 1.0 / aug[pr + col];
            for (int j = col; j < width; j++) {
                aug[pr + j] *= inv;
            }
            for (int i = 0; i < t; i++) {
                if (i != col) {
                    int ri = row[i];
                    double f = aug[ri + col];
                    if (f != 0.0) {
                        for (int j = col; j < width; j++) {
                            aug[ri + j] -= f * aug[pr + j];
                        }
                    }
                }
            }
        }
        // Rows of Q: first the identity positions I (σ_I), then J (σ_J). W has rows indexed by J.
        double[] q = this.q;
        for (int a = 0; a < ni; a++) {
            int qa = a * S;
            int pi = identityRows[a] * S;
            for (int b = 0; b < t; b++) {
                q[qa + b] = 0.0;
            }
            for (int b = 0; b < no; b++) {
                q[qa + t + b] = pf[pi + otherCols[b]];
            }
            for (int jj = 0; jj < t; jj++) {
                double f = pf[pi + pivotCols[jj]];
                if (f != 0.0) {
                    int w = row[jj] + t;
                    for (int b = 0; b < r; b++) {
                        q[qa + b] -= f * aug[w + b];
                    }
                }
            }
        }
        for (int jj = 0; jj < t; jj++) {
            System.arraycopy(aug, row[jj] + t, q, (ni + jj) * S, r);
        }
        return true;
    }

    /** Column sums of Q: the free coordinates of the codeword with σ = all +1. */
    private void startWalk() {
        for (int j = 0; j < r; j++) {
            double s = 0;
            for (int i = 0; i < k; i++) {
                s += q[i * S + j];
            }
            acc[j] = s;
        }
    }

    /**
     * Walks σ over {+1} × {±1}^(k−1) in Gray-code order; c_N = σ·Q changes by one row per step (bit i of
     * {@code negative} set means σ_i = −1). For each codeword, the largest free magnitude is recorded under the
     * count of free coordinates above 1 (the k coordinates in B are exactly ±1).
     */
    private void walkSigns() {
        startWalk();
        double[] acc = this.acc;
        double[] best = this.bestByAbove;
        int steps = 1 << (k - 1);
        int negative = 0;
        for (int t = 0; ; ) {
            double top = 0.0;
            int above = 0;
            for (int j = 0; j < r; j++) {
                double x = Math.abs(acc[j]);
                top = x > top ? x : top;
                above += x > ABOVE_ONE ? 1 : 0;
            }
            if (top > best[above]) {
                best[above] = top;
            }
            if (++t == steps) {
                break;
            }
            int i = Integer.numberOfTrailingZeros(t) + 1;
            double f = (negative & (1 << i)) == 0 ? -2.0 : 2.0;
            negative ^= 1 << i;
            for (int j = 0; j < r; j++) {
                acc[j] += f * q[i * S + j];
            }
        }
    }

    // The three walks below are walkSigns() with the free coordinates held in locals for n−k = 3, 4, 5 (the
    // course task's n = 9): the same arithmetic in the same order, several times faster than array slots.

    private void walkSigns3() {
        startWalk();
        double[] q = this.q;
        double[] best = this.bestByAbove;
        double a0 = acc[0];
        double a1 = acc[1];
        double a2 = acc[2];
        int steps = 1 << (k - 1);
        int negative = 0;
        for (int t = 0; ; ) {
            double x0 = Math.abs(a0);
            double x1 = Math.abs(a1);
            double x2 = Math.abs(a2);
            double top = x0 > x1 ? x0 : x1;
            top = x2 > top ? x2 : top;
            int above = (x0 > ABOVE_ONE ? 1 : 0) + (x1 > ABOVE_ONE ? 1 : 0) + (x2 > ABOVE_ONE ? 1 : 0);
            if (top > best[above]) {
                best[above] = top;
            }
            if (++t == steps) {
                break;
            }
            int i = Integer.numberOfTrailingZeros(t) + 1;
            double f = (negative & (1 << i)) == 0 ? -2.0 : 2.0;
            negative ^= 1 << i;
            int qi = i * S;
            a0 += f * q[qi];
            a1 += f * q[qi + 1];
            a2 += f * q[qi + 2];
        }
    }

    private void walkSigns4() {
        startWalk();
        double[] q = this.q;
        double[] best = this.bestByAbove;
        double a0 = acc[0];
        double a1 = acc[1];
        double a2 = acc[2];
        double a3 = acc[3];
        int steps = 1 << (k - 1);
        int negative = 0;
        for (int t = 0; ; ) {
            double x0 = Math.abs(a0);
            double x1 = Math.abs(a1);
            double x2 = Math.abs(a2);
            double x3 = Math.abs(a3);
            double top01 = x0 > x1 ? x0 : x1;
            double top23 = x2 > x3 ? x2 : x3;
            double top = top01 > top23 ? top01 : top23;
            int above = (x0 > ABOVE_ONE ? 1 : 0) + (x1 > ABOVE_ONE ? 1 : 0) + (x2 > ABOVE_ONE ? 1 : 0)
                    + (x3 > ABOVE_ONE ? 1 : 0);
            if (top > best[above]) {
                best[above] = top;
            }
            if (++t == steps) {
                break;
            }
            int i = Integer.numberOfTrailingZeros(t) + 1;
            double f = (negative & (1 << i)) == 0 ? -2.0 : 2.0;
            negative ^= 1 << i;
            int qi = i * S;
            a0 += f * q[qi];
            a1 += f * q[qi + 1];
            a2 += f * q[qi + 2];
            a3 += f * q[qi + 3];
        }
    }

    private void walkSigns5() {
        startWalk();
        double[] q = this.q;
        double[] best = this.bestByAbove;
        double a0 = acc[0];
        double a1 = acc[1];
        double a2 = acc[2];
        double a3 = acc[3];
        double a4 = acc[4];
        int steps = 1 << (k - 1);
        int negative = 0;
        for (int t = 0; ; ) {
            double x0 = Math.abs(a0);
            double x1 = Math.abs(a1);
            double x2 = Math.abs(a2);
            double x3 = Math.abs(a3);
            double x4 = Math.abs(a4);
            double top01 = x0 > x1 ? x0 : x1;
            double top23 = x2 > x3 ? x2 : x3;
            double top = top01 > top23 ? top01 : top23;
            top = x4 > top ? x4 : top;
            int above = (x0 > ABOVE_ONE ? 1 : 0) + (x1 > ABOVE_ONE ? 1 : 0) + (x2 > ABOVE_ONE ? 1 : 0)
                    + (x3 > ABOVE_ONE ? 1 : 0) + (x4 > ABOVE_ONE ? 1 : 0);
            if (top > best[above]) {
                best[above] = top;
            }
            if (++t == steps) {
                break;
            }
            int i = Integer.numberOfTrailingZeros(t) + 1;
            double f = (negative & (1 << i)) == 0 ? -2.0 : 2.0;
            negative ^= 1 << i;
            int qi = i * S;
            a0 += f * q[qi];
            a1 += f * q[qi + 1];
            a2 += f * q[qi + 2];
            a3 += f * q[qi + 3];
            a4 += f * q[qi + 4];
        }
    }

    /**
     * The largest s such that some s columns of G have rank &lt; k (at least k here, because a singular G_B
     * was seen). Rank deficiency passes to subsets, so only supersets of deficient sets are tried, one column
     * more at a time, starting from the singular k-sets found by the enumeration.
     */
    private int largestRankDeficientColumnCount(int k, int n, boolean integral, double tolerance) {
        BitSet level = (BitSet) singularSets.clone();
        int largest = k;
        for (int s = k + 1; s < n; s++) {
            BitSet tried = new BitSet(1 << n);
            BitSet deficient = new BitSet(1 << n);
            for (int d = level.nextSetBit(0); d >= 0; d = level.nextSetBit(d + 1)) {
                for (int c = 0; c < n; c++) {
                    int candidate = d | (1 << c);
                    if (candidate == d || tried.get(candidate)) {
                        continue;
                    }
                    tried.set(candidate);
                    int size = 0;
                    for (int j = 0; j < n; j++) {
                        if ((candidate & (1 << j)) != 0) {
                            subset[size++] = j;
                        }
                    }
                    if (rank(subset, size, k, integral, tolerance) < k) {
                        deficient.set(candidate);
                    }
                }
            }
            if (deficient.isEmpty()) {
                break;
            }
            largest = s;
            level = deficient;
        }
        return largest;
    }

    private int rank(int[] cols, int s, int k, boolean integral, double tolerance) {
        if (integral) {
            return ExactRank.rank(g, k, cols, s);
        }
        double[][] a = new double[k][s];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < s; j++) {
                a[i][j] = g[i][cols[j]];
            }
        }
        int rank = 0;
        for (int col = 0; col < s && rank < k; col++) {
            int pivotRow = rank;
            for (int i = rank + 1; i < k; i++) {
                if (Math.abs(a[i][col]) > Math.abs(a[pivotRow][col])) {
                    pivotRow = i;
                }
            }
            if (Math.abs(a[pivotRow][col]) <= tolerance) {
                continue;
            }
            double[] tmp = a[pivotRow];
            a[pivotRow] = a[rank];
            a[rank] = tmp;
            for (int i = rank + 1; i < k; i++) {
                double f = a[i][col] / a[rank][col];
                for (int j = col; j < s; j++) {
                    a[i][j] -= f * a[rank][j];
                }
            }
            rank++;
        }
        return rank;
    }
}

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
 * <p><b>Numerics.</b> Partial-pivoted Gauss–Jordan. Whether a k-set B is singular is decided by a
 * <em>cancellation test</em>, not by comparing pivots with a fixed number: beside every entry of the elimination
 * it carries the magnitude that entry would have if nothing had cancelled (the sum of the absolute values of
 * the terms it is formed from: |g| at the start, then |a_ij| + |a_i,col|·|a_pivot,j| per elimination step,
 * scaled with the pivot row). A pivot candidate a is only taken if |a| &gt; {@value #CANCELLATION} × its
 * magnitude; a column with no such candidate makes B singular. Why this rule:
 * <ul>
 *   <li>It is scale-aware: multiplying a row or a column of G_B by any factor multiplies an entry and its
 *   magnitude alike, so the decision does not depend on the units of P. (A fixed tolerance does: with one made
 *   relative to max|P| = 1e10 every identity pivot 1 was "singular" and every height came out ∞.)</li>
 *   <li>A minor that is zero in exact arithmetic of the intended entries, say rows (0.1, 0.3) and (0.3, 0.9),
 *   comes out of double elimination as a few units of rounding (u = 2⁻⁵³ ≈ 1.1e-16) of that magnitude:
 *   about k·u ≤ 1.3e-15 times it for k ≤ 11, including the input's own rounding to double. The threshold
 *   {@value #CANCELLATION} sits some 1000 times above that, so such a set is singular and the height ∞, not
 *   1e16. In the spirit of LAPACK's rank rule (singular values below eps·max(dims)·σ_max are zero), with a
 *   margin because Gaussian elimination estimates rank less sharply than an SVD.</li>
 *   <li>The price: a set that really is nonsingular but loses more than 12 digits to cancellation (condition
 *   about 1e12 and worse) is treated as singular. Elimination in double is accurate to about u × condition,
 *   1e-4 there and worse beyond, and such a set sits within a factor 1000 of rounding noise: double arithmetic
 *   can no longer tell it from an exactly singular one.</li>
 * </ul>
 * For integer P (all |entries| ≤ {@value #MAX_EXACT_INTEGER}) every set the test calls singular is settled by
 * exact integer elimination ({@link ExactRank}: 64-bit, falling back to BigInteger on overflow), so integer
 * codes (the course data) are never misjudged; larger integers take the cancellation test like real entries.
 * A coordinate counts as above 1 only beyond 1 + {@value #ABOVE_ONE_SLACK}, so rounding at degenerate vertices
 * cannot hide the optimum.
 *
 * <p><b>Supported entries</b> (checked once per code, O(entries), else {@link UnsupportedCodeException}): every
 * entry finite and either 0 or of magnitude in [{@value #MIN_NONZERO_ENTRY}, {@value #MAX_ENTRY}]. Then every
 * nonzero entry of G = [I | P] is in that range (the identity's 1 is), any product of up to k ≤ 11 entries lies
 * in [1e-132, 1e132], a k×k minor (at most 11! ≈ 4e7 such products) below 4e139, and a quotient of two
 * products of k entries — Cramer's rule writes each tableau entry as a quotient of two minors — in
 * [1e-264, 1e264], within double's normal range [2.2e-308, 1.8e308]: no overflow, and no underflow into
 * subnormals that would make the cancellation test meaningless. Beyond it the arithmetic breaks (1e308·1
 * overflows at the first elimination step; 1e-300 squared underflows to 0). As a safety net for codes whose
 * minors are far below the product of their entries, a vertex codeword that overflows double is refused too
 * rather than reported as a height.
 *
 * <p>Not thread-safe: it reuses work arrays. Use one instance per thread.
 */
public final class ExactHeightCalculator {

    /** The largest code length supported; the work is C(n,k)·2^(k−1) codewords. */
    public static final int MAX_N = 12;

    /** Largest magnitude of a P entry the arithmetic supports (see the class comment). */
    public static final double MAX_ENTRY = 1e12;

    /** Smallest magnitude of a nonzero P entry the arithmetic supports (see the class comment). */
    public static final double MIN_NONZERO_ENTRY = 1e-12;

    /** The supported range in words, for messages. */
    public static final String SUPPORTED_RANGE = "the supported range: every entry of P must be finite and either 0"
            + " or of magnitude between " + MIN_NONZERO_ENTRY + " and " + MAX_ENTRY;

    /**
     * A pivot candidate at most this share of the magnitude it was formed from is cancellation noise (see the
     * class comment).
     */
    static final double CANCELLATION = 1e-12;

    static final double ABOVE_ONE_SLACK = 1e-10;

    private static final double ABOVE_ONE = 1.0 + ABOVE_ONE_SLACK;

    /**
     * Integer entries beyond this are treated as real numbers. ExactRank never overflows silently (its 64-bit
     * elimination switches to BigInteger), so this only bounds the cost of the exact check.
     */
    static final double MAX_EXACT_INTEGER = 1 << 20;

    /** Row stride of the flattened work matrices. */
    private static final int S = 16;

    /** Pivots between from-scratch solves, to keep rounding from piling up along the chain. */
    private static final int MAX_PIVOTS_BETWEEN_SOLVES = 16;

    /**
     * A tableau holding an entry (a column 1-norm of Q) above this is not pivoted on: an update of it subtracts
     * numbers of that size, and their rounding (u times it) would stay in the neighbour's small entries. With
     * P spanning 1e-12 … 1 a chain through a tableau of 1e12 made a height of 2 come out as 2.0001.
     */
    private static final double MAX_CHAINED_ENTRY = 1 << 16;

    /** A pivot below this share of its row's largest entry is not trusted: the basis is solved from scratch. */
    private static final double SMALL_PIVOT = 1e-6;

    private final double[][] g = new double[MAX_N][MAX_N];
    /** The tableau T = G_B⁻¹·G, k rows of stride S: column j of a basic column is a unit vector. */
    private final double[] tableau = new double[MAX_N * S];
    /** Gauss–Jordan work space for [G_B | G]. */
    private final double[] work = new double[MAX_N * 2 * S];
    /** Beside {@code work}'s G_B block: each entry's magnitude without cancellation (the class comment). */
    private final double[] magnitude = new double[MAX_N * 2 * S];
    private final int[] workRow = new int[MAX_N];
    /** The tableau row of each basic column, −1 for the others. */
    private final int[] rowOf = new int[MAX_N];
    /** The non-basic columns, in the order Q's columns follow. */
    private final int[] free = new int[MAX_N];
    private final double[] q = new double[MAX_N * S];
    private final int[] subset = new int[MAX_N];
    private final double[] acc = new double[MAX_N];
    /** Per sign position, the multiple of its Q row that the next flip adds: −2 while σ_i = +1, else +2. */
    private final double[] step = new double[MAX_N];
    private final double[] bestByAbove = new double[MAX_N + 1];
    private final BitSet singularSets = new BitSet(1 << MAX_N);
    private int k;
    private int n;
    private int r;
    private boolean integral;
    private boolean anySingular;
    /** Whether the last from-scratch solve had no pivot near the cancellation threshold, so pivoting on is safe. */
    private boolean solveWasClean;

    private static final int ALL_M = -1;

    /** The whole height profile h_0 … h_{n−1} of the code with systematic part P (k rows, n−k columns). */
    public HeightProfile profile(double[][] p) {
        load(p);
        enumerate(ALL_M);
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
            int largestDeficient = largestRankDeficientColumnCount(n - 1);
            for (int m = n - largestDeficient; m < n; m++) {
                heights[m] = Double.POSITIVE_INFINITY;
            }
        }
        return new HeightProfile(n, k, heights);
    }

    /**
     * h_m(C) for one m: the same vertices as {@link #profile}, but a basis whose codewords cannot beat the best
     * h_m found so far (no free coordinate can exceed the largest column 1-norm of Q) is skipped, and for
     * m = n−k no sign walk is needed at all (every codeword qualifies, and max_σ |σ·Q_j| = ‖Q_j‖₁).
     */
    public double height(double[][] p, int m) {
        int n = p.length + (p.length > 0 ? p[0].length : 0);
        if (m < 1 || m > n - 1) {
            throw new IllegalArgumentException("m must be in [1, " + (n - 1) + "] for n=" + n + ", got " + m);
        }
        load(p);
        if (m > r) {
            return Double.POSITIVE_INFINITY;
        }
        double h = enumerate(m);
        if (anySingular && largestRankDeficientColumnCount(n - m) >= n - m) {
            return Double.POSITIVE_INFINITY;
        }
        return h;
    }

    /**
     * The rank test alone, without enumerating a single vertex: whether h_m(C) = ∞, that is whether some n − m
     * columns of G have rank &lt; k (every m &gt; n − k is infinite). Exact for integer P, scale-aware otherwise
     * (the same test as {@link #height}). This is what a model's predictions defer to for infinite heights.
     */
    public boolean isInfinite(double[][] p, int m) {
        load(p);
        if (m < 1 || m > n - 1) {
            throw new IllegalArgumentException("m must be in [1, " + (n - 1) + "] for n=" + n + ", got " + m);
        }
        if (m > r) {
            return true;
        }
        int s = n - m;
        Subsets.first(subset, s);
        do {
            if (rank(subset, s) < k) {
                return true;
            }
        } while (Subsets.next(subset, s, n));
        return false;
    }

    /**
     * Checks P and sets up G = [I | P], k, n, r and whether P is integral. This is the one place where entries
     * are checked against the supported range (the class comment): every caller of the engine gets the same
     * rule and the same {@link UnsupportedCodeException}, which names the entry.
     */
    private void load(double[][] p) {
        int k = p.length;
        if (k < 1) {
            throw new IllegalArgumentException("P must have at least one row");
        }
        int r = p[0].length;
        int n = k + r;
        if (r < 1 || n > MAX_N) {
            throw new IllegalArgumentException("need 1 ≤ n−k and n ≤ " + MAX_N + ", got k=" + k + ", n−k=" + r);
        }
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
                double a = Math.abs(v);
                // Written so that NaN fails too: NaN compares false with everything.
                if (!(v == 0.0 || (a >= MIN_NONZERO_ENTRY && a <= MAX_ENTRY))) {
                    throw new UnsupportedCodeException("entry [" + i + "][" + j + "] = " + v + " is outside "
                            + SUPPORTED_RANGE);
                }
                g[i][k + j] = v;
                integral &= v == Math.rint(v) && a <= MAX_EXACT_INTEGER;
            }
        }
        this.k = k;
        this.n = n;
        this.r = r;
        this.integral = integral;
    }

    /**
     * Visits every nonsingular basis and folds its vertex codewords into {@code bestByAbove}; records the
     * singular k-sets. With a target m (not {@link #ALL_M}) it prunes as described at {@link #height} and
     * returns the h_m found (before the infinity check); with ALL_M it returns NaN.
     */
    private double enumerate(int targetM) {
        Arrays.fill(bestByAbove, 0, r + 1, 1.0);
        singularSets.clear();
        anySingular = false;
        boolean haveTableau = false;
        boolean chainable = false;
        int pivotsSinceSolve = 0;
        double target = 1.0;
        for (VertexBasis basis : VertexBasis.all(n, k)) {
            // Pivoting on from a tableau solved near the cancellation threshold would carry its rounding (up to
            // u / SMALL_PIVOT) into the neighbours, whose own singularity pivot() could then misjudge.
            boolean ready = haveTableau && solveWasClean && chainable && basis.leaving() >= 0
                    && pivotsSinceSolve < MAX_PIVOTS_BETWEEN_SOLVES && pivot(basis.leaving(), basis.entering());
            if (ready) {
                pivotsSinceSolve++;
            } else {
                haveTableau = solve(basis.columns());
                pivotsSinceSolve = 0;
                if (!haveTableau) {
                    anySingular = true;
                    singularSets.set(basis.mask());
                    continue;
                }
            }
            double bound = gatherFreeColumns();
            chainable = bound <= MAX_CHAINED_ENTRY;
            if (targetM != ALL_M) {
                if (targetM >= r) {
                    target = Math.max(target, bound);
                    continue;
                }
                if (bound <= target) {
                    continue;
                }
            }
            switch (r) {
                case 3 -> walkSigns3();
                case 4 -> walkSigns4();
                case 5 -> walkSigns5();
                default -> walkSigns();
            }
            if (targetM != ALL_M) {
                for (int p = 0; p <= targetM; p++) {
                    target = Math.max(target, bestByAbove[p]);
                }
            }
        }
        return targetM == ALL_M ? Double.NaN : target;
    }

    /**
     * Solves for the tableau T = G_B⁻¹·G from scratch by Gauss–Jordan on [G_B | G] ({@link #eliminate}). Returns
     * false when G_B is singular: by the cancellation test, or exactly for integer P. Sets {@link #solveWasClean}.
     */
    private boolean solve(int[] cols) {
        int k = this.k;
        int n = this.n;
        if (eliminate(cols, k, true) < k) {
            return false;
        }
        double[] a = work;
        int[] row = workRow;
        Arrays.fill(rowOf, 0, n, -1);
        for (int i = 0; i < k; i++) {
            System.arraycopy(a, row[i] + S, tableau, i * S, n);
            rowOf[cols[i]] = i;
        }
        for (int j = 0, jj = 0; j < n; j++) {
            if (rowOf[j] < 0) {
                free[jj++] = j;
            }
        }
        return true;
    }

    /**
     * Moves the tableau to the neighbouring basis (column {@code leaving} out, {@code entering} in) by one
     * pivot. Returns false, leaving the tableau unusable, if the pivot is too small to trust.
     */
    private boolean pivot(int leaving, int entering) {
        int k = this.k;
        int r = this.r;
        double[] t = tableau;
        int[] free = this.free;
        int rho = rowOf[leaving];
        int pr = rho * S;
        double p = t[pr + entering];
        // Only non-basic columns are kept up to date; the leaving column is the unit vector e_rho.
        for (int i = 0; i < k; i++) {
            t[i * S + leaving] = i == rho ? 1.0 : 0.0;
        }
        double rowMax = 1.0;
        for (int jj = 0; jj < r; jj++) {
            double v = Math.abs(t[pr + free[jj]]);
            rowMax = v > rowMax ? v : rowMax;
        }
        if (!(Math.abs(p) > SMALL_PIVOT * rowMax)) {
            return false;
        }
        for (int jj = 0; jj < r; jj++) {
            if (free[jj] == entering) {
                free[jj] = leaving;
                break;
            }
        }
        double inv = 1.0 / p;
        for (int jj = 0; jj < r; jj++) {
            t[pr + free[jj]] *= inv;
        }
        for (int i = 0; i < k; i++) {
            if (i != rho) {
                int ri = i * S;
                double f = t[ri + entering];
                if (f != 0.0) {
                    for (int jj = 0; jj < r; jj++) {
                        int j = free[jj];
                        t[ri + j] -= f * t[pr + j];
                    }
                }
            }
        }
        rowOf[entering] = rho;
        rowOf[leaving] = -1;
        return true;
    }

    /**
     * Q = the tableau's non-basic columns: c_N = σ·Q, σ indexed by tableau row. Returns the largest column
     * 1-norm of Q, the largest |c_j| any sign vector can reach.
     */
    private double gatherFreeColumns() {
        int k = this.k;
        double[] t = tableau;
        double[] q = this.q;
        double bound = 0.0;
        for (int jj = 0; jj < r; jj++) {
            int j = free[jj];
            double norm = 0.0;
            for (int i = 0; i < k; i++) {
                double v = t[i * S + j];
                q[i * S + jj] = v;
                norm += Math.abs(v);
            }
            bound = norm > bound ? norm : bound;
        }
        // Once per basis, not per codeword: an overflowed (or NaN) tableau would otherwise pass as a height.
        if (!(bound <= Double.MAX_VALUE)) {
            throw new UnsupportedCodeException("has a vertex codeword beyond the double range (columns "
                    + Arrays.toString(Arrays.copyOf(free, r)) + " of G off the basis), so its height cannot be"
                    + " computed in double arithmetic; entries are within " + SUPPORTED_RANGE
                    + ", but a minor is far smaller than the product of its entries");
        }
        return bound;
    }

    /** 1 if x > 1 + slack, else 0, without a branch (the walk's comparisons are unpredictable). */
    private static int above(double x) {
        return (int) (Double.doubleToRawLongBits(ABOVE_ONE - x) >>> 63);
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
        Arrays.fill(step, 0, k, -2.0);
        for (int t = 0; ; ) {
            double top = 0.0;
            int above = 0;
            for (int j = 0; j < r; j++) {
                double x = Math.abs(acc[j]);
                top = x > top ? x : top;
                above += above(x);
            }
            if (top > best[above]) {
                best[above] = top;
            }
            if (++t == steps) {
                break;
            }
            int i = Integer.numberOfTrailingZeros(t) + 1;
            double f = step[i];
            step[i] = -f;
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
        Arrays.fill(step, 0, k, -2.0);
        for (int t = 0; ; ) {
            double x0 = Math.abs(a0);
            double x1 = Math.abs(a1);
            double x2 = Math.abs(a2);
            double top = x0 > x1 ? x0 : x1;
            top = x2 > top ? x2 : top;
            int above = above(x0) + above(x1) + above(x2);
            if (top > best[above]) {
                best[above] = top;
            }
            if (++t == steps) {
                break;
            }
            int i = Integer.numberOfTrailingZeros(t) + 1;
            double f = step[i];
            step[i] = -f;
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
        Arrays.fill(step, 0, k, -2.0);
        for (int t = 0; ; ) {
            double x0 = Math.abs(a0);
            double x1 = Math.abs(a1);
            double x2 = Math.abs(a2);
            double x3 = Math.abs(a3);
            double top01 = x0 > x1 ? x0 : x1;
            double top23 = x2 > x3 ? x2 : x3;
            double top = top01 > top23 ? top01 : top23;
            int above = above(x0) + above(x1) + above(x2)
                    + above(x3);
            if (top > best[above]) {
                best[above] = top;
            }
            if (++t == steps) {
                break;
            }
            int i = Integer.numberOfTrailingZeros(t) + 1;
            double f = step[i];
            step[i] = -f;
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
        Arrays.fill(step, 0, k, -2.0);
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
            int above = above(x0) + above(x1) + above(x2)
                    + above(x3) + above(x4);
            if (top > best[above]) {
                best[above] = top;
            }
            if (++t == steps) {
                break;
            }
            int i = Integer.numberOfTrailingZeros(t) + 1;
            double f = step[i];
            step[i] = -f;
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
     * more at a time, starting from the singular k-sets found by the enumeration. Stops at {@code enough}.
     */
    private int largestRankDeficientColumnCount(int enough) {
        int k = this.k;
        int n = this.n;
        BitSet level = (BitSet) singularSets.clone();
        int largest = k;
        for (int s = k + 1; s <= enough; s++) {
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
                    if (rank(subset, size) < k) {
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

    /**
     * Rank of the k×s matrix of the given columns of G: exact for integer P, else by the cancellation test of
     * {@link #eliminate} — the routine {@link #solve} runs — so a k-set gets the same verdict here as there.
     */
    private int rank(int[] cols, int s) {
        if (integral) {
            return ExactRank.rank(g, k, cols, s);
        }
        return eliminate(cols, s, false);
    }

    /**
     * The one elimination of the engine: partial pivoting among the candidates that pass the cancellation test
     * (the class comment) on the k×s matrix of the given columns of G, in {@link #work}, with each entry's
     * magnitude without cancellation beside it in {@link #magnitude}. Returns the number of pivots, the rank
     * by the cancellation test.
     *
     * <p>With {@code tableau} ({@link #solve}, s = k): Gauss–Jordan on [G_B | G] — the pivot row also scales G
     * in columns S … S+n, and rows above the pivot are eliminated too (which changes no entry a later pivot or
     * magnitude reads) — and a column without a trusted pivot ends it at once (singular), unless exact
     * arithmetic on integer P says the set is nonsingular: then the largest candidate is taken and the solve
     * is not clean ({@link #solveWasClean}, set when the elimination completes). Without ({@link #rank}): the
     * rows below the pivot only, and a column without a trusted pivot is a combination of the earlier ones,
     * up to cancellation noise, and is skipped.
     */
    private int eliminate(int[] cols, int s, boolean tableau) {
        int k = this.k;
        int n = this.n;
        int stride = 2 * S;
        int end = tableau ? S + n : s;
        double[] a = work;
        double[] mag = magnitude;
        int[] row = workRow;
        for (int i = 0; i < k; i++) {
            int base = i * stride;
            row[i] = base;
            double[] gi = g[i];
            for (int j = 0; j < s; j++) {
                double v = gi[cols[j]];
                a[base + j] = v;
                mag[base + j] = Math.abs(v);
            }
            if (tableau) {
                for (int j = 0; j < n; j++) {
                    a[base + S + j] = gi[j];
                }
            }
        }
        boolean clean = true;
        int rank = 0;
        for (int col = 0; col < s && rank < k; col++) {
            int pivot = -1;
            double pivotAbs = 0.0;
            int largest = rank;
            double largestAbs = -1.0;
            for (int i = rank; i < k; i++) {
                int ri = row[i];
                double v = Math.abs(a[ri + col]);
                if (v > largestAbs) {
                    largestAbs = v;
                    largest = i;
                }
                if (v > pivotAbs && v > CANCELLATION * mag[ri + col]) {
                    pivotAbs = v;
                    pivot = i;
                }
            }
            if (pivot < 0) {
                if (!tableau) {
                    continue; // this column is a combination of the earlier ones, up to cancellation noise
                }
                // Every candidate is cancellation noise: singular, unless exact arithmetic on integer P says
                // otherwise (a genuinely nonsingular set of condition beyond 1e12).
                if (!integral || ExactRank.rank(g, k, cols, k) < k) {
                    return rank;
                }
                if (largestAbs == 0.0) {
                    // Rounding cancelled a nonzero pivot to exactly 0.0: no division can recover it.
                    throw new UnsupportedCodeException("is too ill-conditioned for double arithmetic: columns "
                            + Arrays.toString(cols) + " of G are independent, but elimination in double loses"
                            + " every digit of one pivot");
                }
                pivot = largest;
                clean = false;
            } else if (pivotAbs <= SMALL_PIVOT * mag[row[pivot] + col]) {
                clean = false;
            }
            int tmp = row[pivot];
            row[pivot] = row[rank];
            row[rank] = tmp;
            int pr = row[rank];
            double inv = 1.0 / a[pr + col];
            for (int j = col; j < end; j++) {
                a[pr + j] *= inv;
            }
            double invAbs = Math.abs(inv);
            for (int j = col + 1; j < s; j++) {
                mag[pr + j] *= invAbs;
            }
            for (int i = tableau ? 0 : rank + 1; i < k; i++) {
                if (i != rank) {
                    int ri = row[i];
                    if (i > rank) {
                        // Only rows still to be pivoted need magnitudes; |a_i,col| bounds the multiplier and its
                        // own rounding, so the bound stays valid when the multiplier came from cancellation.
                        double fm = mag[ri + col];
                        for (int j = col + 1; j < s; j++) {
                            mag[ri + j] += fm * mag[pr + j];
                        }
                    }
                    double f = a[ri + col];
                    if (f != 0.0) {
                        for (int j = col; j < end; j++) {
                            a[ri + j] -= f * a[pr + j];
                        }
                    }
                }
            }
            rank++;
        }
        if (tableau) {
            solveWasClean = clean;
        }
        return rank;
    }
}

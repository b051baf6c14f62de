package org.mheightlab.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mheightlab.code.Minors;

/**
 * The token sets of the token model, built from the minors of G = [I_k | P] ({@link Minors#log2Minors}; why the
 * minors, their values and their numerics are described there). Three families of tokens:
 * <ul>
 *   <li><b>cocircuit tokens</b>: one per (k−1)-subset S, the L values of the minors D(S ∪ {j}), j ∉ S — the
 *   sorted |c| of the codeword vanishing on S, whose gaps are lower bounds on the heights
 *   ({@link Minors#cocircuitLowerBound});</li>
 *   <li><b>circuit tokens</b>: one per (k+1)-subset T, the L values of the minors D(T ∖ {t}), the coefficients
 *   of the linear dependency among those columns (where the heights near m = n−k are decided);</li>
 *   <li><b>column tokens</b>: within a circuit T, column j ∈ T is the combination Σ λ_t g_t of the others with
 *   |λ_t| = |D(T∖t)| / |D(T∖j)|, at ℓ1 cost v(T, j) = log2 Σ_{t ≠ j} |D(T∖t)| − log2 |D(T∖j)|. One token per
 *   column j holds the smallest of its costs over the circuits through j, sorted: how cheaply the other columns
 *   can make column j, which is what bounds a codeword's large coordinates against its small ones.</li>
 * </ul>
 * These are features, not the height: no LP, no vertex enumeration and no closed-form height is computed here.
 * A cocircuit or circuit token is its L values sorted (decreasing), so it is invariant under the order of its
 * columns, followed by a zero flag per position for the minors that vanish ({@link Minors#FLOOR}).
 *
 * <p>Thread-safe: the token batches of {@link MinorTokenInputs} share one instance.
 */
public final class MinorFeatures {

    /** Scale of the token values fed to the network: L / 16 puts the course's range (≈ −48 … 0) near [−3, 0]. */
    public static final float TOKEN_SCALE = 16f;

    /**
     * 1 / {@link #TOKEN_SCALE}: a power of two, so x · INV_SCALE is the same double as x / TOKEN_SCALE (both
     * round the same real number) and the multiplication is cheaper than the division.
     */
    private static final double INV_SCALE = 1.0 / TOKEN_SCALE;

    /** ln 2, hoisted out of the loop; log2 x is computed as ln x / LN2 exactly as before. */
    private static final double LN2 = Math.log(2);

    /** Costs are clamped to ±this (log2 units): a vanishing minor makes a cost infinite. */
    static final double COST_CAP = 64.0;

    private final int n;
    private final int k;
    /** {@link Minors#cocircuitTable()}: per cocircuit token, its n − k + 1 minor indices, end to end. */
    private final int[] cocircuitTable;
    /** {@link Minors#circuitTable()}: per circuit token, its k + 1 minor indices, end to end. */
    private final int[] circuitTable;
    private final int cocircuitCount;
    private final int circuitCount;
    /** Per column j, the (circuit, position of j in it) pairs, flattened: circuit index · (k+1) + position. */
    private final int[][] columnCircuits;
    /** Costs kept per column token. */
    private final int columnWidth;

    public MinorFeatures(int n, int k) {
        Minors minors = new Minors(n, k);
        this.n = n;
        this.k = k;
        cocircuitTable = minors.cocircuitTable();
        circuitTable = minors.circuitTable();
        cocircuitCount = cocircuitTable.length / (n - k + 1);
        circuitCount = circuitTable.length / (k + 1);
        int[] large = Minors.masksOfSize(n, k + 1);
        columnCircuits = new int[n][];
        for (int j = 0; j < n; j++) {
            List<Integer> through = new ArrayList<>();
            for (int t = 0; t < large.length; t++) {
                if ((large[t] & (1 << j)) != 0) {
                    int position = Integer.bitCount(large[t] & ((1 << j) - 1));
                    through.add(t * (k + 1) + position);
                }
            }
            columnCircuits[j] = through.stream().mapToInt(Integer::intValue).toArray();
        }
        columnWidth = Math.min(8, columnCircuits[0].length);
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    public int cocircuitCount() {
        return cocircuitCount;
    }

    public int circuitCount() {
        return circuitCount;
    }

    /** One column token per column of G. */
    public int columnCount() {
        return n;
    }

    /** Values per column token: the smallest ℓ1 costs of the column over the circuits through it, ascending. */
    public int columnWidth() {
        return columnWidth;
    }

    /** Values per cocircuit token: n − k + 1 sorted L values and as many zero flags. */
    public int cocircuitWidth() {
        return 2 * (n - k + 1);
    }

    /** Values per circuit token: k + 1 sorted L values and as many zero flags. */
    public int circuitWidth() {
        return 2 * (k + 1);
    }

    /** Writes the cocircuit tokens of one code (from {@link Minors#log2Minors}) at {@code offset}, token-major. */
    public void cocircuitTokens(double[] log2Minors, float[] out, int offset) {
        tokens(cocircuitTable, n - k + 1, log2Minors, out, offset);
    }

    /** Writes the circuit tokens of one code (from {@link Minors#log2Minors}) at {@code offset}, token-major. */
    public void circuitTokens(double[] log2Minors, float[] out, int offset) {
        tokens(circuitTable, k + 1, log2Minors, out, offset);
    }

    /** Writes the column tokens of one code (from {@link Minors#log2Minors}) at {@code offset}, token-major. */
    public void columnTokens(double[] log2Minors, float[] out, int offset) {
        int len = k + 1;
        double[] circuitL = new double[len];
        double[] costs = new double[columnCircuits[0].length];
        int at = offset;
        for (int j = 0; j < n; j++) {
            int[] through = columnCircuits[j];
            for (int c = 0; c < through.length; c++) {
                int position = through[c] % len;
                int start = through[c] - position;
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    circuitL[i] = log2Minors[circuitTable[start + i]];
                    if (i != position && circuitL[i] > Minors.FLOOR) {
                        sum += Math.pow(2, circuitL[i]);
                    }
                }
                double own = circuitL[position];
                double cost = own <= Minors.FLOOR ? COST_CAP
                        : sum == 0 ? -COST_CAP : Math.log(sum) / LN2 - own;
                costs[c] = Math.max(-COST_CAP, Math.min(COST_CAP, cost));
            }
            Arrays.sort(costs);
            for (int i = 0; i < columnWidth; i++) {
                out[at++] = (float) (costs[i] / TOKEN_SCALE);
            }
        }
    }

    /** The only work array is allocated per call, not per token. */
    private static void tokens(int[] table, int len, double[] l, float[] out, int offset) {
        double[] values = new double[len];
        int at = offset;
        for (int t = 0; t < table.length; t += len) {
            for (int i = 0; i < len; i++) {
                values[i] = l[table[t + i]];
            }
            // decreasing: the largest coordinate first, as in the definition of h_m
            Minors.sortDecreasing(values);
            for (int i = 0; i < len; i++) {
                out[at++] = (float) (values[i] * INV_SCALE);
            }
            for (int i = 0; i < len; i++) {
                out[at++] = values[i] <= Minors.FLOOR ? 1f : 0f;
            }
        }
    }
}

package org.mheightlab.model;

import java.util.Arrays;
import org.mheightlab.code.Minors;

/**
 * The pair tokens of the token model: one per basis B (a k-subset of G's columns with D(B) ≠ 0) and unordered
 * pair {a, y} of columns outside it. In the coordinates of B, columns a and y are A_a = G_B⁻¹ g_a and
 * A_y = G_B⁻¹ g_y, whose entries are ratios of minors (Cramer's rule). At m = n − k − 1 a codeword is large on
 * n − k coordinates and small on the other k only if some B, a and y relate this way: a sign pattern σ makes
 * σ·A_a large while σ·A_y stays small. Which sign patterns do depends on the relative signs of A_a's and A_y's
 * entries, which no single cocircuit or circuit token carries (they hold |minors| of one column set). The token
 * hands the network those two columns, and it is left to learn what they imply: no sign pattern is searched,
 * no codeword is formed and no height is computed here.
 *
 * <p>A token is written so that it does not change under what leaves the heights unchanged: the rows of B
 * (σ flips and reorders them) are made non-negative on A_a and sorted by |A_ia|, decreasing; the sign of
 * column y is fixed so that Σ_i sign(A_ia)·A_iy ≥ 0; a is the column of the pair with the larger ℓ1 norm.
 * Per row: log2|A_ia| / 16, log2|A_iy| / 16 and the sign of sign(A_ia)·A_iy (−1, 0, 1; 0 where either entry
 * vanishes, as a row with A_ia = 0 has no sign of its own); a vanishing entry is
 * {@link Minors#FLOOR} / 16. A B whose minor vanishes is no basis: its tokens are zeros with the last value 1.
 *
 * <p>Not thread-safe (work arrays): one instance per thread.
 */
public final class PairTokens {

    private static final double LN2 = Math.log(2);
    /** An entry of A below this is rounding noise around zero (A's entries are ratios of minors). */
    private static final double ZERO = 1e-12;
    /** Relative difference below which two ℓ1 norms, or a sum and zero, are a tie. */
    private static final double TIE = 1e-9;
    private static final double QUANTUM = 1 << 20;

    private final int n;
    private final int k;
    private final int[] bases;
    private final double[][] g;
    private final double[][] lu;
    private final double[][] a;
    /** The columns in B and outside it, for the basis being solved. */
    private final int[] inside;
    private final int[] outside;
    private final Integer[] rows;
    private final float[][] row;
    private final float[] candidate;
    private final float[] best;

    public PairTokens(int n, int k) {
        this.n = n;
        this.k = k;
        this.bases = Minors.masksOfSize(n, k);
        this.g = new double[k][n];
        this.lu = new double[k][k + n - k];
        this.a = new double[k][n - k];
        this.inside = new int[k];
        this.outside = new int[n - k];
        this.rows = new Integer[k];
        this.row = new float[k][3];
        this.candidate = new float[width(k)];
        this.best = new float[width(k)];
    }

    /** Tokens per code: C(n, k) · C(n − k, 2). */
    public static int count(int n, int k) {
        int bases = Minors.masksOfSize(n, k).length;
        return bases * (n - k) * (n - k - 1) / 2;
    }

    /** Values per token: three per row of B and the no-basis flag. */
    public static int width(int k) {
        return 3 * k + 1;
    }

    private void load(double[][] p) {
        for (int i = 0; i < k; i++) {
            Arrays.fill(g[i], 0);
            g[i][i] = 1;
            for (int j = 0; j < n - k; j++) {
                g[i][k + j] = p[i][j];
            }
        }
    }

    /** Writes the pair tokens of P at {@code offset}, token-major. */
    public void tokens(double[][] p, float[] out, int offset) {
        load(p);
        int width = width(k);
        int pairs = (n - k) * (n - k - 1) / 2;
        int at = offset;
        for (int basis : bases) {
            if (!solve(basis)) {
                for (int t = 0; t < pairs; t++) {
                    Arrays.fill(out, at, at + width - 1, 0f);
                    out[at + width - 1] = 1f;
                    at += width;
                }
                continue;
            }
            for (int x = 0; x < n - k; x++) {
                for (int z = x + 1; z < n - k; z++) {
                    pairToken(x, z, out, at);
                    at += width;
                }
            }
        }
    }

    private double norm1(int column) {
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += Math.abs(a[i][column]);
        }
        return s;
    }

    /**
     * The token of the pair {x, z}. Where the choice of a (equal ℓ1 norms) or of y's sign (a zero sum) is a tie,
     * as it often is for integer P, every tied choice is written and the lexicographically largest kept, so the
     * token does not depend on the order of G's columns.
     */
    private void pairToken(int x, int z, float[] out, int at) {
        double nx = norm1(x);
        double nz = norm1(z);
        boolean tie = Math.abs(nx - nz) <= TIE * Math.max(nx, nz);
        boolean have = false;
        for (int choice = 0; choice < 2; choice++) {
            int ca = choice == 0 ? (nx >= nz ? x : z) : (nx >= nz ? z : x);
            if (choice == 1 && !tie) {
                break;
            }
            int cy = ca == x ? z : x;
            double orient = 0;
            double size = 0;
            for (int i = 0; i < k; i++) {
                orient += Math.signum(a[i][ca]) * a[i][cy];
                size += Math.abs(a[i][cy]);
            }
            boolean flat = Math.abs(orient) <= TIE * size;
            for (double flip : flat ? new double[] {1, -1} : new double[] {orient < 0 ? -1 : 1}) {
                writeToken(ca, cy, flip, candidate);
                if (!have || greater(candidate, best)) {
                    System.arraycopy(candidate, 0, best, 0, candidate.length);
                    have = true;
                }
            }
        }
        System.arraycopy(best, 0, out, at, best.length);
    }

    private static boolean greater(float[] u, float[] v) {
        for (int i = 0; i < u.length; i++) {
            int c = Float.compare(u[i], v[i]);
            if (c != 0) {
                return c > 0;
            }
        }
        return false;
    }

    /** Rows as (log2|A_ia|, log2|A_iy|, relative sign), sorted decreasing on all three, then the flag 0. */
    private void writeToken(int ca, int cy, double flip, float[] token) {
        for (int i = 0; i < k; i++) {
            double xv = a[i][ca];
            double yv = a[i][cy];
            // a row with A_ia = 0 can be flipped freely (σ_i does not move σ·A_a): its y sign carries nothing
            double sign = Math.signum(xv) * Math.signum(yv) * flip;
            row[i][0] = scaled(xv);
            row[i][1] = scaled(yv);
            row[i][2] = (float) sign;
            rows[i] = i;
        }
        Arrays.sort(rows, (r, q) -> {
            for (int c = 0; c < 3; c++) {
                int cmp = Float.compare(row[q][c], row[r][c]);
                if (cmp != 0) {
                    return cmp;
                }
            }
            return 0;
        });
        int at = 0;
        for (int i = 0; i < k; i++) {
            float[] r = row[rows[i]];
            token[at++] = r[0];
            token[at++] = r[1];
            token[at++] = r[2];
        }
        token[at] = 0f;
    }

    private static float scaled(double value) {
        double v = Math.abs(value);
        double l = v < ZERO ? Minors.FLOOR : Math.max(Minors.FLOOR, Math.log(v) / LN2);
        // rounded to 2^-20 log2 units: an entry reached through a different elimination order differs in its last
        // bits, and must sort and compare as the same value (+ 0.0 turns a −0.0 into the 0.0 it must equal)
        return (float) (Math.rint(l * QUANTUM) / QUANTUM / MinorFeatures.TOKEN_SCALE + 0.0);
    }

    /** A = G_B⁻¹ G on the columns outside B (into {@link #a}, their order in {@link #outside}); false if singular. */
    private boolean solve(int basis) {
        int c = 0;
        int o = 0;
        for (int j = 0; j < n; j++) {
            if ((basis & (1 << j)) != 0) {
                inside[c++] = j;
            } else {
                outside[o++] = j;
            }
        }
        // [G_B | G_outside], eliminated with partial pivoting
        double scale = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                lu[i][j] = g[i][inside[j]];
                scale = Math.max(scale, Math.abs(lu[i][j]));
            }
            for (int j = 0; j < n - k; j++) {
                lu[i][k + j] = g[i][outside[j]];
            }
        }
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(lu[r][col]) > Math.abs(lu[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(lu[pivot][col]) <= 1e-12 * scale) {
                return false;
            }
            double[] tmp = lu[pivot];
            lu[pivot] = lu[col];
            lu[col] = tmp;
            for (int r = 0; r < k; r++) {
                if (r != col && lu[r][col] != 0) {
                    double f = lu[r][col] / lu[col][col];
                    for (int j = col; j < n; j++) {
                        lu[r][j] -= f * lu[col][j];
                    }
                }
            }
        }
        for (int i = 0; i < k; i++) {
            double d = lu[i][i];
            for (int j = 0; j < n - k; j++) {
                double v = lu[i][k + j] / d;
                a[i][j] = Math.abs(v) < ZERO ? 0 : v;
            }
        }
        return true;
    }
}

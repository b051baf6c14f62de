package org.mheightlab.data.gen;

import org.mheightlab.code.GramSpectrum;

/**
 * The families of P that the course data holds more (or less) often than uniform entries do, as one exclusive
 * class per matrix (checked in this order), plus the entry-range bins. Used by {@code mheight describe} to
 * measure a dataset and by the tests of {@link EntryDistribution.CourseMix} to check its draws.
 * <ul>
 *   <li>{@link Family#NEAR_CONSTANT}: max|P| ≥ {@value #NEAR_CONSTANT_MIN_MAX} and every |entry| ≥
 *       {@value #NEAR_CONSTANT_FRACTION}·max|P| (all entries ±c up to a small noise);</li>
 *   <li>{@link Family#DEGENERATE}: a zero row or column, or two exactly proportional rows or columns (such a
 *       code has an infinite height for some m);</li>
 *   <li>{@link Family#NEAR_LOW_RANK}: σ_min/σ_max &lt; {@value #LOW_RANK_RATIO};</li>
 *   <li>{@link Family#GENERIC}: everything else.</li>
 * </ul>
 */
public final class MatrixFamilies {

    /** σ_min/σ_max below which P counts as near-low-rank. */
    public static final double LOW_RANK_RATIO = 0.05;
    /** Every |entry| at least this fraction of max|P| for a near-constant P. */
    public static final double NEAR_CONSTANT_FRACTION = 0.85;
    /** Smallest max|P| of a near-constant P (a ±1 matrix is not one). */
    public static final int NEAR_CONSTANT_MIN_MAX = 10;

    /**
     * The finer range set: the course's {@link EntryDistribution#COURSE_RANGES} plus the ranges that DS-1's
     * max|P| histogram shows as edges (a value v holding several times as many samples as v + 1: 5, 10, 80) and
     * the small maxima 1, 2, 3 that uniform entries in [−4, 4] almost never give.
     */
    public static final int[] FINE_RANGES = {1, 2, 3, 4, 5, 8, 10, 16, 32, 50, 64, 80, 100};

    /** One exclusive class per matrix. */
    public enum Family {
        NEAR_CONSTANT("near-constant"),
        DEGENERATE("degenerate"),
        NEAR_LOW_RANK("near-low-rank"),
        GENERIC("generic");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private MatrixFamilies() {
    }

    public static Family classify(double[][] p) {
        double max = maxAbs(p);
        if (max >= NEAR_CONSTANT_MIN_MAX && minAbs(p) >= NEAR_CONSTANT_FRACTION * max) {
            return Family.NEAR_CONSTANT;
        }
        if (hasProportionalLines(p)) {
            return Family.DEGENERATE;
        }
        if (singularRatio(p) < LOW_RANK_RATIO) {
            return Family.NEAR_LOW_RANK;
        }
        return Family.GENERIC;
    }

    public static double maxAbs(double[][] p) {
        double m = 0;
        for (double[] row : p) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    static double minAbs(double[][] p) {
        double m = Double.POSITIVE_INFINITY;
        for (double[] row : p) {
            for (double v : row) {
                m = Math.min(m, Math.abs(v));
            }
        }
        return m;
    }

    /** The smallest r of {@code ranges} with r ≥ max|P|; −1 when max|P| exceeds them all. */
    public static int bin(double maxAbs, int[] ranges) {
        for (int r : ranges) {
            if (maxAbs <= r) {
                return r;
            }
        }
        return -1;
    }

    /** σ_min/σ_max of P (0 for the zero matrix), from the eigenvalues of its smaller Gram matrix. */
    public static double singularRatio(double[][] p) {
        double[] eig = GramSpectrum.eigenvalues(p);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double e : eig) {
            lo = Math.min(lo, e);
            hi = Math.max(hi, e);
        }
        return hi <= 0 ? 0 : Math.sqrt(Math.max(0, lo) / hi);
    }

    /** Whether P has a zero row or column or two proportional rows or columns (exact for integer entries). */
    public static boolean hasProportionalLines(double[][] p) {
        int k = p.length;
        int cols = p[0].length;
        // Lines of length 1 are always proportional and do not make a height infinite: only longer ones count.
        for (int a = 0; a < k && cols > 1; a++) {
            for (int b = a + 1; b < k; b++) {
                if (rowsProportional(p, a, b)) {
                    return true;
                }
            }
        }
        double[][] t = new double[cols][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < cols; j++) {
                t[j][i] = p[i][j];
            }
        }
        for (int a = 0; a < cols && k > 1; a++) {
            for (int b = a + 1; b < cols; b++) {
                if (rowsProportional(t, a, b)) {
                    return true;
                }
            }
        }
        for (double[] row : p) {
            if (isZero(row)) {
                return true;
            }
        }
        for (double[] col : t) {
            if (isZero(col)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Every 2×2 minor of rows a, b vanishes (a zero row counts as proportional to any row). */
    private static boolean rowsProportional(double[][] p, int a, int b) {
        int cols = p[a].length;
        for (int i = 0; i < cols; i++) {
            for (int j = i + 1; j < cols; j++) {
                if (p[a][i] * p[b][j] - p[a][j] * p[b][i] != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}

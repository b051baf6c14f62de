package org.mheightlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.augment.Symmetries;
import org.mheightlab.code.ExactHeightCalculator;

class MinorFeaturesTest {

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * n = 4, k = 2, P = [[1, 2], [3, 4]]: G's columns e1, e2, p1 = (1, 3), p2 = (2, 4). The 2×2 minors, by hand:
     * {e1,e2} = 1, {e1,p1} = 3, {e2,p1} = −1, {e1,p2} = 4, {e2,p2} = −2, {p1,p2} = 1·4 − 2·3 = −2; the largest
     * |D| is 4, so L = log2|D| − 2.
     */
    @Test
    void twoByTwoByHand() {
        MinorFeatures f = new MinorFeatures(4, 2);
        double[] l = f.log2Minors(new double[][] {{1, 2}, {3, 4}});
        // subsets in mask order: {e1,e2}, {e1,p1}, {e2,p1}, {e1,p2}, {e2,p2}, {p1,p2}
        assertArrayEquals(new double[] {-2, log2(3) - 2, -2, 0, -1, -1}, l, 1e-12);
        assertEquals(4, f.cocircuitCount());
        assertEquals(4, f.circuitCount());
        float[] co = new float[f.cocircuitCount() * f.cocircuitWidth()];
        f.cocircuitTokens(l, co, 0);
        // S = {e1}: D({e1,e2}) = 1, D({e1,p1}) = 3, D({e1,p2}) = 4 → sorted L 0, log2 3 − 2, −2; no zeros
        float s = MinorFeatures.TOKEN_SCALE;
        assertArrayEquals(new float[] {0f, (float) ((log2(3) - 2) / s), -2f / s, 0, 0, 0},
                java.util.Arrays.copyOf(co, 6), 1e-6f);
        // The cocircuit of S = {e1} is the codeword (0, 1, 3, 4)/4 up to signs: its h_1 = 4/3, h_2 = 4.
        assertEquals(log2(4.0), f.cocircuitLowerBound(l, 2), 1e-12);
    }

    /**
     * n = 6, k = 3, P with a 2×2 block of rank 1: P = [[1, 2, 0], [2, 4, 0], [0, 0, 5]]. The minor {p1, p2, e3}
     * = det [[1,2],[2,4]] = 0 must be exactly zero (the floor, with its flag), and the full 3×3 minor of P is 0.
     */
    @Test
    void vanishingMinorsAreExactlyZeroForIntegerP() {
        MinorFeatures f = new MinorFeatures(6, 3);
        double[] l = f.log2Minors(new double[][] {{1, 2, 0}, {2, 4, 0}, {0, 0, 5}});
        int zeros = 0;
        for (double v : l) {
            zeros += v == MinorFeatures.FLOOR ? 1 : 0;
        }
        // Zero minors: every B whose P-columns restricted to the rows outside B's identity part are singular.
        assertEquals(bruteForceZeroCount(new double[][] {{1, 2, 0}, {2, 4, 0}, {0, 0, 5}}), zeros);
        assertTrue(zeros > 0);
    }

    /** Every L agrees with a textbook determinant of the k columns of G, for random integer and real P. */
    @Test
    void minorsMatchDeterminantsOfGColumns() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int k = 2; k <= 6; k++) {
            MinorFeatures f = new MinorFeatures(9, k);
            for (int trial = 0; trial < 20; trial++) {
                boolean integer = trial % 2 == 0;
                double[][] p = new double[k][9 - k];
                for (double[] row : p) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = integer ? rng.nextInt(-100, 101) : rng.nextGaussian() * 10;
                    }
                }
                double[] l = f.log2Minors(p);
                double[] expected = bruteForceLog2Minors(p);
                for (int i = 0; i < l.length; i++) {
                    if (expected[i] == MinorFeatures.FLOOR) {
                        assertEquals(MinorFeatures.FLOOR, l[i]);
                    } else {
                        assertEquals(expected[i], l[i], 1e-9, "k=" + k + " minor " + i);
                    }
                }
            }
        }
    }

    /** Row/column permutations and sign flips of P permute the tokens and nothing else. */
    @Test
    void tokensAreInvariantUnderTheSymmetriesOfP() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int k = 4; k <= 6; k++) {
            MinorFeatures f = new MinorFeatures(9, k);
            for (int trial = 0; trial < 25; trial++) {
                double[][] p = new double[k][9 - k];
                for (double[] row : p) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = trial % 2 == 0 ? rng.nextInt(-8, 9) : rng.nextDouble(-50, 50);
                    }
                }
                double[][] q = Symmetries.random(p, rng);
                assertEquals(tokenMultiset(f, p), tokenMultiset(f, q));
                double[] lp = f.log2Minors(p);
                double[] lq = f.log2Minors(q);
                for (int m = 1; m <= 9 - k; m++) {
                    assertEquals(f.cocircuitLowerBound(lp, m), f.cocircuitLowerBound(lq, m), 1e-9);
                }
            }
        }
    }

    /** The cocircuit bound is a real codeword's h_m, so it never exceeds the exact m-height. */
    @Test
    void cocircuitBoundIsALowerBoundOnTheHeight() {
        SplittableRandom rng = new SplittableRandom(5);
        ExactHeightCalculator calc = new ExactHeightCalculator();
        for (int k = 4; k <= 6; k++) {
            MinorFeatures f = new MinorFeatures(9, k);
            for (int trial = 0; trial < 30; trial++) {
                double[][] p = new double[k][9 - k];
                for (double[] row : p) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = rng.nextInt(-20, 21);
                    }
                }
                double[] l = f.log2Minors(p);
                var profile = calc.profile(p);
                for (int m = 1; m <= 9 - k; m++) {
                    double bound = f.cocircuitLowerBound(l, m);
                    assertTrue(bound <= log2(profile.height(m)) + 1e-9, "k=" + k + " m=" + m);
                }
            }
        }
    }

    private static List<String> tokenMultiset(MinorFeatures f, double[][] p) {
        double[] l = f.log2Minors(p);
        float[] co = new float[f.cocircuitCount() * f.cocircuitWidth()];
        float[] ci = new float[f.circuitCount() * f.circuitWidth()];
        f.cocircuitTokens(l, co, 0);
        f.circuitTokens(l, ci, 0);
        List<String> out = new ArrayList<>();
        addTokens(out, co, f.cocircuitWidth(), "co");
        addTokens(out, ci, f.circuitWidth(), "ci");
        out.sort(null);
        return out;
    }

    private static void addTokens(List<String> out, float[] values, int width, String kind) {
        for (int t = 0; t < values.length / width; t++) {
            StringBuilder sb = new StringBuilder(kind);
            for (int i = 0; i < width; i++) {
                // rounded: real-valued minors of permuted matrices differ in the last bits
                sb.append(' ').append(Math.round(values[t * width + i] * 1e6));
            }
            out.add(sb.toString());
        }
    }

    /** log2|det G_B| − max for every k-subset B (mask order), by Gaussian elimination with partial pivoting. */
    private static double[] bruteForceLog2Minors(double[][] p) {
        int k = p.length;
        int n = k + p[0].length;
        int[] masks = MinorFeatures.masksOfSize(n, k);
        double[] out = new double[masks.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < masks.length; i++) {
            double d = Math.abs(det(columns(p, masks[i])));
            out[i] = d < 1e-7 ? Double.NEGATIVE_INFINITY : log2(d);
            max = Math.max(max, out[i]);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] == Double.NEGATIVE_INFINITY ? MinorFeatures.FLOOR : out[i] - max;
        }
        return out;
    }

    private static int bruteForceZeroCount(double[][] p) {
        int zeros = 0;
        for (double v : bruteForceLog2Minors(p)) {
            zeros += v == MinorFeatures.FLOOR ? 1 : 0;
        }
        return zeros;
    }

    private static double[][] columns(double[][] p, int mask) {
        int k = p.length;
        double[][] a = new double[k][k];
        int at = 0;
        for (int j = 0; j < k + p[0].length; j++) {
            if ((mask & (1 << j)) != 0) {
                for (int r = 0; r < k; r++) {
                    a[r][at] = j < k ? (r == j ? 1 : 0) : p[r][j - k];
                }
                at++;
            }
        }
        return a;
    }

    private static double det(double[][] m) {
        int k = m.length;
        double[][] a = new double[k][];
        for (int i = 0; i < k; i++) {
            a[i] = m[i].clone();
        }
        double d = 1;
        for (int c = 0; c < k; c++) {
            int piv = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            if (a[piv][c] == 0) {
                return 0;
            }
            if (piv != c) {
                double[] t = a[piv];
                a[piv] = a[c];
                a[c] = t;
                d = -d;
            }
            d *= a[c][c];
            for (int r = c + 1; r < k; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j < k; j++) {
                    a[r][j] -= f * a[c][j];
                }
            }
        }
        return d;
    }
}

package org.mheightlab.code;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.RandomCodes;

class MinorsTest {

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
        Minors minors = new Minors(4, 2);
        double[] l = minors.log2Minors(new double[][] {{1, 2}, {3, 4}});
        // subsets in mask order: {e1,e2}, {e1,p1}, {e2,p1}, {e1,p2}, {e2,p2}, {p1,p2}
        assertArrayEquals(new double[] {-2, log2(3) - 2, -2, 0, -1, -1}, l, 1e-12);
        assertEquals(6, minors.count());
        // S = {e1}: the minors {e1,e2}, {e1,p1}, {e1,p2}; T = {e1,e2,p1}: {e2,p1}, {e1,p1}, {e1,e2}
        assertArrayEquals(new int[] {0, 1, 3}, java.util.Arrays.copyOf(minors.cocircuitTable(), 3));
        assertArrayEquals(new int[] {2, 1, 0}, java.util.Arrays.copyOf(minors.circuitTable(), 3));
        // The cocircuit of S = {e1} is the codeword (0, 1, 3, 4)/4 up to signs: its h_1 = 4/3, h_2 = 4.
        assertEquals(log2(4.0), minors.cocircuitLowerBound(l, 2), 1e-12);
    }

    /**
     * n = 6, k = 3, P with a 2×2 block of rank 1: P = [[1, 2, 0], [2, 4, 0], [0, 0, 5]]. The minor {p1, p2, e3}
     * = det [[1,2],[2,4]] = 0 must be exactly zero (the floor), and the full 3×3 minor of P is 0.
     */
    @Test
    void vanishingMinorsAreExactlyZeroForIntegerP() {
        Minors minors = new Minors(6, 3);
        double[] l = minors.log2Minors(new double[][] {{1, 2, 0}, {2, 4, 0}, {0, 0, 5}});
        int zeros = 0;
        for (double v : l) {
            zeros += v == Minors.FLOOR ? 1 : 0;
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
            Minors minors = new Minors(9, k);
            for (int trial = 0; trial < 20; trial++) {
                boolean integer = trial % 2 == 0;
                double[][] p = new double[k][9 - k];
                for (double[] row : p) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = integer ? rng.nextInt(-100, 101) : rng.nextGaussian() * 10;
                    }
                }
                double[] l = minors.log2Minors(p);
                double[] expected = bruteForceLog2Minors(p);
                for (int i = 0; i < l.length; i++) {
                    if (expected[i] == Minors.FLOOR) {
                        assertEquals(Minors.FLOOR, l[i]);
                    } else {
                        assertEquals(expected[i], l[i], 1e-9, "k=" + k + " minor " + i);
                    }
                }
            }
        }
    }

    /** Row/column permutations and sign flips of P leave the cocircuit bound unchanged. */
    @Test
    void cocircuitBoundIsInvariantUnderTheSymmetriesOfP() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int k = 4; k <= 6; k++) {
            Minors minors = new Minors(9, k);
            for (int trial = 0; trial < 25; trial++) {
                double[][] p = RandomCodes.smallP(rng, k, trial % 2 == 0);
                double[][] q = Symmetries.random(p, rng);
                double[] lp = minors.log2Minors(p);
                double[] lq = minors.log2Minors(q);
                for (int m = 1; m <= 9 - k; m++) {
                    assertEquals(minors.cocircuitLowerBound(lp, m), minors.cocircuitLowerBound(lq, m), 1e-9);
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
            Minors minors = new Minors(9, k);
            for (int trial = 0; trial < 30; trial++) {
                double[][] p = new double[k][9 - k];
                for (double[] row : p) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = rng.nextInt(-20, 21);
                    }
                }
                double[] l = minors.log2Minors(p);
                var profile = calc.profile(p);
                for (int m = 1; m <= 9 - k; m++) {
                    double bound = minors.cocircuitLowerBound(l, m);
                    assertTrue(bound <= log2(profile.height(m)) + 1e-9, "k=" + k + " m=" + m);
                }
            }
        }
    }

    /** log2|det G_B| − max for every k-subset B (mask order), by Gaussian elimination with partial pivoting. */
    private static double[] bruteForceLog2Minors(double[][] p) {
        int k = p.length;
        int n = k + p[0].length;
        int[] masks = Minors.masksOfSize(n, k);
        double[] out = new double[masks.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < masks.length; i++) {
            double d = Math.abs(ReferenceDeterminant.of(columns(p, masks[i])));
            out[i] = d < 1e-7 ? Double.NEGATIVE_INFINITY : log2(d);
            max = Math.max(max, out[i]);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] == Double.NEGATIVE_INFINITY ? Minors.FLOOR : out[i] - max;
        }
        return out;
    }

    private static int bruteForceZeroCount(double[][] p) {
        int zeros = 0;
        for (double v : bruteForceLog2Minors(p)) {
            zeros += v == Minors.FLOOR ? 1 : 0;
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
}

package org.mheightlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.code.Symmetries;
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

    /**
     * Pins the tokens of fixed integer P (one per k) so that a change to the minors, the index tables or the
     * sorting cannot slip through as a "speed-up". The first cocircuit token of k = 4 is worked by hand: S is
     * {e1, e2, e3}, so D(S ∪ {e4}) = 1 and D(S ∪ {p_c}) = ±P[3][c] = 3, 2, −3, 8, 4; the largest minor of G is
     * the 4×4 minor of P on its columns 1, 3, 4, 5, |D| = 5876 (checked with numpy over all 126 subsets). The
     * rest is pinned by a checksum of every token value rounded to 1e−5 (rounded, so a last-ulp difference of
     * Math.log between platforms does not fail it; any real change moves values by far more).
     */
    @Test
    void tokensArePinnedForFixedIntegerP() {
        double[][][] ps = {
            {{3, -1, 4, 1, -5}, {9, 2, -6, 5, 3}, {-5, 8, 9, -7, 9}, {3, 2, -3, 8, 4}},
            {{3, -1, 4, 1}, {-5, 9, 2, -6}, {5, 3, -5, 8}, {9, -7, 9, 3}, {2, -3, 8, 4}},
            {{3, -1, 4}, {1, -5, 9}, {2, -6, 5}, {3, -5, 8}, {9, -7, 9}, {3, 2, -3}}};
        long[][] checksums = {
            {-5787987480014856757L, -4137542593652863325L},
            {-4727453798337424769L, -2154775799580274887L},
            {-135368181662216483L, 3626077806270980362L}};
        for (int i = 0; i < ps.length; i++) {
            int k = ps[i].length;
            MinorFeatures f = new MinorFeatures(9, k);
            double[] l = f.log2Minors(ps[i]);
            float[] co = new float[f.cocircuitCount() * f.cocircuitWidth()];
            float[] ci = new float[f.circuitCount() * f.circuitWidth()];
            f.cocircuitTokens(l, co, 0);
            f.circuitTokens(l, ci, 0);
            if (k == 4) {
                double top = log2(5876);
                float s = MinorFeatures.TOKEN_SCALE;
                float[] expected = new float[12];
                double[] sorted = {8, 4, 3, 3, 2, 1};
                for (int j = 0; j < 6; j++) {
                    expected[j] = (float) ((log2(sorted[j]) - top) / s);
                }
                assertArrayEquals(expected, java.util.Arrays.copyOf(co, 12), 1e-6f);
            }
            assertEquals(checksums[i][0], roundedChecksum(co), "cocircuit tokens of k=" + k);
            assertEquals(checksums[i][1], roundedChecksum(ci), "circuit tokens of k=" + k);
        }
    }

    /**
     * The tokens equal their definition, built here independently of MinorFeatures' index tables: for every
     * (k−1)-subset S (k+1-subset T) in mask order, the L of S ∪ {j} (T ∖ {t}) sorted decreasingly by
     * Arrays.sort, then the zero flags. Bit for bit, on random integer (with zero minors) and real P.
     */
    @Test
    void tokensMatchTheirDefinition() {
        SplittableRandom rng = new SplittableRandom(23);
        for (int k = 2; k <= 7; k++) {
            MinorFeatures f = new MinorFeatures(9, k);
            int[] kSets = MinorFeatures.masksOfSize(9, k);
            java.util.Map<Integer, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < kSets.length; i++) {
                index.put(kSets[i], i);
            }
            for (int trial = 0; trial < 40; trial++) {
                double[][] p = new double[k][9 - k];
                for (double[] row : p) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = trial % 2 == 0 ? rng.nextInt(-3, 4) : rng.nextGaussian() * 20;
                    }
                }
                double[] l = f.log2Minors(p);
                float[] co = new float[f.cocircuitCount() * f.cocircuitWidth()];
                float[] ci = new float[f.circuitCount() * f.circuitWidth()];
                f.cocircuitTokens(l, co, 0);
                f.circuitTokens(l, ci, 0);
                List<Float> expectedCo = new ArrayList<>();
                for (int s : MinorFeatures.masksOfSize(9, k - 1)) {
                    List<Double> values = new ArrayList<>();
                    for (int j = 0; j < 9; j++) {
                        if ((s & (1 << j)) == 0) {
                            values.add(l[index.get(s | (1 << j))]);
                        }
                    }
                    appendToken(expectedCo, values);
                }
                List<Float> expectedCi = new ArrayList<>();
                for (int t : MinorFeatures.masksOfSize(9, k + 1)) {
                    List<Double> values = new ArrayList<>();
                    for (int j = 0; j < 9; j++) {
                        if ((t & (1 << j)) != 0) {
                            values.add(l[index.get(t & ~(1 << j))]);
                        }
                    }
                    appendToken(expectedCi, values);
                }
                assertArrayEquals(toArray(expectedCo), co, "cocircuit tokens, k=" + k + " trial " + trial);
                assertArrayEquals(toArray(expectedCi), ci, "circuit tokens, k=" + k + " trial " + trial);
            }
        }
    }

    private static void appendToken(List<Float> out, List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        java.util.Arrays.sort(v);
        for (int i = v.length - 1; i >= 0; i--) {
            out.add((float) (v[i] / MinorFeatures.TOKEN_SCALE));
        }
        for (int i = v.length - 1; i >= 0; i--) {
            out.add(v[i] <= MinorFeatures.FLOOR ? 1f : 0f);
        }
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static long roundedChecksum(float[] values) {
        long h = 17;
        for (float v : values) {
            h = h * 31 + Math.round(v * 1e5);
        }
        return h;
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
            double d = Math.abs(ReferenceDeterminant.of(columns(p, masks[i])));
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
}

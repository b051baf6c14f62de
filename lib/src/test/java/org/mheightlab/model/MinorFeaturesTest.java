package org.mheightlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.RandomCodes;
import org.mheightlab.code.Minors;
import org.mheightlab.code.Symmetries;

class MinorFeaturesTest {

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * n = 4, k = 2, P = [[1, 2], [3, 4]]: G's columns e1, e2, p1 = (1, 3), p2 = (2, 4); the minors by hand are in
     * MinorsTest (L = log2|D| − 2 with |D| = 1, 3, 1, 4, 2, 2 in mask order).
     */
    @Test
    void twoByTwoByHand() {
        MinorFeatures f = new MinorFeatures(4, 2);
        double[] l = new Minors(4, 2).log2Minors(new double[][] {{1, 2}, {3, 4}});
        assertEquals(4, f.cocircuitCount());
        assertEquals(4, f.circuitCount());
        float[] co = new float[f.cocircuitCount() * f.cocircuitWidth()];
        f.cocircuitTokens(l, co, 0);
        // S = {e1}: D({e1,e2}) = 1, D({e1,p1}) = 3, D({e1,p2}) = 4 → sorted L 0, log2 3 − 2, −2; no zeros
        float s = MinorFeatures.TOKEN_SCALE;
        assertArrayEquals(new float[] {0f, (float) ((log2(3) - 2) / s), -2f / s, 0, 0, 0},
                java.util.Arrays.copyOf(co, 6), 1e-6f);
    }

    /** Row/column permutations and sign flips of P permute the tokens and nothing else. */
    @Test
    void tokensAreInvariantUnderTheSymmetriesOfP() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int k = 4; k <= 6; k++) {
            MinorFeatures f = new MinorFeatures(9, k);
            for (int trial = 0; trial < 25; trial++) {
                double[][] p = RandomCodes.smallP(rng, k, trial % 2 == 0);
                double[][] q = Symmetries.random(p, rng);
                assertEquals(tokenMultiset(f, p), tokenMultiset(f, q));
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
            double[] l = new Minors(9, k).log2Minors(ps[i]);
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
            Minors minors = new Minors(9, k);
            int[] kSets = Minors.masksOfSize(9, k);
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
                double[] l = minors.log2Minors(p);
                float[] co = new float[f.cocircuitCount() * f.cocircuitWidth()];
                float[] ci = new float[f.circuitCount() * f.circuitWidth()];
                f.cocircuitTokens(l, co, 0);
                f.circuitTokens(l, ci, 0);
                List<Float> expectedCo = new ArrayList<>();
                for (int s : Minors.masksOfSize(9, k - 1)) {
                    List<Double> values = new ArrayList<>();
                    for (int j = 0; j < 9; j++) {
                        if ((s & (1 << j)) == 0) {
                            values.add(l[index.get(s | (1 << j))]);
                        }
                    }
                    appendToken(expectedCo, values);
                }
                List<Float> expectedCi = new ArrayList<>();
                for (int t : Minors.masksOfSize(9, k + 1)) {
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
            out.add(v[i] <= Minors.FLOOR ? 1f : 0f);
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
        double[] l = new Minors(f.n(), f.k()).log2Minors(p);
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
}

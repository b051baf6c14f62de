package org.mheightlab.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.data.Group;
import org.mheightlab.data.gen.EntryDistribution;

class ExactHeightCalculatorTest {

    private final ExactHeightCalculator calc = new ExactHeightCalculator();

    /** Codes over all nine groups: integer entries (small ranges give rank-deficient, infinite cases) and Gaussian. */
    private static List<Object[]> randomCodes(int perKind, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ranges = {1, 2, 3, 5, 10, 100};
        List<Object[]> out = new ArrayList<>();
        for (Group g : Group.TASK_GROUPS) {
            for (int i = 0; i < perKind; i++) {
                EntryDistribution ints = new EntryDistribution.UniformInt(ranges[i % ranges.length]);
                out.add(new Object[] {g, ints.sample(rng, g.k(), 9 - g.k())});
                out.add(new Object[] {g, new EntryDistribution.Gaussian(1.0).sample(rng, g.k(), 9 - g.k())});
            }
        }
        return out;
    }

    private static void assertSameHeight(double expected, double actual, double relTol, String what) {
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            assertEquals(expected, actual, what);
        } else {
            assertEquals(expected, actual, relTol * Math.abs(expected), what);
        }
    }

    @Test
    void agreesWithLinearProgrammingOnRandomCodesOfEveryGroup() {
        List<Object[]> codes = randomCodes(12, 2024);
        assertTrue(codes.size() >= 200);
        int infinite = 0;
        for (Object[] c : codes) {
            Group g = (Group) c[0];
            double[][] p = (double[][]) c[1];
            double exact = calc.profile(p).height(g.m());
            double lp = LpHeightReference.compact(p, g.m());
            assertSameHeight(lp, calc.height(p, g.m()), 1e-9, "single-m path, group " + g);
            assertSameHeight(lp, exact, 1e-9, "group " + g + ", P=" + java.util.Arrays.deepToString(p));
            infinite += Double.isInfinite(exact) ? 1 : 0;
        }
        assertTrue(infinite > 0, "the sample must include infinite heights");
        assertTrue(infinite < codes.size() / 2, "most heights must be finite");
    }

    @Test
    void compactAndTextbookLpFormulationsAgreeWithTheEngine() {
        SplittableRandom rng = new SplittableRandom(7);
        for (Group g : List.of(new Group(4, 2), new Group(5, 2), new Group(6, 2), new Group(4, 3))) {
            double[][] p = new EntryDistribution.UniformInt(6).sample(rng, g.k(), 9 - g.k());
            double exact = calc.profile(p).height(g.m());
            assertSameHeight(LpHeightReference.textbook(p, g.m()), exact, 1e-9, "textbook LP, group " + g);
        }
    }

    @Test
    void singleMPathAgreesWithTheProfile() {
        for (Object[] c : randomCodes(8, 17)) {
            double[][] p = (double[][]) c[1];
            HeightProfile profile = calc.profile(p);
            for (int m = 1; m < profile.n(); m++) {
                assertSameHeight(profile.height(m), calc.height(p, m), 1e-12, "m=" + m);
            }
        }
    }

    @Test
    void smallestCodeByHand() {
        // k = 1: the only codewords are multiples of (1, 2, 3): h_1 = 3/2, h_2 = 3/1.
        HeightProfile h = calc.profile(new double[][] {{2, 3}});
        assertEquals(1.0, h.height(0));
        assertEquals(1.5, h.height(1), 1e-15);
        assertEquals(3.0, h.height(2), 1e-15);
        // A zero in P gives the codeword (1, 0, 3): n−m = 1 zero for m = 2, so h_2 = ∞; h_1 = 3.
        HeightProfile z = calc.profile(new double[][] {{0, 3}});
        assertEquals(3.0, z.height(1), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, z.height(2));
    }

    @Test
    void heightsBeyondNMinusKAreInfinite() {
        HeightProfile h = calc.profile(new double[][] {{1, 2, 3, 4, 5}, {-1, 0, 2, 7, 1}, {3, 3, -2, 1, 0},
                {4, -5, 6, 1, 2}});
        for (int m = 6; m < 9; m++) {
            assertEquals(Double.POSITIVE_INFINITY, h.height(m));
        }
        assertTrue(h.isFinite(4));
    }

    @Test
    void invariantUnderRowAndColumnPermutationsAndSignFlips() {
        SplittableRandom rng = new SplittableRandom(11);
        for (Object[] c : randomCodes(3, 5)) {
            double[][] p = (double[][]) c[1];
            int k = p.length;
            int r = p[0].length;
            int[] rows = permutation(rng, k);
            int[] cols = permutation(rng, r);
            double[][] t = new double[k][r];
            for (int i = 0; i < k; i++) {
                double rowSign = rng.nextBoolean() ? 1 : -1;
                for (int j = 0; j < r; j++) {
                    t[i][j] = rowSign * p[rows[i]][cols[j]];
                }
            }
            for (int j = 0; j < r; j++) {
                if (rng.nextBoolean()) {
                    for (int i = 0; i < k; i++) {
                        t[i][j] = -t[i][j];
                    }
                }
            }
            HeightProfile a = calc.profile(p);
            HeightProfile b = calc.profile(t);
            for (int m = 1; m < k + r; m++) {
                assertSameHeight(a.height(m), b.height(m), 1e-12, "m=" + m);
            }
        }
    }

    @Test
    void nonDecreasingInM() {
        for (Object[] c : randomCodes(4, 9)) {
            HeightProfile h = calc.profile((double[][]) c[1]);
            for (int m = 1; m < h.n(); m++) {
                assertTrue(h.height(m) >= h.height(m - 1), "h_" + m + " < h_" + (m - 1) + " in " + h);
            }
        }
    }

    @Test
    void atLeastTheHeightOfAnyCodeword() {
        SplittableRandom rng = new SplittableRandom(3);
        for (Object[] c : randomCodes(2, 13)) {
            double[][] p = (double[][]) c[1];
            int k = p.length;
            int n = k + p[0].length;
            HeightProfile h = calc.profile(p);
            for (int trial = 0; trial < 200; trial++) {
                double[] u = new double[k];
                for (int i = 0; i < k; i++) {
                    u[i] = rng.nextDouble(-1, 1);
                }
                double[] mags = new double[n];
                for (int j = 0; j < n; j++) {
                    double v = j < k ? u[j] : 0;
                    if (j >= k) {
                        for (int i = 0; i < k; i++) {
                            v += u[i] * p[i][j - k];
                        }
                    }
                    mags[j] = Math.abs(v);
                }
                java.util.Arrays.sort(mags);
                for (int m = 1; m < n; m++) {
                    double hc = mags[n - 1] / mags[n - 1 - m];
                    assertTrue(h.height(m) >= hc * (1 - 1e-12), "h_" + m + "(C)=" + h.height(m) + " < h_m(c)=" + hc);
                }
            }
        }
    }

    @Test
    void rejectsMalformedMatrices() {
        assertThrows(IllegalArgumentException.class, () -> calc.profile(new double[][] {{1, Double.NaN}}));
        assertThrows(IllegalArgumentException.class, () -> calc.profile(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> calc.profile(new double[7][6]));
        assertThrows(IllegalArgumentException.class, () -> calc.profile(new double[][] {{}}));
        assertThrows(IllegalArgumentException.class, () -> calc.profile(new double[][] {{1, 2}}).height(3));
    }

    private static int[] permutation(SplittableRandom rng, int size) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

package org.mheightlab.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
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

    // ---- Scale-aware singularity and the supported entry range (issue 8, item 10) ----

    /**
     * P = [[a, 1], [1, 1]], a = 1e10, by hand (n = 4, k = 2, c = (u1, u2, a·u1 + u2, u1 + u2)). At the vertex of
     * B = {0, 3} with σ = (1, 1): u = (1, 0), c = (1, 0, a, 1), one coordinate above 1, so h_1 ≥ a/1 = a. The
     * other vertex codewords with at most one coordinate above 1 have max |c_j| of 1 + 2/(a−1), a − 1 or 1, and
     * B = {1, 3}, σ = (1, −1) gives c = (−2, 1, 1 − 2a, −1) with two above 1, so h_1 = a exactly. For m = 2 = n−k
     * every vertex counts: the largest is that last one, h_2 = 2a − 1. h_3 = ∞ (m > n−k). A tolerance fixed
     * relative to max|P| called every pivot 1 singular here and returned ∞ for all three.
     */
    @Test
    void largeEntryGivesTheHandComputedHeightsNotInfinity() {
        double a = 1e10;
        double[][] p = {{a, 1}, {1, 1}};
        assertEquals(a, calc.height(p, 1), 1e-6 * 1e-6 * a);
        HeightProfile h = calc.profile(p);
        assertEquals(a, h.height(1), 1e-12 * a);
        assertEquals(2 * a - 1, h.height(2), 1e-12 * a);
        assertEquals(Double.POSITIVE_INFINITY, h.height(3));
        assertSameHeight(LpHeightReference.compact(p, 1), h.height(1), 1e-9, "LP, h_1");
        assertSameHeight(LpHeightReference.compact(p, 2), h.height(2), 1e-9, "LP, h_2");
    }

    @Test
    void refusesEntriesOutsideTheSupportedRangeNamingTheEntry() {
        double[] bad = {1e308, -1e308, 1e13, Math.nextUp(ExactHeightCalculator.MAX_ENTRY), 1e-13, -1e-300,
                Double.MIN_VALUE, Math.nextDown(ExactHeightCalculator.MIN_NONZERO_ENTRY), Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : bad) {
            double[][] p = {{1, 2, 3}, {4, 5, v}};
            for (int m = 1; m <= 4; m++) {
                int mm = m;
                UnsupportedCodeException e = assertThrows(UnsupportedCodeException.class, () -> calc.height(p, mm),
                        "entry " + v);
                assertTrue(e.getMessage().startsWith("P entry [1][2] = " + v + " is outside the supported range"),
                        e.getMessage());
                assertTrue(e.problem().contains("between 1.0E-12 and 1.0E12"), e.problem());
            }
            assertThrows(UnsupportedCodeException.class, () -> calc.profile(p), "profile, entry " + v);
        }
    }

    @Test
    void acceptsTheEdgesOfTheSupportedRange() {
        // 0 is always fine; the bounds themselves are inside. Each code is compared with the LP reference.
        double big = ExactHeightCalculator.MAX_ENTRY;
        double small = ExactHeightCalculator.MIN_NONZERO_ENTRY;
        double[][][] codes = {
                {{big, 1}, {1, -1}},
                {{small, 1}, {1, -1}},
                {{big, small}, {-small, 1}},
                {{0, -big}, {small, 0.5}},
        };
        for (double[][] p : codes) {
            for (int m = 1; m <= 2; m++) {
                double h = calc.height(p, m);
                assertSameHeight(LpHeightReference.compact(p, m), h, 1e-6, "m=" + m + ", P=" + Arrays.deepToString(p));
                assertSameHeight(calc.profile(p).height(m), h, 1e-12, "profile m=" + m);
            }
        }
    }

    /**
     * Rows proportional with decimal values: exactly rank-deficient as typed, but not in binary (0.1·0.9 − 0.3·0.3
     * is 1.4e-17 in double, and the 3×3 below has a double determinant of −2.2e-16). A test of "pivot == 0"
     * would call these nonsingular and report heights of 1e16; the cancellation test must give ∞.
     */
    @Test
    void exactlyRankDeficientDecimalCodesAreInfinite() {
        assertNotEquals(0.0, 0.1 * 0.9 - 0.3 * 0.3, "the example must not be singular in plain double arithmetic");
        double[][] two = {{0.1, 0.3}, {0.3, 0.9}};
        // Columns 2, 3 of G (P itself) have rank 1: n−m = 2 such columns make h_2 = ∞; any 3 columns have rank 2.
        HeightProfile h = calc.profile(two);
        assertEquals(Double.POSITIVE_INFINITY, h.height(2));
        assertEquals(Double.POSITIVE_INFINITY, calc.height(two, 2));
        assertTrue(h.isFinite(1));
        assertSameHeight(LpHeightReference.compact(two, 1), h.height(1), 1e-9, "h_1 of the 2x2");

        double[] r1 = {0.1, 0.7, 1.3};
        double[] r2 = {0.37, 2.59, 4.81}; // 3.7 × r1, as typed
        double[] r3 = {0.2, -0.5, 0.9};
        double det = r1[0] * (r2[1] * r3[2] - r2[2] * r3[1]) - r1[1] * (r2[0] * r3[2] - r2[2] * r3[0])
                + r1[2] * (r2[0] * r3[1] - r2[1] * r3[0]);
        assertNotEquals(0.0, det, "the example must not be singular in plain double arithmetic");
        double[][] three = {r1, r2, r3};
        // P's three columns have rank 2 < k = 3: h_3 (n−m = 3) is infinite; h_2 needs 4 deficient columns.
        HeightProfile h3 = calc.profile(three);
        assertEquals(Double.POSITIVE_INFINITY, h3.height(3));
        assertEquals(Double.POSITIVE_INFINITY, calc.height(three, 3));
        for (int m = 1; m <= 2; m++) {
            assertSameHeight(LpHeightReference.compact(three, m), h3.height(m), 1e-9, "h_" + m + " of the 3x3");
            assertSameHeight(h3.height(m), calc.height(three, m), 1e-12, "single m=" + m);
        }
    }

    @Test
    void integersBeyondTheExactBoundTakeTheScaleAwarePath() {
        // Integer entries above MAX_EXACT_INTEGER = 2^20 are treated as reals; rows proportional stay ∞ ...
        double big = 3 * ExactHeightCalculator.MAX_EXACT_INTEGER + 1;
        double[][] proportional = {{big, 5 * big}, {7 * big, 35 * big}};
        assertEquals(Double.POSITIVE_INFINITY, calc.height(proportional, 2));
        assertTrue(calc.profile(proportional).isFinite(1));
        // ... and nonsingular ones agree with the LP reference.
        SplittableRandom rng = new SplittableRandom(41);
        for (int t = 0; t < 6; t++) {
            double[][] p = new double[3][3];
            for (double[] row : p) {
                for (int j = 0; j < 3; j++) {
                    row[j] = (double) rng.nextLong(-(1L << 30), 1L << 30);
                }
            }
            for (int m = 1; m <= 3; m++) {
                assertSameHeight(LpHeightReference.compact(p, m), calc.height(p, m), 1e-7,
                        "m=" + m + ", P=" + Arrays.deepToString(p));
            }
        }
    }

    /**
     * An integer P = L·U (unit triangular L, U) has determinant 1, yet its double elimination keeps only 8e-13
     * of the magnitude in the last pivot, below the cancellation threshold: the exact integer check must keep
     * it nonsingular. Its inverse is an integer matrix, and at the vertex u = σ·P⁻¹ of B = P's columns the
     * codeword is (σ·P⁻¹, σ), so h_3 (m = n−k) is at least the largest column 1-norm of P⁻¹ (computed here in
     * exact integer arithmetic).
     */
    @Test
    void integerCodeBelowTheCancellationThresholdIsSettledExactly() {
        long a = 700;
        long b = 990;
        long c = 1013;
        long d = 997;
        long e = -651;
        long f = 877;
        long[][] lower = {{1, 0, 0}, {a, 1, 0}, {b, c, 1}};
        long[][] upper = {{1, d, e}, {0, 1, f}, {0, 0, 1}};
        long[][] pl = multiply(lower, upper);
        double[][] p = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                p[i][j] = pl[i][j];
                assertTrue(Math.abs(pl[i][j]) <= ExactHeightCalculator.MAX_EXACT_INTEGER, "must stay integral");
            }
        }
        long[][] inverse = multiply(inverseUnitUpper(upper), inverseUnitLower(lower));
        assertEquals(List.of(List.of(1L, 0L, 0L), List.of(0L, 1L, 0L), List.of(0L, 0L, 1L)),
                toLists(multiply(pl, inverse)), "P·P⁻¹");
        long norm = 0;
        for (int j = 0; j < 3; j++) {
            norm = Math.max(norm, Math.abs(inverse[0][j]) + Math.abs(inverse[1][j]) + Math.abs(inverse[2][j]));
        }
        double h3 = calc.height(p, 3);
        // Calling P singular makes h_3 = ∞ (a singular k-set is its own deficient set of n−m = 3 columns).
        // Elimination at condition ~1e12 is accurate to about u·1e12 ≈ 1e-4, hence the slack.
        assertTrue(Double.isFinite(h3), "P is nonsingular (det 1), h_3 must be finite");
        assertTrue(h3 >= norm * (1 - 1e-3), "h_3 = " + h3 + " < ‖P⁻¹‖ = " + norm);
        assertSameHeight(h3, calc.profile(p).height(3), 1e-9, "profile");
    }

    /**
     * Real P whose entries span 1e-6 … 1e6 in magnitude (log-uniform, random signs, some zeros), against the LP
     * reference. Small groups keep the LP affordable; every m from 1 to n−k is checked.
     */
    @Test
    void wideDynamicRangeAgreesWithLinearProgramming() {
        SplittableRandom rng = new SplittableRandom(8);
        int[][] shapes = {{2, 2}, {2, 3}, {3, 2}, {3, 3}, {2, 4}};
        int finite = 0;
        for (int t = 0; t < 25; t++) {
            int[] shape = shapes[t % shapes.length];
            double[][] p = new double[shape[0]][shape[1]];
            for (double[] row : p) {
                for (int j = 0; j < row.length; j++) {
                    double mag = Math.pow(10, rng.nextDouble(-6, 6));
                    row[j] = rng.nextInt(12) == 0 ? 0.0 : rng.nextBoolean() ? mag : -mag;
                }
            }
            HeightProfile h = calc.profile(p);
            for (int m = 1; m <= shape[1]; m++) {
                double lp = LpHeightReference.compact(p, m);
                String what = "m=" + m + ", P=" + Arrays.deepToString(p);
                assertSameHeight(lp, h.height(m), 1e-6, what);
                assertSameHeight(h.height(m), calc.height(p, m), 1e-12, "single m, " + what);
                finite += Double.isFinite(lp) ? 1 : 0;
            }
        }
        assertTrue(finite > 40, "most of these heights must be finite, got " + finite);
    }

    /**
     * h_m is not scale-invariant (I_k is fixed): the codes cP for c = 1e-8 and 1e8 are compared with the LP
     * reference; for k = 1 the closed form is known, c = (1, cP) sorted by magnitude, and checked exactly.
     */
    @Test
    void scaledCodesAgreeWithLinearProgrammingAndTheClosedForm() {
        SplittableRandom rng = new SplittableRandom(12);
        for (double scale : new double[] {1e-8, 1e8}) {
            for (int t = 0; t < 6; t++) {
                int k = 2 + t % 2;
                int r = 2 + t / 3;
                double[][] p = new double[k][r];
                for (double[] row : p) {
                    for (int j = 0; j < r; j++) {
                        // |entries| in [0.5, 2] so the scaled ones stay inside the supported range
                        row[j] = scale * (rng.nextBoolean() ? 1 : -1) * rng.nextDouble(0.5, 2.0);
                    }
                }
                for (int m = 1; m <= r; m++) {
                    assertSameHeight(LpHeightReference.compact(p, m), calc.height(p, m), 1e-6,
                            "scale " + scale + ", m=" + m + ", P=" + Arrays.deepToString(p));
                }
            }
            double[] row = {scale * 0.5, -scale * 3, scale * 1.25, scale};
            double[] mags = {1, Math.abs(row[0]), Math.abs(row[1]), Math.abs(row[2]), Math.abs(row[3])};
            Arrays.sort(mags);
            HeightProfile h = calc.profile(new double[][] {row});
            for (int m = 1; m < 5; m++) {
                assertEquals(mags[4] / mags[4 - m], h.height(m), 1e-15 * h.height(m), "k=1, scale " + scale);
            }
        }
    }

    private static long[][] multiply(long[][] x, long[][] y) {
        long[][] z = new long[x.length][y[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                for (int l = 0; l < y.length; l++) {
                    z[i][j] = Math.addExact(z[i][j], Math.multiplyExact(x[i][l], y[l][j]));
                }
            }
        }
        return z;
    }

    private static long[][] inverseUnitLower(long[][] l) {
        // [[1,0,0],[a,1,0],[b,c,1]]⁻¹ = [[1,0,0],[−a,1,0],[ac−b,−c,1]]
        return new long[][] {{1, 0, 0}, {-l[1][0], 1, 0}, {l[1][0] * l[2][1] - l[2][0], -l[2][1], 1}};
    }

    private static long[][] inverseUnitUpper(long[][] u) {
        // [[1,d,e],[0,1,f],[0,0,1]]⁻¹ = [[1,−d,df−e],[0,1,−f],[0,0,1]]
        return new long[][] {{1, -u[0][1], u[0][1] * u[1][2] - u[0][2]}, {0, 1, -u[1][2]}, {0, 0, 1}};
    }

    private static List<List<Long>> toLists(long[][] m) {
        List<List<Long>> out = new ArrayList<>();
        for (long[] row : m) {
            out.add(Arrays.stream(row).boxed().toList());
        }
        return out;
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

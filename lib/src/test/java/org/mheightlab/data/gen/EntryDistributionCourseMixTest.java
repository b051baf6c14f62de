package org.mheightlab.data.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * course-mix reproduces the DS-1 shares it is built from (docs/course-mix.md). Tolerance per share p (a fraction)
 * over N = 20,000 draws: 4 binomial standard errors 4·sqrt(p(1−p)/N) (a draw outside it has probability
 * ≈ 6e-5 per check) plus 0.3 percentage points for the known systematic shifts: near-constant matrices ignore r
 * (up to 0.39 % of draws move to the r = 100 bin) and a few uniform draws in a small range stay below the next
 * smaller range.
 */
class EntryDistributionCourseMixTest {

    static final int N = 20_000;

    static double tolerance(double p) {
        return 4 * Math.sqrt(p * (1 - p) / N) + 0.003;
    }

    @Test
    void familyAndRangeSharesMatchDs1PerK() {
        EntryDistribution mix = EntryDistribution.parse("course-mix");
        int[] coarse = EntryDistribution.COURSE_RANGES;
        for (int k = 4; k <= 6; k++) {
            int row = EntryDistribution.CourseMix.row(k);
            SplittableRandom rng = new SplittableRandom(100 + k);
            int[] families = new int[MatrixFamilies.Family.values().length];
            int[] bins = new int[coarse.length];
            for (int i = 0; i < N; i++) {
                double[][] p = mix.sample(rng, k, 9 - k);
                families[MatrixFamilies.classify(p).ordinal()]++;
                int b = MatrixFamilies.bin(MatrixFamilies.maxAbs(p), coarse);
                assertTrue(b > 0, "max|P| above 100");
                bins[java.util.Arrays.binarySearch(coarse, b)]++;
            }
            double[] fam = EntryDistribution.CourseMix.FAMILY_SHARES[row];
            check("k=" + k + " near-constant", fam[0] / 100, families[MatrixFamilies.Family.NEAR_CONSTANT.ordinal()]);
            check("k=" + k + " near-low-rank", fam[1] / 100, families[MatrixFamilies.Family.NEAR_LOW_RANK.ordinal()]);
            check("k=" + k + " degenerate", 0, families[MatrixFamilies.Family.DEGENERATE.ordinal()]);
            // DS-1's coarse bins are sums of its fine bins (the fine ranges refine the coarse ones).
            double[] fine = EntryDistribution.CourseMix.RANGE_SHARES[row];
            double total = java.util.Arrays.stream(fine).sum();
            for (int c = 0; c < coarse.length; c++) {
                double expected = 0;
                for (int f = 0; f < fine.length; f++) {
                    if (MatrixFamilies.bin(MatrixFamilies.FINE_RANGES[f], coarse) == coarse[c]) {
                        expected += fine[f];
                    }
                }
                check("k=" + k + " r-bin " + coarse[c], expected / total, bins[c]);
            }
        }
    }

    private static void check(String what, double expected, int count) {
        double got = (double) count / N;
        assertTrue(Math.abs(got - expected) <= tolerance(expected),
                what + ": course-mix " + got + ", DS-1 " + expected + ", tolerance " + tolerance(expected));
    }

    @Test
    void sameSeedSameMatricesIntegerEntriesInRange() {
        EntryDistribution mix = new EntryDistribution.CourseMix();
        for (int k = 1; k <= 8; k++) {
            SplittableRandom a = new SplittableRandom(7);
            SplittableRandom b = new SplittableRandom(7);
            for (int i = 0; i < 500; i++) {
                double[][] p = mix.sample(a, k, 9 - k);
                assertArrayEquals(p, mix.sample(b, k, 9 - k));
                for (double[] row : p) {
                    for (double v : row) {
                        assertTrue(v == Math.rint(v) && Math.abs(v) <= 100, "entry " + v);
                    }
                }
            }
        }
        double[][] first = mix.sample(new SplittableRandom(1), 4, 5);
        double[][] other = mix.sample(new SplittableRandom(2), 4, 5);
        assertTrue(!java.util.Arrays.deepEquals(first, other));
    }

    @Test
    void parseAndSpec() {
        assertEquals("course-mix", EntryDistribution.parse(" course-mix ").spec());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EntryDistribution.parse("course-mix:3"));
        assertTrue(e.getMessage().contains("takes no parameter") && e.getMessage().contains("course-mix"),
                e.getMessage());
        assertTrue(EntryDistribution.FORMS.contains("course-mix"));
    }

    @Test
    void familiesOfHandMadeMatrices() {
        assertEquals(MatrixFamilies.Family.NEAR_CONSTANT,
                MatrixFamilies.classify(new double[][] {{98, 97, 98}, {99, -100, 98}}));
        assertEquals(MatrixFamilies.Family.DEGENERATE,
                MatrixFamilies.classify(new double[][] {{1, 2, 3}, {-2, -4, -6}, {1, 0, 5}}));
        assertEquals(MatrixFamilies.Family.DEGENERATE, MatrixFamilies.classify(new double[][] {{1, 0}, {2, 0}}));
        assertEquals(MatrixFamilies.Family.NEAR_LOW_RANK,
                MatrixFamilies.classify(new double[][] {{10, 20, 31}, {20, 40, 61}, {1, 7, 3}}));
        assertEquals(MatrixFamilies.Family.GENERIC, MatrixFamilies.classify(new double[][] {{1, 2}, {3, -4}}));
        // a 1×c row is never "proportional columns"
        assertEquals(MatrixFamilies.Family.GENERIC, MatrixFamilies.classify(new double[][] {{1, 2, -3}}));
        assertEquals(0.5, MatrixFamilies.singularRatio(new double[][] {{2, 0}, {0, 1}}), 1e-12);
    }
}

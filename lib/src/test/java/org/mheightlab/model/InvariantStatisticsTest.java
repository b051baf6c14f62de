package org.mheightlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.RandomCodes;
import org.mheightlab.code.GramSpectrum;
import org.mheightlab.code.Symmetries;

class InvariantStatisticsTest {

    /** log2 of a vanishing norm or singular value, as InvariantStatistics writes it. */
    private static final double FLOOR = -40;


    /**
     * The baseline's inputs must not tell symmetric copies of P apart (they have the same heights). The Jacobi
     * rotations run in another order on a permuted Gram matrix, so singular values agree to rounding, not bits.
     */
    @Test
    void statisticsAreInvariantUnderRowColumnPermutationsAndSignFlips() {
        SplittableRandom rng = new SplittableRandom(41);
        for (int k = 4; k <= 6; k++) {
            for (int trial = 0; trial < 50; trial++) {
                double[][] p = RandomCodes.randomP(rng, k, trial % 2 == 0);
                double[][] q = Symmetries.random(p, rng);
                assertArrayEquals(InvariantStatistics.of(p), InvariantStatistics.of(q), 1e-9,
                        "k=" + k + " P=" + Arrays.deepToString(p));
            }
        }
    }

    /**
     * P = diag(1, 2, −4, 8) padded with a zero column (4×5): row norms and singular values are |d_i|, the
     * column norms are |d_i| and one zero column (the floor); σ_min/σ_max = 1/8 and max|P| = 8.
     */
    @Test
    void diagonalMatrixByHand() {
        double[][] p = {{1, 0, 0, 0, 0}, {0, 2, 0, 0, 0}, {0, 0, -4, 0, 0}, {0, 0, 0, 8, 0}};
        double[] expected = {
            0, 1, 2, 3, // sorted log2 row norms
            FLOOR, 0, 1, 2, 3, // sorted log2 column norms, the empty column at the floor
            0, 1, 2, 3, // log2 singular values, increasing
            -3, // log2 σ_min/σ_max
            3}; // log2 max|P|
        assertEquals(InvariantStatistics.size(4, 5), expected.length);
        assertArrayEquals(expected, InvariantStatistics.of(p), 1e-12);
    }

    /**
     * The statistics carry exactly the singular values of {@link GramSpectrum}: 2^(2·log2 σ) summed is the
     * Frobenius norm Σ p² (for k = 4, 5, 6; k ≥ n − k uses PᵀP).
     */
    @Test
    void singularValueBlockSumsToTheFrobeniusNorm() {
        SplittableRandom rng = new SplittableRandom(43);
        for (int k = 4; k <= 6; k++) {
            for (int trial = 0; trial < 30; trial++) {
                double[][] p = RandomCodes.randomP(rng, k, trial % 2 == 0);
                double frob = RandomCodes.sumOfSquares(p);
                double[] stats = InvariantStatistics.of(p);
                int d = Math.min(k, 9 - k);
                double fromStats = 0;
                for (int i = 0; i < d; i++) {
                    fromStats += Math.pow(2, 2 * stats[9 + i]);
                }
                assertEquals(frob, fromStats, 1e-9 * frob, "k=" + k);
            }
        }
    }

    /**
     * Rank-deficient P: the singular values that vanish in exact arithmetic sit at the floor (and so does
     * log2 σ_min/σ_max relative to the floor), not at the rounding noise of the Jacobi sweeps (≈ 2^−20 here).
     */
    @Test
    void rankDeficientPGivesTheFloorForTheMissingSingularValues() {
        // rank 2: rows 3 and 4 are combinations of rows 1 and 2
        double[][] p = {{3, -1, 4, 1, -5}, {9, 2, -6, 5, 3}, {12, 1, -2, 6, -2}, {6, -2, 8, 2, -10}};
        double[] stats = InvariantStatistics.of(p);
        // sigma block starts after 4 row norms and 5 column norms, increasing
        assertEquals(FLOOR, stats[9]);
        assertEquals(FLOOR, stats[10]);
        double[] eig = GramSpectrum.eigenvalues(p);
        Arrays.sort(eig);
        assertEquals(Math.log(Math.sqrt(eig[3])) / Math.log(2), stats[12], 1e-12);
        assertEquals(FLOOR - stats[12], stats[13], 1e-12);
        // rank 1 for k = 6 (P is 6×3): two of three singular values vanish
        double[][] q = new double[6][3];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                q[i][j] = (i + 1) * (j - 1.5);
            }
        }
        double[] s = InvariantStatistics.of(q);
        assertEquals(FLOOR, s[9]);
        assertEquals(FLOOR, s[10]);
        assertTrue(s[11] > 0);
    }

    /** The zero matrix: every norm and singular value at the floor, max|P| at the floor, ratio 0. */
    @Test
    void zeroMatrix() {
        double[] s = InvariantStatistics.of(new double[5][4]);
        double[] expected = new double[InvariantStatistics.size(5, 4)];
        Arrays.fill(expected, FLOOR);
        expected[expected.length - 2] = 0;
        assertArrayEquals(expected, s, 0);
    }
}

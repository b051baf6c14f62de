package org.mheightlab.code;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.RandomCodes;

class GramSpectrumTest {


    /** A non-diagonal reference: [[1, 1], [0, 1]] has singular values φ and 1/φ (φ the golden ratio). */
    @Test
    void singularValuesOfAShearMatrix() {
        double phi = (1 + Math.sqrt(5)) / 2;
        double[] eig = GramSpectrum.eigenvalues(new double[][] {{1, 1}, {0, 1}});
        Arrays.sort(eig);
        assertArrayEquals(new double[] {1 / (phi * phi), phi * phi}, eig, 1e-12);
        // both orientations of a non-square P use the smaller Gram matrix and agree
        double[][] wide = {{3, -1, 4, 1, -5}, {9, 2, -6, 5, 3}};
        double[][] tall = new double[5][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                tall[j][i] = wide[i][j];
            }
        }
        double[] a = GramSpectrum.eigenvalues(wide);
        double[] b = GramSpectrum.eigenvalues(tall);
        Arrays.sort(a);
        Arrays.sort(b);
        assertArrayEquals(a, b, 1e-9);
    }

    /**
     * Σσ² = trace(PᵀP) = Σ p², and Πσ² = det(PPᵀ) for the smaller Gram matrix (checked for k = 4, 5, 6 via
     * a Gaussian-elimination determinant; k ≥ n − k uses PᵀP).
     */
    @Test
    void squaredSingularValuesSumToTheFrobeniusNormAndMultiplyToTheGramDeterminant() {
        SplittableRandom rng = new SplittableRandom(43);
        for (int k = 4; k <= 6; k++) {
            for (int trial = 0; trial < 30; trial++) {
                double[][] p = RandomCodes.randomP(rng, k, trial % 2 == 0);
                double frob = RandomCodes.sumOfSquares(p);
                double[] eig = GramSpectrum.eigenvalues(p);
                double sum = 0;
                double product = 1;
                for (double e : eig) {
                    sum += e;
                    product *= e;
                }
                assertEquals(frob, sum, 1e-12 * frob, "k=" + k);
                double det = ReferenceDeterminant.of(smallerGram(p));
                assertEquals(det, product, 1e-9 * Math.abs(det), "k=" + k);
            }
        }
    }

    /** Eigenvalues that vanish in exact arithmetic come out as exactly 0, not as the rotations' rounding. */
    @Test
    void rankDeficientPHasExactlyZeroEigenvalues() {
        // rank 2: rows 3 and 4 are combinations of rows 1 and 2
        double[][] p = {{3, -1, 4, 1, -5}, {9, 2, -6, 5, 3}, {12, 1, -2, 6, -2}, {6, -2, 8, 2, -10}};
        double[] eig = GramSpectrum.eigenvalues(p);
        Arrays.sort(eig);
        assertEquals(0.0, eig[0]);
        assertEquals(0.0, eig[1]);
        assertTrue(eig[2] > 1);
        assertArrayEquals(new double[3], GramSpectrum.eigenvalues(new double[5][3]), 0);
    }

    private static double[][] smallerGram(double[][] p) {
        int k = p.length;
        int c = p[0].length;
        boolean rows = k <= c;
        int d = Math.min(k, c);
        double[][] g = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int t = 0; t < (rows ? c : k); t++) {
                    g[i][j] += rows ? p[i][t] * p[j][t] : p[t][i] * p[t][j];
                }
            }
        }
        return g;
    }
}

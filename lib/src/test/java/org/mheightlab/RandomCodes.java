package org.mheightlab;

import java.util.SplittableRandom;

/** Random P matrices of the task's shape (n = 9) for the tests of code maths and model inputs. */
public final class RandomCodes {

    private RandomCodes() {
    }

    /** A k × (9 − k) P: integers in [−100, 100] (the course's range), or real entries N(0, 30²). */
    public static double[][] randomP(SplittableRandom rng, int k, boolean integer) {
        double[][] p = new double[k][9 - k];
        for (double[] row : p) {
            for (int c = 0; c < row.length; c++) {
                row[c] = integer ? rng.nextInt(-100, 101) : rng.nextGaussian() * 30;
            }
        }
        return p;
    }

    /**
     * A k × (9 − k) P with small entries, where symmetric copies and vanishing minors are common: integers in
     * [−8, 8], or real entries uniform in [−50, 50).
     */
    public static double[][] smallP(SplittableRandom rng, int k, boolean integer) {
        double[][] p = new double[k][9 - k];
        for (double[] row : p) {
            for (int c = 0; c < row.length; c++) {
                row[c] = integer ? rng.nextInt(-8, 9) : rng.nextDouble(-50, 50);
            }
        }
        return p;
    }

    /** Σ p², the squared Frobenius norm (the sum of P's squared singular values). */
    public static double sumOfSquares(double[][] p) {
        double sum = 0;
        for (double[] row : p) {
            for (double v : row) {
                sum += v * v;
            }
        }
        return sum;
    }
}

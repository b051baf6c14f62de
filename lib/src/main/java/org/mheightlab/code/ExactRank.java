package org.mheightlab.code;

import java.math.BigInteger;

/**
 * Exact rank of an integer matrix by fraction-free (Bareiss) elimination over BigInteger.
 *
 * <p>Used only to settle the rare cases where floating-point elimination cannot tell a singular column set
 * of an integer generator from a badly conditioned one; the hot path never comes here.
 */
final class ExactRank {

    private ExactRank() {
    }

    /** Rank of the k×s matrix made of the given columns of G (entries must be integers). */
    static int rank(double[][] g, int k, int[] cols, int s) {
        try {
            return rankInLongs(g, k, cols, s);
        } catch (ArithmeticException overflow) {
            return rankInBigIntegers(g, k, cols, s);
        }
    }

    /** The same elimination in 64-bit integers, which suffices for the course's entries; throws on overflow. */
    private static int rankInLongs(double[][] g, int k, int[] cols, int s) {
        long[][] a = new long[k][s];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < s; j++) {
                a[i][j] = (long) g[i][cols[j]];
            }
        }
        long previousPivot = 1;
        int rank = 0;
        for (int col = 0; col < s && rank < k; col++) {
            int pivotRow = -1;
            for (int r = rank; r < k; r++) {
                if (a[r][col] != 0) {
                    pivotRow = r;
                    break;
                }
            }
            if (pivotRow < 0) {
                continue;
            }
            long[] tmp = a[pivotRow];
            a[pivotRow] = a[rank];
            a[rank] = tmp;
            long pivot = a[rank][col];
            for (int r = rank + 1; r < k; r++) {
                for (int c = col + 1; c < s; c++) {
                    a[r][c] = Math.subtractExact(Math.multiplyExact(pivot, a[r][c]),
                            Math.multiplyExact(a[r][col], a[rank][c])) / previousPivot;
                }
                a[r][col] = 0;
            }
            previousPivot = pivot;
            rank++;
        }
        return rank;
    }

    private static int rankInBigIntegers(double[][] g, int k, int[] cols, int s) {
        BigInteger[][] a = new BigInteger[k][s];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < s; j++) {
                a[i][j] = BigInteger.valueOf((long) g[i][cols[j]]);
            }
        }
        BigInteger previousPivot = BigInteger.ONE;
        int rank = 0;
        for (int col = 0; col < s && rank < k; col++) {
            int pivotRow = -1;
            for (int r = rank; r < k; r++) {
                if (a[r][col].signum() != 0) {
                    pivotRow = r;
                    break;
                }
            }
            if (pivotRow < 0) {
                continue;
            }
            BigInteger[] tmp = a[pivotRow];
            a[pivotRow] = a[rank];
            a[rank] = tmp;
            BigInteger pivot = a[rank][col];
            for (int r = rank + 1; r < k; r++) {
                for (int c = col + 1; c < s; c++) {
                    a[r][c] = pivot.multiply(a[r][c]).subtract(a[r][col].multiply(a[rank][c]))
                            .divide(previousPivot);
                }
                a[r][col] = BigInteger.ZERO;
            }
            previousPivot = pivot;
            rank++;
        }
        return rank;
    }
}

package org.mheightlab.code;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The label-preserving transforms of P — row and column permutations and sign flips — and an exact test of
 * whether two matrices are related by one (P → −Pᵀ is not such a transform and is not treated as one), with
 * the fingerprint that keys it (the split key of a code, the leakage guard's index). Such a transform permutes
 * the columns of G = [I_k | P] and flips signs, so every m-height is unchanged.
 */
public final class Symmetries {

    private Symmetries() {
    }

    /** A uniformly random transform of P. */
    public static double[][] random(double[][] p, SplittableRandom rng) {
        int k = p.length;
        int c = p[0].length;
        int[] rows = Permutations.shuffled(k, rng);
        int[] cols = Permutations.shuffled(c, rng);
        double[] rowSign = new double[k];
        double[] colSign = new double[c];
        for (int i = 0; i < k; i++) {
            rowSign[i] = rng.nextBoolean() ? 1 : -1;
        }
        for (int j = 0; j < c; j++) {
            colSign[j] = rng.nextBoolean() ? 1 : -1;
        }
        double[][] out = new double[k][c];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < c; j++) {
                out[i][j] = rowSign[i] * colSign[j] * p[rows[i]][cols[j]];
            }
        }
        return out;
    }

    /**
     * A key that is equal for equivalent matrices (sorted multisets of sorted absolute rows and columns);
     * different keys prove inequivalence, equal keys are confirmed with {@link #equivalent}.
     */
    public static String fingerprint(double[][] p) {
        int k = p.length;
        int c = p[0].length;
        String[] rows = new String[k];
        for (int i = 0; i < k; i++) {
            double[] a = new double[c];
            for (int j = 0; j < c; j++) {
                a[j] = Math.abs(p[i][j]);
            }
            Arrays.sort(a);
            rows[i] = Arrays.toString(a);
        }
        String[] cols = new String[c];
        for (int j = 0; j < c; j++) {
            double[] a = new double[k];
            for (int i = 0; i < k; i++) {
                a[i] = Math.abs(p[i][j]);
            }
            Arrays.sort(a);
            cols[j] = Arrays.toString(a);
        }
        Arrays.sort(rows);
        Arrays.sort(cols);
        return k + "x" + c + ":" + String.join("", rows) + "|" + String.join("", cols);
    }

    /**
     * Whether b = D_r·Π_r·a·Π_c·D_c for permutations Π and sign matrices D. Tries every row permutation and row
     * sign pattern (the overall sign is absorbed by the columns) and compares the multisets of sign-normalised
     * columns; used only on fingerprint matches.
     */
    public static boolean equivalent(double[][] a, double[][] b) {
        int k = a.length;
        int c = a[0].length;
        if (b.length != k || b[0].length != c) {
            return false;
        }
        String[] target = normalisedColumns(b, Permutations.identity(k), 0);
        int[] perm = Permutations.identity(k);
        do {
            for (int signs = 0; signs < (1 << (k - 1)); signs++) {
                if (Arrays.equals(target, normalisedColumns(a, perm, signs))) {
                    return true;
                }
            }
        } while (Permutations.next(perm));
        return false;
    }

    private static String[] normalisedColumns(double[][] p, int[] rowOrder, int signs) {
        int k = p.length;
        int c = p[0].length;
        String[] out = new String[c];
        double[] col = new double[k];
        for (int j = 0; j < c; j++) {
            double first = 0;
            for (int i = 0; i < k; i++) {
                double v = p[rowOrder[i]][j] * (((signs >> i) & 1) == 1 ? -1 : 1);
                col[i] = v;
                if (first == 0) {
                    first = v;
                }
            }
            if (first < 0) {
                for (int i = 0; i < k; i++) {
                    col[i] = -col[i];
                }
            }
            for (int i = 0; i < k; i++) {
                col[i] += 0.0; // −0.0 and 0.0 print the same
            }
            out[j] = Arrays.toString(col);
        }
        Arrays.sort(out);
        return out;
    }
}

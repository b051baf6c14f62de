package org.mheightlab.code;

/** Lexicographic enumeration of the s-subsets of {0, …, n−1}, in place, without allocation per step. */
final class Subsets {

    private Subsets() {
    }

    /** Fills {@code idx[0..s-1]} with the first subset {0, 1, …, s−1}. */
    static void first(int[] idx, int s) {
        for (int i = 0; i < s; i++) {
            idx[i] = i;
        }
    }

    /** Advances {@code idx[0..s-1]} to the next subset; false when it was the last one. */
    static boolean next(int[] idx, int s, int n) {
        int i = s - 1;
        while (i >= 0 && idx[i] == n - s + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        idx[i]++;
        for (int j = i + 1; j < s; j++) {
            idx[j] = idx[j - 1] + 1;
        }
        return true;
    }

    static long binomial(int n, int s) {
        long r = 1;
        for (int i = 1; i <= s; i++) {
            r = r * (n - s + i) / i;
        }
        return r;
    }
}

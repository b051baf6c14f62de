package org.mheightlab.code;

import java.util.SplittableRandom;

/** Permutations of {0..n−1} as int arrays: the identity, the seeded shuffle, and the lexicographic successor. */
public final class Permutations {

    private Permutations() {
    }

    /** {0, 1, …, n−1}. */
    public static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /** A uniformly random permutation of {0..n−1}: the identity, {@link #shuffle shuffled}. */
    public static int[] shuffled(int n, SplittableRandom rng) {
        int[] p = identity(n);
        shuffle(p, rng);
        return p;
    }

    /** Fisher–Yates in place, from the end: the one shuffle every seeded step of the project uses. */
    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Rearranges {@code a} into its lexicographic successor; false (and {@code a} unchanged) at the last one. */
    public static boolean next(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }
}

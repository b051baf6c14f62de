package org.mheightlab.code;

import java.util.Arrays;

/**
 * The m-heights h_m(C) of one [n,k] code for every m from 0 to n−1.
 *
 * <p>h_0 is always 1; an infinite height is {@link Double#POSITIVE_INFINITY}. The array is copied in and
 * out, so a profile never changes after it is made.
 */
public record HeightProfile(int n, int k, double[] heights) {

    public HeightProfile {
        if (heights.length != n) {
            throw new IllegalArgumentException("a profile of an n=" + n + " code holds n heights, got "
                    + heights.length);
        }
        heights = heights.clone();
    }

    /** h_m(C); m in [0, n−1]. */
    public double height(int m) {
        if (m < 0 || m >= n) {
            throw new IllegalArgumentException("m must be in [0, " + (n - 1) + "] for n=" + n + ", got " + m);
        }
        return heights[m];
    }

    public boolean isFinite(int m) {
        return Double.isFinite(height(m));
    }

    @Override
    public double[] heights() {
        return heights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeightProfile other && other.n == n && other.k == k
                && Arrays.equals(other.heights, heights);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * n + k) + Arrays.hashCode(heights);
    }

    @Override
    public String toString() {
        return "HeightProfile[n=" + n + ", k=" + k + ", heights=" + Arrays.toString(heights) + "]";
    }
}

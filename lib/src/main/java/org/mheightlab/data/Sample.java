package org.mheightlab.data;

import java.util.Arrays;

/**
 * One labelled code: the systematic part P (k rows, n−k columns) of G = [I_k | P], the m asked for, and
 * h_m. The id is optional (null when the source has none). P is copied in and out.
 */
public record Sample(String id, int n, int k, int m, double[][] p, double height) {

    public Sample {
        p = copy(p);
    }

    public Group group() {
        return new Group(k, m);
    }

    @Override
    public double[][] p() {
        return copy(p);
    }

    static double[][] copy(double[][] p) {
        double[][] c = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            c[i] = p[i].clone();
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && java.util.Objects.equals(s.id, id) && s.n == n && s.k == k && s.m == m
                && Arrays.deepEquals(s.p, p) && Double.compare(s.height, height) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, n, k, m, Arrays.deepHashCode(p), height);
    }

    @Override
    public String toString() {
        return "Sample[id=" + id + ", n=" + n + ", k=" + k + ", m=" + m + ", P=" + Arrays.deepToString(p)
                + ", height=" + height + "]";
    }
}

package org.mheightlab.code;

/**
 * The spectrum of P's Gram matrix: the squared singular values of P, which row/column permutations and sign
 * flips of P (the label-preserving transforms, {@link Symmetries}) leave unchanged.
 */
public final class GramSpectrum {

    /** Eigenvalues of the Gram matrix below this multiple of the largest are rounding noise of zero. */
    static final double RANK_RELATIVE = 1e-13;

    private GramSpectrum() {
    }

    /**
     * Eigenvalues of the smaller Gram matrix (PPᵀ or PᵀP) = squared singular values of P, by cyclic Jacobi
     * rotations (unsorted); those at most {@link #RANK_RELATIVE} times the largest are exactly 0.
     */
    public static double[] eigenvalues(double[][] p) {
        int k = p.length;
        int cols = p[0].length;
        boolean rowsSmaller = k <= cols;
        int d = Math.min(k, cols);
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                int len = rowsSmaller ? cols : k;
                for (int t = 0; t < len; t++) {
                    s += rowsSmaller ? p[i][t] * p[j][t] : p[t][i] * p[t][j];
                }
                a[i][j] = s;
            }
        }
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0;
            for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            double scale = 0;
            for (int i = 0; i < d; i++) {
                scale += a[i][i] * a[i][i];
            }
            if (off <= 1e-30 * Math.max(scale, 1e-300)) {
                break;
            }
            for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                    if (a[i][j] == 0) {
                        continue;
                    }
                    double theta = (a[j][j] - a[i][i]) / (2 * a[i][j]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < d; r++) {
                        double ari = a[r][i];
                        double arj = a[r][j];
                        a[r][i] = c * ari - s * arj;
                        a[r][j] = s * ari + c * arj;
                    }
                    for (int r = 0; r < d; r++) {
                        double air = a[i][r];
                        double ajr = a[j][r];
                        a[i][r] = c * air - s * ajr;
                        a[j][r] = s * air + c * ajr;
                    }
                }
            }
        }
        double[] eig = new double[d];
        double largest = 0;
        for (int i = 0; i < d; i++) {
            eig[i] = Math.max(0, a[i][i]);
            largest = Math.max(largest, eig[i]);
        }
        // The rotations leave an absolute error of a few ulps of the largest eigenvalue (≈ 1e−17 relative
        // here), so an eigenvalue that is zero in exact arithmetic (rank-deficient P) comes out as noise such as
        // 2^−50 — whose log2 would be a meaningless, symmetry-dependent feature. Below this relative level the
        // eigenvalue cannot be told from zero and is set to zero.
        for (int i = 0; i < d; i++) {
            if (eig[i] <= RANK_RELATIVE * largest) {
                eig[i] = 0;
            }
        }
        return eig;
    }
}

package org.mheightlab.model;

import java.util.Arrays;

/**
 * Statistics of P that do not change under row/column permutations and sign flips (the label-preserving
 * transforms), for the ridge baseline: sorted log2 row norms, sorted log2 column norms, log2 singular values,
 * log2 σ_min/σ_max and log2 max|P|. Length {@code k + (n − k) + 2·min(k, n − k)... } — see {@link #size}.
 */
public final class InvariantStatistics {

    /** log2 of a vanishing norm or singular value. */
    private static final double FLOOR = -40;

    /** Eigenvalues of the Gram matrix below this multiple of the largest are rounding noise of zero. */
    static final double RANK_RELATIVE = 1e-13;

    private InvariantStatistics() {
    }

    public static int size(int k, int cols) {
        return k + cols + Math.min(k, cols) + 2;
    }

    public static double[] of(double[][] p) {
        int k = p.length;
        int cols = p[0].length;
        double[] out = new double[size(k, cols)];
        double[] rows = new double[k];
        double[] colNorms = new double[cols];
        double max = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < cols; j++) {
                rows[i] += p[i][j] * p[i][j];
                colNorms[j] += p[i][j] * p[i][j];
                max = Math.max(max, Math.abs(p[i][j]));
            }
        }
        int at = 0;
        for (double v : sortedLog2Sqrt(rows)) {
            out[at++] = v;
        }
        for (double v : sortedLog2Sqrt(colNorms)) {
            out[at++] = v;
        }
        double[] sigma = sortedLog2Sqrt(gramEigenvalues(p));
        for (double v : sigma) {
            out[at++] = v;
        }
        out[at++] = sigma[0] - sigma[sigma.length - 1];
        out[at] = log2(max);
        return out;
    }

    private static double[] sortedLog2Sqrt(double[] squares) {
        double[] out = new double[squares.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = squares[i] <= 0 ? FLOOR : Math.max(FLOOR, 0.5 * log2(squares[i]));
        }
        Arrays.sort(out);
        return out;
    }

    private static double log2(double x) {
        return x <= 0 ? FLOOR : Math.log(x) / Math.log(2);
    }

    /**
     * Eigenvalues of the smaller Gram matrix (PPᵀ or PᵀP) = squared singular values of P, by cyclic Jacobi
     * rotations (unsorted). Shared with {@link org.mheightlab.data.gen.MatrixFamilies}.
     */
    public static double[] gramEigenvalues(double[][] p) {
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
        // eigenvalue cannot be told from zero and is set to zero (the floor).
        for (int i = 0; i < d; i++) {
            if (eig[i] <= RANK_RELATIVE * largest) {
                eig[i] = 0;
            }
        }
        return eig;
    }
}

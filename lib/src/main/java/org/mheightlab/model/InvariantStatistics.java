package org.mheightlab.model;

import java.util.Arrays;
import org.mheightlab.code.GramSpectrum;

/**
 * Statistics of P that do not change under row/column permutations and sign flips (the label-preserving
 * transforms), the ridge baseline's inputs and the token model's statistics input: sorted log2 row norms (k),
 * sorted log2 column norms (n − k), sorted log2 singular values (min(k, n − k), from {@link GramSpectrum}),
 * log2 σ_min/σ_max and log2 max|P| — length k + (n − k) + min(k, n − k) + 2, {@link #size}.
 */
public final class InvariantStatistics {

    /** log2 of a vanishing norm or singular value. */
    private static final double FLOOR = -40;

    private InvariantStatistics() {
    }

    /** The length of the statistics of a k × cols matrix P: k + cols + min(k, cols) + 2. */
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
        double[] sigma = sortedLog2Sqrt(GramSpectrum.eigenvalues(p));
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
}

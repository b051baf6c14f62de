package org.mheightlab.model;

import org.mheightlab.data.Dataset;

/**
 * Anything that predicts m-heights of (k, m, P) samples: a trained ensemble ({@link Ensemble}), a run folder's
 * models. Infinite heights are never the model's guess: they are decided by the exact rank test (some n − m
 * columns of G rank-deficient), once, in {@link Ensemble}.
 */
public interface HeightModel extends AutoCloseable {

    /** log2 ĥ per sample; +∞ exactly where the height is infinite. */
    double[] predictLog2(Dataset data);

    /** Predicted heights, 2^{@link #predictLog2}. */
    default double[] predict(Dataset data) {
        double[] log2 = predictLog2(data);
        double[] h = new double[log2.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.pow(2, log2[i]);
        }
        return h;
    }

    @Override
    void close();
}

package org.mheightlab.model;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/** Predicted log2 heights for every m of every code, from a trained {@link TokenHeightNet}, in evaluation mode. */
public final class TokenPredictor {

    private static final int BATCH = 512;

    private TokenPredictor() {
    }

    /** [code][m − 1], m = 1 … n − k. */
    public static double[][] predictLog2(Model model, MinorTokenInputs inputs) {
        int outputs = inputs.features().n() - inputs.features().k();
        double[][] out = new double[inputs.size()][outputs];
        int[] all = new int[inputs.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int from = 0; from < all.length; from += BATCH) {
            int to = Math.min(all.length, from + BATCH);
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDList x = inputs.batch(sub, all, from, to);
                float[] y = model.getBlock().forward(new ParameterStore(sub, false), x, false).singletonOrThrow()
                        .toFloatArray();
                for (int r = 0; r < to - from; r++) {
                    for (int m = 0; m < outputs; m++) {
                        out[from + r][m] = y[r * outputs + m];
                    }
                }
            }
        }
        return out;
    }
}

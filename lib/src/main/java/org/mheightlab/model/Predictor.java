package org.mheightlab.model;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;

/** The block's log2 ĥ for every output of every example, in evaluation mode (no dropout). */
public final class Predictor {

    private Predictor() {
    }

    /** [example][output] of one trained model. */
    public static double[][] predictLog2(Model model, ModelInputs inputs) {
        int outputs = inputs.outputs();
        double[][] out = new double[inputs.size()][outputs];
        int[] all = new int[inputs.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        int batch = inputs.predictionBatch();
        for (int from = 0; from < all.length; from += batch) {
            int to = Math.min(all.length, from + batch);
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDList x = inputs.batch(sub, all, from, to);
                float[] y = model.getBlock().forward(new ParameterStore(sub, false), x, false).singletonOrThrow()
                        .toFloatArray();
                for (int r = 0; r < to - from; r++) {
                    for (int j = 0; j < outputs; j++) {
                        out[from + r][j] = y[r * outputs + j];
                    }
                }
            }
        }
        return out;
    }

    /** The ensemble's prediction: the mean of the members' log2 ĥ. */
    public static double[][] meanLog2(List<Model> members, ModelInputs inputs) {
        double[][] sum = new double[inputs.size()][inputs.outputs()];
        for (Model m : members) {
            double[][] p = predictLog2(m, inputs);
            for (int i = 0; i < p.length; i++) {
                for (int j = 0; j < p[i].length; j++) {
                    sum[i][j] += p[i][j];
                }
            }
        }
        for (double[] row : sum) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= members.size();
            }
        }
        return sum;
    }
}

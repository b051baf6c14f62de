package org.mheightlab.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.mheightlab.data.Dataset;

/** Predicted log2 heights of a trained model, or the log2-space mean of an ensemble's members. */
public final class HeightPredictor {

    private static final int BATCH = 1024;

    private HeightPredictor() {
    }

    /** log2 ĥ = softplus(z) for every sample, in evaluation mode (no dropout). */
    public static double[] predictLog2(Model model, FeatureEncoder features, Dataset data) {
        int width = features.size();
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        float[] x = features.encode(data, all);
        double[] out = new double[data.size()];
        for (int from = 0; from < out.length; from += BATCH) {
            int to = Math.min(out.length, from + BATCH);
            try (NDManager sub = model.getNDManager().newSubManager()) {
                float[] bx = new float[(to - from) * width];
                System.arraycopy(x, from * width, bx, 0, bx.length);
                NDArray input = sub.create(bx, new Shape(to - from, width));
                NDArray z = model.getBlock().forward(new ParameterStore(sub, false), new NDList(input), false)
                        .singletonOrThrow();
                float[] p = Activation.softPlus(z).toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    out[from + i] = p[i];
                }
            }
        }
        return out;
    }

    /** The ensemble prediction: the mean of the members' log2 predictions. */
    public static double[] ensembleLog2(List<Model> members, FeatureEncoder features, Dataset data) {
        double[] sum = new double[data.size()];
        for (Model m : members) {
            double[] p = predictLog2(m, features, data);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += p[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= members.size();
        }
        return sum;
    }
}

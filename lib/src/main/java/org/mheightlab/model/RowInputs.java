package org.mheightlab.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.metrics.Log2MseReport;

/**
 * Rows of P as model inputs (Runs 1–7): one example per sample (k, m, P), encoded once by {@link FeatureEncoder},
 * one output (log2 h_m of that row's m).
 */
public final class RowInputs implements ModelInputs {

    private final Dataset data;
    private final FeatureEncoder features;
    private final float[] encoded;
    private final Group[] groups;

    public RowInputs(Dataset data, FeatureEncoder features) {
        this.data = data;
        this.features = features;
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        this.encoded = features.encode(data, all);
        this.groups = new Group[data.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = data.group(i);
        }
    }

    public Dataset data() {
        return data;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int outputs() {
        return 1;
    }

    @Override
    public NDList batch(NDManager manager, int[] order, int from, int to) {
        int width = features.size();
        float[] bx = new float[(to - from) * width];
        for (int r = from; r < to; r++) {
            System.arraycopy(encoded, order[r] * width, bx, (r - from) * width, width);
        }
        return new NDList(manager.create(bx, new Shape(to - from, width)));
    }

    @Override
    public double label(int i, int j) {
        return Math.log(data.height(i)) / Math.log(2);
    }

    @Override
    public Group group(int i, int j) {
        return groups[i];
    }

    @Override
    public Group exampleGroup(int i) {
        return groups[i];
    }

    @Override
    public Log2MseReport report(double[][] predictedLog2) {
        double[] truth = new double[size()];
        double[] pred = new double[size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = label(i, 0);
            pred[i] = predictedLog2[i][0];
        }
        return Log2MseReport.of(truth, pred, groups);
    }

    @Override
    public TaskRows taskRows() {
        int[] example = new int[size()];
        for (int i = 0; i < example.length; i++) {
            example[i] = i;
        }
        return new TaskRows(data, example, new int[size()]);
    }

    @Override
    public int predictionBatch() {
        return 1024;
    }
}

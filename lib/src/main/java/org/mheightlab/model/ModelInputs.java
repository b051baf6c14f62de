package org.mheightlab.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.metrics.Log2MseReport;

/**
 * The input pipeline of a model kind: a fixed set of training examples, each with {@link #outputs()} labels,
 * turned into DJL batches on demand. Rows of P ({@link RowInputs}, Runs 1–7: one example per (k, m, P), one
 * output) and minor tokens of codes ({@link MinorTokenInputs}, Run 8: one example per code, one output per m) are
 * its two implementations; the trainer, the predictor and the run folder see only this interface.
 */
public interface ModelInputs {

    /** Number of examples. */
    int size();

    /** Outputs (labels) per example. */
    int outputs();

    /** The inputs of examples {@code order[from, to)}, created in {@code manager}, in the block's input order. */
    NDList batch(NDManager manager, int[] order, int from, int to);

    /** log2 h of example {@code i}'s output {@code j}; NaN where unknown (weight 0 in the loss). */
    double label(int i, int j);

    /** The (k, m) group of example {@code i}'s output {@code j} (curriculum and group weights act on it). */
    Group group(int i, int j);

    /**
     * The group every output of example {@code i} belongs to, or null when its outputs span several groups (a code
     * with all its m): curriculum phases and balanced sampling can admit or draw only single-group examples.
     */
    Group exampleGroup(int i);

    /** The validation report of predictions {@code [example][output]} against these examples' labels. */
    Log2MseReport report(double[][] predictedLog2);

    /** The labelled task rows of these examples, each with the example and output that predicts it. */
    TaskRows taskRows();

    /**
     * Examples per forward pass when predicting. It differs between the kinds only to keep earlier run
     * folders' predictions bit-identical (a BLAS kernel may round differently at another batch size).
     */
    int predictionBatch();

    /** Rows of (k, m, P, h) and, for row r, the example {@code example[r]} and output {@code output[r]} answering it. */
    record TaskRows(Dataset data, int[] example, int[] output) {

        /** Each row's prediction picked out of {@code predicted[example][output]}. */
        public double[] pick(double[][] predicted) {
            double[] out = new double[example.length];
            for (int r = 0; r < out.length; r++) {
                out[r] = predicted[example[r]][output[r]];
            }
            return out;
        }
    }
}

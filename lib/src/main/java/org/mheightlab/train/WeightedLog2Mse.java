package org.mheightlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The loss of every height model: the weighted mean of (log2 ĥ − log2 h)² over a batch's labelled outputs.
 * Labels are {@code [target, weights]} (batch × outputs each); a weight of 0 masks an unknown label, others carry
 * the curriculum and group weights. The block's output is already log2 ĥ (see
 * {@link org.mheightlab.model.HeightBlock}).
 */
public final class WeightedLog2Mse extends Loss {

    public WeightedLog2Mse() {
        super("weighted-log2-mse");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray target = labels.get(0);
        NDArray weights = labels.get(1);
        NDArray pred = predictions.singletonOrThrow();
        return pred.sub(target).square().mul(weights).sum().div(weights.sum().add(1e-12f));
    }
}

package org.mheightlab.train;

import java.util.Locale;

/**
 * Training produced a non-finite loss (as DJL's divergence check reports): the weights are no longer usable,
 * so the run stops instead of writing a NaN model. It is the settings' fault (learning rate, weights, data
 * scale), hence an IllegalArgumentException, which the command line reports as bad input.
 */
public final class TrainingDivergedException extends IllegalArgumentException {

    public TrainingDivergedException(int epoch, int step, double loss) {
        super(String.format(Locale.ROOT, "training diverged: the loss became %s in epoch %d, step %d; lower "
                + "training.learningRate, check training.groupWeights and the curriculum multipliers, or the data's "
                + "scale", loss, epoch, step));
    }
}

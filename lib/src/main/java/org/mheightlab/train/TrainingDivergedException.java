package org.mheightlab.train;

import java.util.Locale;

/**
 * Training produced a non-finite loss or non-finite weights: the model is no longer usable, so the run stops at
 * once instead of writing a NaN model, and nothing is written (a run or checkpoint folder being built is dropped;
 * the previous one is kept). Within the settings' ranges ({@link org.mheightlab.Bounds}) this is the settings' or
 * the data's fault — too high a learning rate, extreme weights — so it is an IllegalArgumentException, which the
 * command line reports as bad input (exit 2) with the hint to change the setting.
 */
public final class TrainingDivergedException extends IllegalArgumentException {

    /** The height models' hint: the run definition's keys. */
    public static final String RUN_HINT = "lower training.learningRate, or check training.groupWeights, the curriculum "
            + "multipliers and the data's scale";

    private final String what;
    private final int epoch;
    private final int step;
    private final String where;
    private final String hint;

    /**
     * {@code what}: "loss NaN", "a weight Infinity"...; {@code step} the 0-based step in the epoch, or -1 for the
     * end of the epoch; {@code where} a part or member name ("k=5"), or null.
     */
    public TrainingDivergedException(String what, int epoch, int step, String where, String hint) {
        super(String.format(Locale.ROOT, "training diverged: %s in epoch %d%s%s; nothing written; %s", what, epoch,
                step < 0 ? " (at its end)" : ", step " + step, where == null ? "" : " (" + where + ")", hint));
        this.what = what;
        this.epoch = epoch;
        this.step = step;
        this.where = where;
        this.hint = hint;
    }

    /** A non-finite loss of step {@code step} in {@code epoch}. */
    public static TrainingDivergedException loss(double value, int epoch, int step, String hint) {
        return new TrainingDivergedException("loss " + value, epoch, step, null, hint);
    }

    /** The same divergence, said of one model of a run ("k=5", "member 1"). */
    public TrainingDivergedException in(String model) {
        TrainingDivergedException e = new TrainingDivergedException(what, epoch, step, model, hint);
        e.setStackTrace(getStackTrace());
        return e;
    }
}

package org.mheightlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.mheightlab.metrics.Log2MseReport;

/**
 * The epoch bookkeeping of {@link HeightTrainer}, apart from what a model does in a step: each epoch's learning
 * rate, the batches of an epoch (ending at an interrupt, see {@link StopRequest}), the stop on a non-finite loss
 * (as DJL's divergence check) or on non-finite weights at the end of an epoch, the validation record, the best epoch's parameters, the listeners' stop and the
 * stop reason. The classifier keeps a loop of its own: see {@link org.mheightlab.classify.ClassifierTrainer}.
 */
final class EpochLoop {

    /** What the trainer does inside the loop (named so as not to shadow DJL's {@code Model}). */
    interface Steps {
        /** The order in which the epoch visits the training samples, drawn from {@code random}. */
        int[] order(int epoch, SplittableRandom random);

        /** One optimiser step on {@code order[from, to)}; returns the batch loss. */
        double step(int[] order, int from, int to, int epoch);

        /** The validation report of the weights as they are. */
        Log2MseReport validate();

        /** The weights, as bytes to restore later. */
        byte[] save();

        /** The name and value of the first weight that is not finite, or null when every weight is finite. */
        String nonFiniteWeight();
    }

    /** What the loop ends with; {@link #result} restores the best epoch (as configured) and reports. */
    record Outcome(List<EpochRecord> history, int bestEpoch, String stopReason, byte[] bestParameters) {

        TrainingResult result(boolean restoreBest, Consumer<byte[]> load, long parameterCount) {
            int best = bestEpoch;
            if (restoreBest && bestParameters != null) {
                load.accept(bestParameters);
            } else {
                best = history.get(history.size() - 1).epoch();
            }
            return new TrainingResult(history, best, stopReason, parameterCount);
        }
    }

    private EpochLoop() {
    }

    /**
     * Runs up to {@code config.maxEpochs()} epochs; {@code onBest} receives the parameters of each new best epoch
     * (a checkpoint), {@code onEpoch} each epoch's record.
     */
    static Outcome run(TrainingConfig config, EpochLearningRate rate, Steps model, List<EpochListener> listeners,
                       Consumer<EpochRecord> onEpoch, Consumer<byte[]> onBest) {
        LearningRateSchedule schedule = config.schedule().fresh();
        List<EpochRecord> history = new ArrayList<>();
        String stopReason = "reached maxEpochs = " + config.maxEpochs();
        byte[] bestParameters = null;
        int bestEpoch = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        double previousValLoss = Double.NaN;
        SplittableRandom rng = new SplittableRandom(config.seed());
        try (StopRequest.Scope polling = StopRequest.polling()) {
            for (int epoch = 0; epoch < config.maxEpochs(); epoch++) {
                long start = System.nanoTime();
                double lr = schedule.rate(epoch, config.learningRate(), previousValLoss);
                rate.set(lr);
                int[] order = model.order(epoch, rng.split());
                int stepsPerEpoch = (order.length + config.batchSize() - 1) / config.batchSize();
                double lossSum = 0;
                int batches = 0;
                boolean interrupted = false;
                for (int from = 0; from < order.length; from += config.batchSize()) {
                    if (StopRequest.pending()) {
                        interrupted = true;
                        break;
                    }
                    double loss = model.step(order, from, Math.min(order.length, from + config.batchSize()), epoch);
                    if (!Double.isFinite(loss)) {
                        throw TrainingDivergedException.loss(loss, epoch, batches, TrainingDivergedException.RUN_HINT);
                    }
                    lossSum += loss;
                    batches++;
                }
                if (interrupted && batches == 0 && !history.isEmpty()) {
                    stopReason = StopRequest.reason(epoch, 0, stepsPerEpoch);
                    break;
                }
                // A finite loss can hide weights that are not (an update the engine skipped or made infinite in
                // the last step); nothing non-finite is validated, kept as the best epoch or written.
                String weight = model.nonFiniteWeight();
                if (weight != null) {
                    throw new TrainingDivergedException(weight, epoch, -1, null, TrainingDivergedException.RUN_HINT);
                }
                Log2MseReport report = model.validate();
                if (!Double.isFinite(report.overall())) {
                    throw new TrainingDivergedException("validation log2-MSE " + report.overall(), epoch, -1, null,
                            TrainingDivergedException.RUN_HINT);
                }
                EpochRecord record = new EpochRecord(epoch, batches == 0 ? Double.NaN : lossSum / batches, report, lr,
                        interrupted ? Math.min(order.length, batches * config.batchSize()) : order.length,
                        (System.nanoTime() - start) / 1e9);
                history.add(record);
                previousValLoss = report.overall();
                if (report.overall() < bestLoss) {
                    bestLoss = report.overall();
                    bestEpoch = epoch;
                    bestParameters = model.save();
                    onBest.accept(bestParameters);
                }
                onEpoch.accept(record);
                if (interrupted) {
                    // The epoch in progress was validated and kept above; the run stops here with what it has.
                    stopReason = StopRequest.reason(epoch, batches, stepsPerEpoch);
                    break;
                }
                String stop = null;
                for (EpochListener l : listeners) {
                    String s = l.onEpochEnd(record);
                    stop = stop == null ? s : stop;
                }
                if (stop != null) {
                    stopReason = stop + " (after epoch " + epoch + ")";
                    break;
                }
            }
        }
        return new Outcome(history, bestEpoch, stopReason, bestParameters);
    }
}

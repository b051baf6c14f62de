package org.mheightlab.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.mheightlab.data.Group;
import org.mheightlab.data.ProfileSet;
import org.mheightlab.data.split.Split;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.model.MinorTokenInputs;
import org.mheightlab.model.TokenHeightNet;
import org.mheightlab.model.TokenPredictor;

/**
 * Trains a {@link TokenHeightNet} on codes with several known m-heights: the loss is the mean squared log2 error
 * over every known (code, m) label, so one code trains all its m at once. The rest is the project's standard
 * loop: AdamW, gradient clipping by global norm, per-epoch schedule with warm-up, listeners (early stopping),
 * restore-best, one sub-NDManager per step. Validation is reported per task group (k, m).
 */
public final class TokenTrainer {

    private final TrainingConfig config;
    private final List<TrainingListener> listeners;
    private final Consumer<EpochRecord> onEpoch;

    public TokenTrainer(TrainingConfig config, List<TrainingListener> listeners, Consumer<EpochRecord> onEpoch) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.onEpoch = onEpoch;
    }

    public TrainingResult train(Model model, MinorTokenInputs trainX, ProfileSet train, MinorTokenInputs valX,
                                ProfileSet validation) {
        if (!(model.getBlock() instanceof TokenHeightNet net)) {
            throw new IllegalArgumentException("the token trainer needs a TokenHeightNet");
        }
        Engine.getInstance().setRandomSeed((int) config.seed());
        int outputs = net.outputs();
        float[] labels = new float[train.size() * outputs];
        float[] mask = new float[train.size() * outputs];
        for (int i = 0; i < train.size(); i++) {
            for (int m = 1; m <= outputs; m++) {
                double y = train.log2Height(i, m);
                if (!Double.isNaN(y)) {
                    labels[i * outputs + m - 1] = (float) y;
                    mask[i * outputs + m - 1] = 1f;
                }
            }
        }
        LearningRateSchedule schedule = LearningRateSchedule.parse(config.schedule());
        EpochLearningRate rate = new EpochLearningRate(config.warmupSteps());
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(rate)
                .optWeightDecays((float) config.weightDecay()).build();
        DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
        List<EpochRecord> history = new ArrayList<>();
        String stopReason = "reached maxEpochs = " + config.maxEpochs();
        byte[] bestParameters = null;
        int bestEpoch = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        double previousValLoss = Double.NaN;
        SplittableRandom rng = new SplittableRandom(config.seed());
        long parameterCount;
        try (StopRequest.Scope polling = StopRequest.polling();
                Trainer trainer = model.newTrainer(djlConfig)) {
            trainer.initialize(net.inputShapes(config.batchSize()));
            parameterCount = BlockParameters.count(net);
            int[] order = new int[train.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int epoch = 0; epoch < config.maxEpochs(); epoch++) {
                long start = System.nanoTime();
                double lr = schedule.rate(epoch, config.learningRate(), previousValLoss);
                rate.set(lr);
                Split.shuffle(order, rng.split());
                double lossSum = 0;
                int batches = 0;
                boolean interrupted = false;
                for (int from = 0; from < order.length; from += config.batchSize()) {
                    if (StopRequest.pending()) {
                        interrupted = true;
                        break;
                    }
                    int to = Math.min(order.length, from + config.batchSize());
                    lossSum += step(trainer, trainX, labels, mask, outputs, order, from, to);
                    batches++;
                }
                int stepsPerEpoch = (order.length + config.batchSize() - 1) / config.batchSize();
                if (interrupted && batches == 0 && !history.isEmpty()) {
                    stopReason = StopRequest.reason(epoch, 0, stepsPerEpoch);
                    break;
                }
                Log2MseReport report = report(TokenPredictor.predictLog2(model, valX), validation);
                EpochRecord record = new EpochRecord(epoch, batches == 0 ? Double.NaN : lossSum / batches, report, lr,
                        interrupted ? Math.min(order.length, batches * config.batchSize()) : order.length,
                        (System.nanoTime() - start) / 1e9);
                history.add(record);
                previousValLoss = report.overall();
                if (report.overall() < bestLoss) {
                    bestLoss = report.overall();
                    bestEpoch = epoch;
                    bestParameters = BlockParameters.save(net);
                }
                onEpoch.accept(record);
                if (interrupted) {
                    stopReason = StopRequest.reason(epoch, batches, stepsPerEpoch);
                    break;
                }
                String stop = null;
                for (TrainingListener l : listeners) {
                    String s = l.onEpochEnd(record);
                    stop = stop == null ? s : stop;
                }
                if (stop != null) {
                    stopReason = stop + " (after epoch " + epoch + ")";
                    break;
                }
            }
        }
        if (config.restoreBest() && bestParameters != null) {
            BlockParameters.load(net, bestParameters, model.getNDManager());
        } else {
            bestEpoch = history.get(history.size() - 1).epoch();
        }
        return new TrainingResult(history, bestEpoch, stopReason, parameterCount);
    }

    private double step(Trainer trainer, MinorTokenInputs x, float[] labels, float[] mask, int outputs, int[] order,
                        int from, int to) {
        int rows = to - from;
        float[] by = new float[rows * outputs];
        float[] bm = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(labels, order[from + r] * outputs, by, r * outputs, outputs);
            System.arraycopy(mask, order[from + r] * outputs, bm, r * outputs, outputs);
        }
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList inputs = x.batch(sub, order, from, to);
            NDArray target = sub.create(by, new Shape(rows, outputs));
            NDArray weights = sub.create(bm, new Shape(rows, outputs));
            return OptimizerStep.run(trainer, sub, config.clipNorm(), () -> {
                NDArray pred = trainer.forward(inputs).singletonOrThrow();
                return pred.sub(target).square().mul(weights).sum().div(weights.sum().add(1e-12f));
            });
        }
    }

    /** log2-MSE per task group (k, m) over the known labels of {@code codes}. */
    public static Log2MseReport report(double[][] predictedLog2, ProfileSet codes) {
        List<double[]> pairs = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            for (int m = 1; m <= codes.n() - codes.k(); m++) {
                double y = codes.log2Height(i, m);
                Group g = new Group(codes.k(), m);
                if (!Double.isNaN(y) && Group.TASK_GROUPS.contains(g)) {
                    pairs.add(new double[] {y, predictedLog2[i][m - 1]});
                    groups.add(g);
                }
            }
        }
        double[] truth = new double[pairs.size()];
        double[] pred = new double[pairs.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = pairs.get(i)[0];
            pred[i] = pairs.get(i)[1];
        }
        return Log2MseReport.of(truth, pred, groups.toArray(new Group[0]));
    }
}

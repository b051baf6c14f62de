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
        EpochLearningRate rate = new EpochLearningRate(config.warmupSteps());
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(rate)
                .optWeightDecays((float) config.weightDecay()).build();
        DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
        long parameterCount;
        EpochLoop.Outcome outcome;
        try (Trainer trainer = model.newTrainer(djlConfig)) {
            trainer.initialize(net.inputShapes(config.batchSize()));
            parameterCount = BlockParameters.count(net);
            int[] order = new int[train.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            outcome = EpochLoop.run(config, rate, new EpochLoop.Model() {
                @Override
                public int[] order(int epoch, SplittableRandom random) {
                    Split.shuffle(order, random);
                    return order;
                }

                @Override
                public double step(int[] epochOrder, int from, int to, int epoch) {
                    return TokenTrainer.this.step(trainer, trainX, labels, mask, outputs, epochOrder, from, to);
                }

                @Override
                public Log2MseReport validate() {
                    return report(TokenPredictor.predictLog2(model, valX), validation);
                }

                @Override
                public byte[] save() {
                    return BlockParameters.save(net);
                }
            }, listeners, onEpoch, best -> { });
        }
        return outcome.result(config.restoreBest(), best -> BlockParameters.load(net, best, model.getNDManager()),
                parameterCount);
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

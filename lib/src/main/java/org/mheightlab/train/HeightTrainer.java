package org.mheightlab.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.mheightlab.data.Group;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.model.HeightBlock;
import org.mheightlab.model.ModelInputs;
import org.mheightlab.model.Predictor;

/**
 * The one trainer of every height model kind: the block (a {@link HeightBlock}) on its {@link ModelInputs},
 * with DJL's {@link Trainer} and one DJL loss ({@link WeightedLog2Mse}) plus the block's L2 penalty, AdamW with
 * decoupled weight decay, gradient clipping by global norm, a per-epoch learning-rate schedule with warm-up,
 * curriculum and group weights, listeners, restore-best and a best-epoch checkpoint file. The epochs themselves
 * are {@link EpochLoop}'s. Every step runs in its own sub-NDManager so no gradient or batch array outlives it.
 * Engine-neutral: DJL API only.
 */
public final class HeightTrainer {

    private final TrainingConfig config;
    private final List<EpochListener> listeners;
    private final Consumer<EpochRecord> onEpoch;
    private final Path checkpoint;
    private final StepProfile profile;

    /**
     * {@code checkpoint}: where the best parameters so far are written (atomically) whenever validation improves,
     * so that an interrupted run still leaves its best model on disk; null for none.
     */
    public HeightTrainer(TrainingConfig config, List<EpochListener> listeners, Consumer<EpochRecord> onEpoch,
                         Path checkpoint) {
        this(config, listeners, onEpoch, checkpoint, null);
    }

    private HeightTrainer(TrainingConfig config, List<EpochListener> listeners, Consumer<EpochRecord> onEpoch,
                          Path checkpoint, StepProfile profile) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.onEpoch = onEpoch;
        this.checkpoint = checkpoint;
        this.profile = profile;
    }

    /** This trainer, timing every step's parts into {@code profile} (the throughput benchmark's view). */
    public HeightTrainer profiled(StepProfile profile) {
        return new HeightTrainer(config, listeners, onEpoch, checkpoint, profile);
    }

    /** Listeners implied by the config: early stopping and the tier monitor. */
    public static List<EpochListener> standardListeners(TrainingConfig config) {
        List<EpochListener> out = new ArrayList<>();
        if (config.patience() > 0) {
            out.add(new EpochListener.EarlyStopping(config.patience(), config.curriculum().lastPhaseStart()));
        }
        if (config.easyStopAbove() > 0) {
            out.add(new EpochListener.TierMonitor(config.easyStopAbove()));
        }
        return out;
    }

    /** Trains {@code model}'s block (a {@link HeightBlock}) on {@code train}, validating on {@code validation}. */
    public TrainingResult train(Model model, ModelInputs train, ModelInputs validation) {
        if (!(model.getBlock() instanceof HeightBlock block)) {
            throw new IllegalArgumentException("the trainer needs a HeightBlock, got " + model.getBlock());
        }
        model.getNDManager().getEngine().setRandomSeed((int) config.seed());
        int outputs = train.outputs();
        float[] labels = new float[train.size() * outputs];
        boolean[] known = new boolean[labels.length];
        for (int i = 0; i < train.size(); i++) {
            for (int j = 0; j < outputs; j++) {
                double y = train.label(i, j);
                if (!Double.isNaN(y)) {
                    labels[i * outputs + j] = (float) y;
                    known[i * outputs + j] = true;
                }
            }
        }
        EpochOrder epochOrder = EpochOrder.of(train, config);
        EpochLearningRate rate = new EpochLearningRate(config.warmupSteps());
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(rate)
                .optWeightDecays((float) config.weightDecay()).build();
        DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(new WeightedLog2Mse()).optOptimizer(optimizer)
                .optInitializer(config.initializer().equals("seeded") ? new SeededXavier(config.seed())
                        : new XavierInitializer(), Parameter.Type.WEIGHT)
                .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
        long parameterCount;
        EpochLoop.Outcome outcome;
        try (Trainer trainer = model.newTrainer(djlConfig)) {
            trainer.initialize(block.inputShapes(config.batchSize()));
            parameterCount = BlockParameters.count(block);
            List<Parameter> l2Parameters = block.l2Parameters();
            outcome = EpochLoop.run(config, rate, new EpochLoop.Steps() {
                private float[] weights;

                @Override
                public int[] order(int epoch, SplittableRandom random) {
                    weights = epochWeights(train, known, epoch);
                    return epochOrder.next(epoch, random);
                }

                @Override
                public double step(int[] order, int from, int to, int epoch) {
                    return HeightTrainer.this.step(trainer, block, l2Parameters, train, labels, weights, order,
                            from, to);
                }

                @Override
                public Log2MseReport validate() {
                    return validation.report(Predictor.predictLog2(model, validation));
                }

                @Override
                public byte[] save() {
                    return BlockParameters.save(block);
                }

                @Override
                public String nonFiniteWeight() {
                    return BlockParameters.firstNonFinite(block);
                }
            }, listeners, onEpoch, best -> {
                if (checkpoint != null) {
                    AtomicFiles.write(checkpoint, out -> out.write(best));
                }
            });
        }
        return outcome.result(config.restoreBest(), best -> BlockParameters.load(block, best, model.getNDManager()),
                parameterCount);
    }

    /**
     * Each label's loss weight this epoch: 0 where unknown, else its group's curriculum and group weight (worked out
     * once per group and epoch, not per step).
     */
    private float[] epochWeights(ModelInputs train, boolean[] known, int epoch) {
        int outputs = train.outputs();
        float[] w = new float[known.length];
        Map<Group, Float> byGroup = new HashMap<>();
        for (int i = 0; i < train.size(); i++) {
            for (int j = 0; j < outputs; j++) {
                if (known[i * outputs + j]) {
                    w[i * outputs + j] = byGroup.computeIfAbsent(train.group(i, j), g ->
                            (float) (config.curriculum().weight(g, epoch) * config.groupWeights().weight(g)));
                }
            }
        }
        return w;
    }

    /** One optimisation step on order[from, to); returns the batch loss. */
    private double step(Trainer trainer, HeightBlock block, List<Parameter> l2Parameters, ModelInputs train,
                        float[] labels, float[] weights, int[] order, int from, int to) {
        int rows = to - from;
        int outputs = train.outputs();
        float[] by = new float[rows * outputs];
        float[] bw = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            int i = order[from + r];
            System.arraycopy(labels, i * outputs, by, r * outputs, outputs);
            System.arraycopy(weights, i * outputs, bw, r * outputs, outputs);
        }
        double l2 = block.l2();
        try (NDManager sub = trainer.getManager().newSubManager()) {
            long start = System.nanoTime();
            NDList inputs = train.batch(sub, order, from, to);
            NDList target = new NDList(sub.create(by, new Shape(rows, outputs)), sub.create(bw, new Shape(rows, outputs)));
            if (profile != null) {
                profile.features(System.nanoTime() - start, rows);
            }
            return OptimizerStep.run(trainer, sub, config.clipNorm(), () -> {
                NDArray loss = trainer.getLoss().evaluate(target, trainer.forward(inputs));
                if (l2 > 0) {
                    for (Parameter p : l2Parameters) {
                        // Results of operations on a parameter land in the parameter's (long-lived) manager;
                        // move them into this step's manager or every step leaks one copy of the weights.
                        NDArray squared = p.getArray().square();
                        squared.attach(sub);
                        loss = loss.add(squared.sum().mul((float) l2));
                    }
                }
                return loss;
            }, profile);
        }
    }
}

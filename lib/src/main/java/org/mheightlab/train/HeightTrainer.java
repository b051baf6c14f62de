package org.mheightlab.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.split.Split;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.HeightNet;
import org.mheightlab.model.HeightPredictor;

/**
 * The training loop: weighted log2-MSE on softplus outputs, AdamW with decoupled weight decay, gradient
 * clipping by global norm, a per-epoch learning-rate schedule, curriculum weights, listeners, and restore of
 * the best epoch's parameters. Every step runs in its own sub-NDManager so no gradient or batch array outlives
 * it. Engine-neutral: DJL API only.
 */
public final class HeightTrainer {

    private final TrainingConfig config;
    private final FeatureEncoder features;
    private final List<TrainingListener> listeners;
    private final Consumer<EpochRecord> onEpoch;
    private java.nio.file.Path checkpoint;

    public HeightTrainer(TrainingConfig config, FeatureEncoder features, List<TrainingListener> listeners,
                         Consumer<EpochRecord> onEpoch) {
        this.config = config;
        this.features = features;
        this.listeners = List.copyOf(listeners);
        this.onEpoch = onEpoch;
    }

    /**
     * Also write the best parameters so far to {@code file} (atomically) whenever validation improves, so an
     * interrupted run still leaves its best model on disk.
     */
    public HeightTrainer withBestCheckpoint(java.nio.file.Path file) {
        this.checkpoint = file;
        return this;
    }

    /** Listeners implied by the config: early stopping and the tier monitor. */
    public static List<TrainingListener> standardListeners(TrainingConfig config) {
        List<TrainingListener> out = new ArrayList<>();
        if (config.patience() > 0) {
            out.add(new TrainingListener.EarlyStopping(config.patience()));
        }
        if (config.easyStopAbove() > 0) {
            out.add(new TrainingListener.TierMonitor(config.easyStopAbove()));
        }
        return out;
    }

    /** Trains {@code model}'s block (a {@link HeightNet}) on {@code train}, validating on {@code validation}. */
    public TrainingResult train(Model model, Dataset train, double[] sampleWeights, Dataset validation) {
        Engine.getInstance().setRandomSeed((int) config.seed());
        float[] xTrain = features.encode(train, all(train.size()));
        float[] yTrain = log2Heights(train);
        Group[] valGroups = groups(validation);
        double[] yVal = new double[validation.size()];
        for (int i = 0; i < yVal.length; i++) {
            yVal[i] = log2(validation.height(i));
        }
        int width = features.size();
        EpochLearningRate rate = new EpochLearningRate(config.warmupSteps());
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(rate)
                .optWeightDecays((float) config.weightDecay()).build();
        DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT).optDevices(new ai.djl.Device[] {
                    model.getNDManager().getDevice()});
        long parameterCount;
        EpochLoop.Outcome outcome;
        try (Trainer trainer = model.newTrainer(djlConfig)) {
            trainer.initialize(new Shape(config.batchSize(), width));
            parameterCount = BlockParameters.count(model.getBlock());
            List<Parameter> l2Weights = l2Weights(model.getBlock());
            outcome = EpochLoop.run(config, rate, new EpochLoop.Model() {
                @Override
                public int[] order(int epoch, SplittableRandom random) {
                    return epochOrder(train, sampleWeights, epoch, random);
                }

                @Override
                public double step(int[] order, int from, int to, int epoch) {
                    return HeightTrainer.this.step(trainer, l2Weights, xTrain, yTrain, sampleWeights, train, order,
                            from, to, epoch, width);
                }

                @Override
                public Log2MseReport validate() {
                    return Log2MseReport.of(yVal, HeightPredictor.predictLog2(model, features, validation), valGroups);
                }

                @Override
                public byte[] save() {
                    return BlockParameters.save(model.getBlock());
                }
            }, listeners, onEpoch, best -> {
                if (checkpoint != null) {
                    org.mheightlab.files.AtomicFiles.write(checkpoint, out -> out.write(best));
                }
            });
        }
        return outcome.result(config.restoreBest(),
                best -> BlockParameters.load(model.getBlock(), best, model.getNDManager()), parameterCount);
    }

    /** One optimisation step on order[from, to); returns the batch loss. */
    private double step(Trainer trainer, List<Parameter> l2Weights, float[] x, float[] y, double[] sampleWeights,
                        Dataset train, int[] order, int from, int to, int epoch, int width) {
        int n = to - from;
        float[] bx = new float[n * width];
        float[] by = new float[n];
        float[] bw = new float[n];
        for (int r = 0; r < n; r++) {
            int i = order[from + r];
            System.arraycopy(x, i * width, bx, r * width, width);
            by[r] = y[i];
            bw[r] = (float) (sampleWeights[i] * config.curriculum().weight(train.group(i), epoch)
                    * config.groupWeights().weight(train.group(i)));
        }
        NDManager root = trainer.getManager();
        try (NDManager sub = root.newSubManager()) {
            NDArray features = sub.create(bx, new Shape(n, width));
            NDArray target = sub.create(by, new Shape(n, 1));
            NDArray weights = sub.create(bw, new Shape(n, 1));
            return OptimizerStep.run(trainer, sub, config.clipNorm(), () -> {
                NDArray z = trainer.forward(new NDList(features)).singletonOrThrow();
                NDArray pred = Activation.softPlus(z);
                NDArray loss = pred.sub(target).square().mul(weights).sum().div(weights.sum().add(1e-12f));
                double l2 = trainer.getModel().getBlock() instanceof HeightNet net ? net.spec().l2() : 0.0;
                if (l2 > 0) {
                    for (Parameter p : l2Weights) {
                        // Results of operations on a parameter land in the parameter's (long-lived) manager;
                        // move them into this step's manager or every step leaks one copy of the weights.
                        NDArray squared = p.getArray().square();
                        squared.attach(sub);
                        loss = loss.add(squared.sum().mul((float) l2));
                    }
                }
                return loss;
            });
        }
    }

    /**
     * The samples of one epoch: every sample with a positive weight, shuffled; with balanced sampling, each
     * active group drawn (with replacement) up to the size of the largest active group.
     */
    private int[] epochOrder(Dataset train, double[] sampleWeights, int epoch, SplittableRandom rng) {
        List<Integer> active = new ArrayList<>();
        java.util.Map<Group, List<Integer>> byGroup = new java.util.TreeMap<>();
        for (int i = 0; i < train.size(); i++) {
            Group g = train.group(i);
            if (sampleWeights[i] > 0 && config.curriculum().weight(g, epoch) > 0 && config.groupWeights().weight(g) > 0) {
                active.add(i);
                byGroup.computeIfAbsent(g, x -> new ArrayList<>()).add(i);
            }
        }
        int[] order;
        if (config.balancedSampling() && !byGroup.isEmpty()) {
            int per = byGroup.values().stream().mapToInt(List::size).max().orElse(0);
            order = new int[per * byGroup.size()];
            int at = 0;
            for (List<Integer> members : byGroup.values()) {
                for (int j = 0; j < per; j++) {
                    order[at++] = j < members.size() ? members.get(j) : members.get(rng.nextInt(members.size()));
                }
            }
        } else {
            order = active.stream().mapToInt(Integer::intValue).toArray();
        }
        Split.shuffle(order, rng);
        return order;
    }

    private static List<Parameter> l2Weights(Block block) {
        List<Parameter> out = new ArrayList<>();
        if (block instanceof HeightNet net) {
            for (Block dense : net.denseLayers()) {
                for (Pair<String, Parameter> p : dense.getParameters()) {
                    if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                        out.add(p.getValue());
                    }
                }
            }
        }
        return out;
    }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static float[] log2Heights(Dataset d) {
        float[] y = new float[d.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) log2(d.height(i));
        }
        return y;
    }

    private static Group[] groups(Dataset d) {
        Group[] g = new Group[d.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = d.group(i);
        }
        return g;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}

package org.mheightlab.classify;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.mheightlab.data.split.Split;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.train.BlockParameters;
import org.mheightlab.train.EpochLearningRate;
import org.mheightlab.train.LearningRateSchedule;
import org.mheightlab.train.OptimizerStep;
import org.mheightlab.train.StopRequest;
import org.mheightlab.train.TrainingDivergedException;

/**
 * Trains a {@link MultimodalClassifier}: AdamW, global-norm clipping and the {@code train} package's learning-rate
 * schedules, a fixed number of steps per epoch, an optional class-balanced sampler, focal or cross-entropy loss
 * plus the weighted auxiliary loss, per-epoch metrics on train and validation, early stopping and best-only
 * checkpoints on validation F1, and restore of the best epoch at the end. Every step runs in its own
 * sub-NDManager. Engine-neutral: DJL API only.
 *
 * <p>It keeps its own epoch loop rather than the height models' {@link org.mheightlab.train.EpochLoop}: an epoch
 * here is a fixed number of sampled steps (not one pass over the data), the best epoch is the one with the
 * largest validation F1 (not the smallest log2-MSE, with a report per group and tier), and checkpoints go to a
 * classifier folder each epoch. What the two loops do alike is shared: {@code OptimizerStep} (step and clipping),
 * the learning-rate schedules and {@code StopRequest} (interrupts).
 */
public final class ClassifierTrainer {

    private static final int EVAL_BATCH = 512;

    /** What to change when a classifier's training diverges (the options of classify train and pretrain). */
    static final String DIVERGED_HINT = "lower --lr, or check the data for extreme values and lower --aux-weight";

    private final ClassifierTrainingConfig config;
    private final Consumer<ClassifierEpoch> onEpoch;
    private final Path checkpointDir;
    private final boolean saveBestOnly;
    private final Path pretrained;

    public ClassifierTrainer(ClassifierTrainingConfig config, Consumer<ClassifierEpoch> onEpoch) {
        this(config, onEpoch, null, true, null);
    }

    private ClassifierTrainer(ClassifierTrainingConfig config, Consumer<ClassifierEpoch> onEpoch, Path checkpointDir,
                              boolean saveBestOnly, Path pretrained) {
        this.config = config;
        this.onEpoch = onEpoch;
        this.checkpointDir = checkpointDir;
        this.saveBestOnly = saveBestOnly;
        this.pretrained = pretrained;
    }

    /**
     * A copy that writes {@code best.params} (and, unless {@code bestOnly}, {@code epoch-NNN.params}) into
     * {@code dir}. Like every {@code with*} of the project, it returns a copy and leaves this one as it is.
     */
    public ClassifierTrainer withCheckpoints(Path dir, boolean bestOnly) {
        return new ClassifierTrainer(config, onEpoch, dir, bestOnly, pretrained);
    }

    /** A copy that starts the encoder from an {@link EncoderCheckpoint} written by {@link EncoderPretrainer}. */
    public ClassifierTrainer withPretrainedEncoder(Path checkpoint) {
        return new ClassifierTrainer(config, onEpoch, checkpointDir, saveBestOnly, checkpoint);
    }

    /** A new model holding an untrained classifier for {@code modalities} inputs, on {@code device}. */
    public static Model newModel(ClassifierSpec spec, int modalities, Device device) {
        Model model = Model.newInstance("multimodal-classifier", device);
        model.setBlock(new MultimodalClassifier(spec, modalities));
        return model;
    }

    public ClassifierTrainingResult train(Model model, MultimodalDataset train, MultimodalDataset validation) {
        if (!(model.getBlock() instanceof MultimodalClassifier net)) {
            throw new IllegalArgumentException("the model's block is not a MultimodalClassifier");
        }
        ClassifierSpec spec = net.encoder().spec();
        checkCompatible(train, validation);
        if (spec.auxWeight() > 0 && !train.hasAux()) {
            throw train.problem("the auxiliary head has weight " + spec.auxWeight() + " but the data has no 'aux' "
                    + "array; set the auxiliary weight to 0 (--aux-weight 0)");
        }
        int positives = train.positives();
        if (train.size() == 0) {
            throw train.problem("the training part is empty: the validation share took every sample; give more "
                    + "samples or a smaller --val-fraction");
        }
        if (positives == 0 || positives == train.size()) {
            throw train.problem("the training part holds only class " + (positives == 0 ? 0 : 1)
                    + " (" + train.size() + " samples); a classifier needs samples of both classes");
        }
        Engine.getInstance().setRandomSeed((int) config.seed());
        double[] classWeight = classWeights(train);
        int steps = config.trainSteps() > 0 ? config.trainSteps()
                : (train.size() + config.batchSize() - 1) / config.batchSize();
        LearningRateSchedule schedule = LearningRateSchedule.parse(config.schedule()).fresh();
        EpochLearningRate rate = new EpochLearningRate(0);
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(rate)
                .optWeightDecays((float) config.weightDecay()).build();
        DefaultTrainingConfig djl = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                .optDevices(new Device[] {model.getNDManager().getDevice()});
        ClassificationLoss loss = new ClassificationLoss(config.focal(), config.focalGamma());
        SplittableRandom rng = new SplittableRandom(config.seed());
        Sampler sampler = new Sampler(train, config.weightedSampler(), rng.split());
        List<ClassifierEpoch> history = new ArrayList<>();
        byte[] best = null;
        int bestEpoch = -1;
        double bestF1 = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        int waited = 0;
        String stopReason = "reached --epochs " + config.epochs();
        double previousValLoss = Double.NaN;
        long parameters;
        try (StopRequest.Scope polling = StopRequest.polling();
                Trainer trainer = model.newTrainer(djl)) {
            trainer.initialize(Batches.shapes(train.modalities(), config.batchSize()));
            if (pretrained != null) {
                EncoderCheckpoint.load(pretrained, net.encoder(), train.modalities(), model.getNDManager());
            }
            parameters = BlockParameters.count(net);
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                long start = System.nanoTime();
                double lr = schedule.rate(epoch, config.learningRate(), previousValLoss);
                rate.set(lr);
                double stepLoss = 0;
                int done = 0;
                for (int s = 0; s < steps && !StopRequest.pending(); s++, done++) {
                    double l = step(trainer, spec, loss, train, sampler.next(config.batchSize()), classWeight);
                    if (!Double.isFinite(l)) {
                        // A NaN model scores F1 0 and would still be checkpointed as the "best" epoch: stop here.
                        throw TrainingDivergedException.loss(l, epoch, s, DIVERGED_HINT);
                    }
                    stepLoss += l;
                }
                String weight = BlockParameters.firstNonFinite(net);
                if (weight != null) {
                    throw new TrainingDivergedException(weight, epoch, -1, null, DIVERGED_HINT);
                }
                boolean interrupted = done < steps;
                if (interrupted && done == 0 && !history.isEmpty()) {
                    stopReason = StopRequest.reason(epoch, 0, steps);
                    break;
                }
                ClassMetrics trainMetrics = evaluate(model, train, classWeight, loss);
                ClassMetrics valMetrics = evaluate(model, validation, classWeight, loss);
                previousValLoss = valMetrics.loss();
                List<String> warnings = new ArrayList<>();
                warnIfSingleClass(warnings, epoch, "validation", valMetrics);
                warnIfSingleClass(warnings, epoch, "training", trainMetrics);
                boolean improved = valMetrics.f1() > bestF1
                        || (valMetrics.f1() == bestF1 && valMetrics.loss() < bestLoss);
                if (improved) {
                    bestF1 = valMetrics.f1();
                    bestLoss = valMetrics.loss();
                    bestEpoch = epoch;
                    best = BlockParameters.save(net);
                    waited = 0;
                    saveCheckpoint(BEST_FILE, best);
                } else {
                    waited++;
                }
                if (!saveBestOnly) {
                    saveCheckpoint(epochFile(epoch), BlockParameters.save(net));
                }
                ClassifierEpoch record = new ClassifierEpoch(epoch, lr, done == 0 ? Double.NaN : stepLoss / done,
                        trainMetrics, valMetrics,
                        (System.nanoTime() - start) / 1e9, warnings);
                history.add(record);
                onEpoch.accept(record);
                if (interrupted) {
                    stopReason = StopRequest.reason(epoch, done, steps);
                    break;
                }
                if (config.patience() >= 0 && waited > config.patience()) {
                    stopReason = "early stopping: validation F1 did not improve for " + waited + " epoch"
                            + (waited == 1 ? "" : "s") + " (patience " + config.patience() + ", after epoch " + epoch
                            + ")";
                    break;
                }
            }
        }
        BlockParameters.load(net, best, model.getNDManager());
        return new ClassifierTrainingResult(history, bestEpoch, stopReason, parameters);
    }

    private static void checkCompatible(MultimodalDataset train, MultimodalDataset validation) {
        List<Modality> a = train.modalities();
        List<Modality> b = validation.modalities();
        boolean same = a.size() == b.size();
        for (int i = 0; same && i < a.size(); i++) {
            same = a.get(i).name().equals(b.get(i).name()) && a.get(i).tokens() == b.get(i).tokens()
                    && a.get(i).width() == b.get(i).width();
        }
        if (!same) {
            throw new IllegalArgumentException("training and validation modalities differ: " + a + " vs " + b);
        }
        if (validation.size() == 0) {
            throw validation.problem("the validation part is empty: " + train.size() + " samples are too few to "
                    + "set some of each class aside; give more samples or a larger --val-fraction");
        }
    }

    private static void warnIfSingleClass(List<String> warnings, int epoch, String set, ClassMetrics m) {
        int only = m.singleClass();
        if (only >= 0) {
            warnings.add(String.format(Locale.ROOT, "epoch %d: the model predicts only class %d on the %s set "
                    + "(F1 = %.3f); the minority class is being ignored: try --class-weighted, --use-focal or "
                    + "--weighted-sampler", epoch, only, set, m.f1()));
        }
    }

    /** N / (2 · count) per class when class weighting is on, else 1 and 1. */
    private double[] classWeights(MultimodalDataset train) {
        if (!config.classWeighted()) {
            return new double[] {1, 1};
        }
        int pos = train.positives();
        int neg = train.size() - pos;
        return new double[] {train.size() / (2.0 * neg), train.size() / (2.0 * pos)};
    }

    private double step(Trainer trainer, ClassifierSpec spec, ClassificationLoss lossFn, MultimodalDataset train,
                        int[] rows, double[] classWeight) {
        float[] labels = new float[rows.length];
        float[] weights = new float[rows.length];
        float[] aux = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            int y = train.label(rows[r]);
            labels[r] = y;
            weights[r] = (float) classWeight[y];
            aux[r] = train.hasAux() ? train.aux(rows[r]) : 0f;
        }
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList inputs = Batches.inputs(sub, train, rows);
            return OptimizerStep.run(trainer, sub, config.clipNorm(), () -> {
                NDList out = trainer.forward(inputs);
                NDArray loss = lossFn.compute(out.get(0), sub.create(labels), sub.create(weights));
                if (spec.auxWeight() > 0) {
                    NDArray auxLoss = out.get(1).reshape(rows.length).sub(sub.create(aux)).square().mean();
                    loss = loss.add(auxLoss.mul((float) spec.auxWeight()));
                }
                return loss;
            });
        }
    }

    /** Metrics of one evaluation pass (no dropout); the loss is the classification loss with the same weights. */
    static ClassMetrics evaluate(Model model, MultimodalDataset data, double[] classWeight, ClassificationLoss loss) {
        double[] p = probabilities(model, data);
        int[] truth = data.labels();
        int[] predicted = new int[p.length];
        double sum = 0;
        double weightSum = 0;
        for (int i = 0; i < p.length; i++) {
            predicted[i] = p[i] >= 0.5 ? 1 : 0;
            sum += classWeight[truth[i]] * loss.term(truth[i] == 1 ? p[i] : 1 - p[i]);
            weightSum += classWeight[truth[i]];
        }
        return ClassMetrics.of(truth, predicted, sum / weightSum);
    }

    /** P(class 1) for every sample, in evaluation mode. */
    public static double[] probabilities(Model model, MultimodalDataset data) {
        double[] out = new double[data.size()];
        for (int from = 0; from < out.length; from += EVAL_BATCH) {
            int to = Math.min(out.length, from + EVAL_BATCH);
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDList inputs = Batches.inputs(sub, data, Batches.range(from, to));
                NDArray logits = model.getBlock().forward(new ParameterStore(sub, false), inputs, false).get(0);
                float[] probs = logits.softmax(1).toFloatArray();
                for (int i = 0; i < to - from; i++) {
                    out[from + i] = probs[2 * i + 1];
                }
            }
        }
        return out;
    }

    /** The best epoch's parameters in the checkpoint folder. */
    static final String BEST_FILE = "best.params";
    /** Every epoch's parameters (unless saveBestOnly): epoch-001.params, epoch-002.params, ... */
    static final java.util.regex.Pattern EPOCH_FILE = java.util.regex.Pattern.compile("epoch-\\d{3,}\\.params");

    static String epochFile(int epoch) {
        return String.format(Locale.ROOT, "epoch-%03d.params", epoch);
    }

    private void saveCheckpoint(String name, byte[] parameters) {
        if (checkpointDir != null) {
            AtomicFiles.write(checkpointDir.resolve(name), out -> out.write(parameters));
        }
    }

    /**
     * Draws training batches: uniformly from a reshuffled pass over the data, or, as PyTorch's
     * WeightedRandomSampler with weights 1/class count does, a class with probability ½ then a member of it.
     */
    private static final class Sampler {
        private final MultimodalDataset data;
        private final boolean weighted;
        private final SplittableRandom rng;
        private final int[][] byClass;
        private int[] order;
        private int at;

        Sampler(MultimodalDataset data, boolean weighted, SplittableRandom rng) {
            this.data = data;
            this.weighted = weighted;
            this.rng = rng;
            int[] labels = data.labels();
            byClass = new int[][] {
                java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == 0).toArray(),
                java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == 1).toArray()};
            order = new int[0];
        }

        int[] next(int batch) {
            int[] rows = new int[Math.min(batch, weighted ? batch : data.size())];
            for (int r = 0; r < rows.length; r++) {
                if (weighted) {
                    int[] cls = byClass[rng.nextInt(2)];
                    rows[r] = cls[rng.nextInt(cls.length)];
                } else {
                    if (at == order.length) {
                        order = Batches.range(0, data.size());
                        Split.shuffle(order, rng);
                        at = 0;
                    }
                    rows[r] = order[at++];
                }
            }
            return rows;
        }
    }
}

package org.mheightlab.classify;

import ai.djl.Device;
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
import java.util.function.IntConsumer;
import org.mheightlab.Bounds;
import org.mheightlab.train.EpochLearningRate;
import org.mheightlab.train.OptimizerStep;
import org.mheightlab.train.StopRequest;

/**
 * Self-supervised pretraining of the encoder by masked-token reconstruction (no labels are read): each token is
 * blanked with probability {@code maskFraction} and the encoder, through a linear decoder per modality, must
 * rebuild the blanked tokens from the rest. The encoder learns how the modalities relate (rows, columns,
 * statistics of the same P), which a classifier started from it does not have to learn from scarce labels.
 */
public final class EncoderPretrainer {

    /** Settings of a pretraining run. */
    public record Config(int epochs, int stepsPerEpoch, int batchSize, double learningRate, double maskFraction,
                         long seed) {
        /** A masked share of 1 leaves nothing to reconstruct from; 0 nothing to reconstruct. */
        static final Bounds.Range MASK_FRACTION = new Bounds.Range(0, true, 1, true);

        public Config {
            // The option names, as `mheight classify pretrain` gives these; the ranges are the height runs' (Bounds).
            Bounds.check("--epochs", epochs, Bounds.EPOCHS);
            Bounds.check("--train-steps", stepsPerEpoch, Bounds.closed(1, Bounds.STEPS.max()));
            Bounds.check("--batch", batchSize, Bounds.BATCH_SIZE);
            Bounds.check("--lr", learningRate, Bounds.LEARNING_RATE);
            Bounds.check("--mask-fraction", maskFraction, MASK_FRACTION);
        }
    }

    private final Config config;
    private final Consumer<String> log;
    private final IntConsumer onEpoch;

    public EncoderPretrainer(Config config, Consumer<String> log) {
        this(config, log, epoch -> { });
    }

    private EncoderPretrainer(Config config, Consumer<String> log, IntConsumer onEpoch) {
        this.config = config;
        this.log = log;
        this.onEpoch = onEpoch;
    }

    /** A copy that calls {@code listener} with each finished epoch's index (the command's interrupt handling). */
    public EncoderPretrainer withOnEpoch(IntConsumer listener) {
        return new EncoderPretrainer(config, log, listener);
    }

    /** Pretrains a new encoder of shape {@code spec} on the inputs of {@code data}; returns the loss per epoch. */
    public Result pretrain(ClassifierSpec spec, MultimodalDataset data, Device device) {
        Engine.getInstance().setRandomSeed((int) config.seed());
        SplittableRandom rng = new SplittableRandom(config.seed());
        List<Double> losses = new ArrayList<>();
        String stopReason = "reached --epochs " + config.epochs();
        Model model = Model.newInstance("encoder-pretraining", device);
        PretrainingNet net = new PretrainingNet(spec, data.modalities());
        model.setBlock(net);
        EpochLearningRate rate = new EpochLearningRate(0);
        rate.set(config.learningRate());
        DefaultTrainingConfig djl = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adamW().optLearningRateTracker(rate).build())
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                .optDevices(new Device[] {device});
        try (StopRequest.Scope polling = StopRequest.polling();
                Trainer trainer = model.newTrainer(djl)) {
            trainer.initialize(Batches.shapes(data.modalities(), config.batchSize()));
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                double sum = 0;
                int done = 0;
                for (int s = 0; s < config.stepsPerEpoch() && !StopRequest.pending(); s++, done++) {
                    int[] rows = new int[config.batchSize()];
                    for (int r = 0; r < rows.length; r++) {
                        rows[r] = rng.nextInt(data.size());
                    }
                    double l = step(trainer, data, rows, rng);
                    if (!Double.isFinite(l)) {
                        model.close();
                        throw org.mheightlab.train.TrainingDivergedException.loss(l, epoch, s,
                                ClassifierTrainer.DIVERGED_HINT);
                    }
                    sum += l;
                }
                if (done == 0) {
                    stopReason = StopRequest.reason(epoch, 0, config.stepsPerEpoch());
                    log.accept("pretraining " + stopReason);
                    break;
                }
                double mean = sum / done;
                losses.add(mean);
                log.accept(String.format(java.util.Locale.ROOT, "pretrain epoch %d: masked reconstruction loss %.5f",
                        epoch, mean));
                onEpoch.accept(epoch);
                if (done < config.stepsPerEpoch()) {
                    stopReason = StopRequest.reason(epoch, done, config.stepsPerEpoch());
                    log.accept(stopReason);
                    break;
                }
            }
        }
        return new Result(model, net.encoder(), losses, stopReason);
    }

    /** The pretraining model (close it when done), its encoder and the reconstruction loss per epoch. */
    public record Result(Model model, MultimodalEncoder encoder, List<Double> losses, String stopReason) {
    }

    private double step(Trainer trainer, MultimodalDataset data, int[] rows, SplittableRandom rng) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList targets = Batches.inputs(sub, data, rows);
            NDList masked = new NDList();
            List<NDArray> masks = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                Modality m = data.modalities().get(i);
                float[] keep = new float[rows.length * m.tokens()];
                for (int j = 0; j < keep.length; j++) {
                    keep[j] = rng.nextDouble() < config.maskFraction() ? 0f : 1f;
                }
                NDArray keepMask = sub.create(keep, new Shape(rows.length, m.tokens(), 1));
                masked.add(targets.get(i).mul(keepMask));
                masks.add(keepMask.neg().add(1f));
            }
            return OptimizerStep.run(trainer, sub, 1.0, () -> {
                NDList out = trainer.forward(masked);
                NDArray errorSum = null;
                NDArray count = null;
                for (int i = 0; i < out.size(); i++) {
                    NDArray hidden = masks.get(i);
                    NDArray err = out.get(i).sub(targets.get(i)).square().mul(hidden).sum();
                    NDArray n = hidden.sum().mul((float) data.modalities().get(i).width());
                    errorSum = errorSum == null ? err : errorSum.add(err);
                    count = count == null ? n : count.add(n);
                }
                return errorSum.div(count.add(1f));
            });
        }
    }
}

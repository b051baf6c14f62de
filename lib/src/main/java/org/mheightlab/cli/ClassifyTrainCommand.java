package org.mheightlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mheightlab.classify.ClassMetrics;
import org.mheightlab.classify.ClassifierEpoch;
import org.mheightlab.classify.ClassifierRun;
import org.mheightlab.classify.ClassifierSpec;
import org.mheightlab.classify.ClassifierTrainingConfig;
import org.mheightlab.classify.ClassifierTrainingResult;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.files.StagedFolder;
import org.mheightlab.train.StopRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mheight classify train}, with the flags of the summary's training script. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the multimodal classifier, printing loss, accuracy, precision, recall and F1 of the",
                "training and validation sets every epoch, and warning when it predicts a single class.",
                "Examples:",
                "  mheight classify train --data data/classify.npz --epochs 10 --train-steps 30 --batch 64",
                "  mheight classify train --data data/classify.npz --preset improved --epochs 30 "
                        + "--checkpoint-dir runs-out/classify --save-best-only"})
final class ClassifyTrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE.npz", description = "Multimodal .npz dataset.")
    Path data;

    @Mixin
    ClassifierModelOptions model;

    @Option(names = "--epochs", defaultValue = "20", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--train-steps", defaultValue = "0",
            description = "Optimiser steps per epoch (0 = one pass over the training set).")
    int trainSteps;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "AdamW weight decay.")
    double weightDecay;

    @Option(names = "--weighted-sampler", negatable = true, description = "Class-balanced batch sampling.")
    Boolean weightedSampler;

    @Option(names = "--class-weighted", negatable = true, description = "Weight the loss by inverse class size.")
    Boolean classWeighted;

    @Option(names = "--use-focal", negatable = true, description = "Focal loss instead of cross-entropy.")
    Boolean focal;

    @Option(names = "--focal-gamma", defaultValue = "2.0", description = "Focal loss gamma (default: 2.0).")
    double focalGamma;

    @Option(names = "--scheduler", description = "constant, cosine (warm restarts, T_0 10, T_mult 2, eta_min 1e-6), "
            + "plateau (ReduceLROnPlateau, patience 3, factor 0.5), or a full spec such as cosine-restarts:10:2:1e-6.")
    String scheduler;

    @Option(names = "--patience", description = "Early-stopping patience on validation F1 (negative: never stop).")
    Integer patience;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Write best.params, history.csv and classifier.json here.")
    Path checkpointDir;

    @Option(names = "--save-best-only", negatable = true, defaultValue = "false",
            description = "Keep only best.params (otherwise also epoch-NNN.params every epoch).")
    boolean saveBestOnly;

    @Option(names = "--pretrained-ckpt", paramLabel = "DIR|FILE",
            description = "Start the encoder from 'mheight classify pretrain' output.")
    Path pretrained;

    @Option(names = "--val-fraction", defaultValue = "0.2",
            description = "Validation share when the data has no split array (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OverwriteOption overwrite;

    /**
     * The options no record checks. The training options (--epochs, --train-steps, --batch, --lr, --weight-decay,
     * --focal-gamma) are checked, under their option names, by {@link ClassifierTrainingConfig}, which is built
     * right after this and before any work.
     */
    private void checkOptions() {
        OptionCheck.range("--val-fraction", valFraction, 0, false, 1, false);
        model.check();
    }

    @Override
    public Integer call() {
        checkOptions();
        ClassifierSpec spec = model.spec();
        boolean improved = model.preset == ClassifierModelOptions.Preset.improved;
        ClassifierTrainingConfig base = improved ? ClassifierTrainingConfig.improved(epochs, trainSteps, batch, seed)
                : ClassifierTrainingConfig.original(epochs, trainSteps, batch, seed);
        ClassifierTrainingConfig config = new ClassifierTrainingConfig(epochs, trainSteps, batch, lr, weightDecay,
                base.clipNorm(), scheduler == null ? base.schedule() : schedule(scheduler),
                patience == null ? base.patience() : patience,
                weightedSampler == null ? base.weightedSampler() : weightedSampler,
                classWeighted == null ? base.classWeighted() : classWeighted, focal == null ? base.focal() : focal,
                focalGamma, seed);
        System.out.println("model " + spec);
        System.out.println("training " + config);
        if (checkpointDir != null) {
            // Checked before training; the checkpoints are written beside the folder and swapped in at the end.
            // A pretrained encoder given as a folder is read as a whole: nothing may be written inside it.
            java.util.List<Path> inputs = new java.util.ArrayList<>(OutputGuard.inputs(data, pretrained));
            if (pretrained != null) {
                inputs.addAll(OutputGuard.folderInputs(pretrained));
            }
            OutputGuard.folder("--checkpoint-dir", checkpointDir, ClassifierRun.KIND, overwrite.overwrite, inputs);
        }
        return TrainingInterrupt.run("mheight classify train", checkpointDir, interrupt -> {
            StagedFolder staged = checkpointDir == null ? null
                    : StagedFolder.begin(checkpointDir, ClassifierRun.KIND, overwrite.overwrite);
            try (staged) {
                ClassifierRun.Outcome outcome = ClassifierRun.train(data, spec, config, new ClassifierRun.Options(
                        staged == null ? null : staged.path(), saveBestOnly, pretrained, valFraction, e -> {
                            print(e);
                            interrupt.epochFinished();
                        }));
                try (var m = outcome.model()) {
                    if (staged != null) {
                        staged.commit();
                    }
                    var r = outcome.result();
                    ClassMetrics best = r.best().validation();
                    System.out.printf(Locale.ROOT, "%s%nbest epoch %d: validation F1 %.4f (precision %.4f, recall "
                            + "%.4f), %d parameters%n", r.stopReason(), r.bestEpoch(), best.f1(), best.precision(),
                            best.recall(), r.parameterCount());
                    if (checkpointDir != null) {
                        System.out.println("wrote " + checkpointDir);
                    }
                    if (interrupt.interrupted()) {
                        interrupt.report(interruptedLine(r, best));
                    }
                }
            }
            return 0;
        });
    }

    /** The one line of a training stopped by Ctrl-C or SIGTERM. */
    private String interruptedLine(ClassifierTrainingResult r, ClassMetrics best) {
        String stopped = StopRequest.isInterruption(r.stopReason()) ? r.stopReason()
                : "interrupted after the training ended";
        String bestSoFar = String.format(Locale.ROOT, "the best epoch so far (epoch %d, validation F1 %.4f)",
                r.bestEpoch(), best.f1());
        return checkpointDir == null
                ? stopped + "; " + bestSoFar + "; nothing written (no --checkpoint-dir)"
                : stopped + "; wrote " + checkpointDir + " with " + bestSoFar
                        + ", stop reason \"interrupted\"";
    }

    static String schedule(String name) {
        return switch (name) {
            case "constant" -> "constant";
            case "cosine" -> "cosine-restarts:10:2:1e-6";
            case "plateau" -> "plateau:3:0.5:1e-6";
            default -> name;
        };
    }

    private static void print(ClassifierEpoch e) {
        System.out.printf(Locale.ROOT, "epoch %3d  lr %.2e  train %s | val %s  (%.1fs)%n", e.epoch(), e.learningRate(),
                line(e.train()), line(e.validation()), e.seconds());
        for (String w : e.warnings()) {
            System.err.println("warning: " + w);
        }
    }

    private static String line(ClassMetrics m) {
        return String.format(Locale.ROOT, "loss %.4f acc %.3f P %.3f R %.3f F1 %.3f", m.loss(), m.accuracy(),
                m.precision(), m.recall(), m.f1());
    }
}

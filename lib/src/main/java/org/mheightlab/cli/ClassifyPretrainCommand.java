package org.mheightlab.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mheightlab.classify.ClassifierRun;
import org.mheightlab.classify.ClassifierSpec;
import org.mheightlab.classify.EncoderCheckpoint;
import org.mheightlab.classify.EncoderPretrainer;
import org.mheightlab.classify.MultimodalDataset;
import org.mheightlab.classify.MultimodalNpz;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.files.StagedFolder;
import org.mheightlab.provenance.FileDigest;
import org.mheightlab.provenance.Json;
import org.mheightlab.train.StopRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mheight classify pretrain}: self-supervised masked-token pretraining of the encoder. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pretrain the encoder by masked-token reconstruction on the training inputs (labels unused)",
                "and write encoder.params + encoder.json for 'classify train --pretrained-ckpt'.",
                "Example: mheight classify pretrain --data data/classify.npz --preset improved --epochs 5 "
                        + "--checkpoint-dir runs-out/encoder"})
final class ClassifyPretrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE.npz", description = "Multimodal .npz dataset.")
    Path data;

    @Mixin
    ClassifierModelOptions model;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--train-steps", defaultValue = "50", description = "Steps per epoch (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--mask-fraction", defaultValue = "0.25", description = "Share of tokens blanked per sample.")
    double maskFraction;

    @Option(names = "--checkpoint-dir", required = true, paramLabel = "DIR", description = "Output folder.")
    Path checkpointDir;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OverwriteOption overwrite;

    @Override
    public Integer call() {
        // the settings check themselves, naming these options
        EncoderPretrainer.Config config = new EncoderPretrainer.Config(epochs, steps, batch, lr, maskFraction, seed);
        model.check();
        OutputGuard.folder("--checkpoint-dir", checkpointDir, EncoderCheckpoint.KIND, overwrite.overwrite,
                OutputGuard.inputs(data));
        ClassifierSpec spec = model.spec();
        MultimodalDataset all = MultimodalNpz.read(data);
        // Only the training part: the validation inputs stay unseen, as they are for the classifier.
        MultimodalDataset train = ClassifierRun.split(all, 0.2, seed)[0];
        return TrainingInterrupt.run("mheight classify pretrain", checkpointDir, interrupt -> {
            EncoderPretrainer.Result r = new EncoderPretrainer(config, System.out::println)
                    .withOnEpoch(epoch -> interrupt.epochFinished()).pretrain(spec, train, Device.cpu());
            try (var m = r.model(); StagedFolder staged = StagedFolder.begin(checkpointDir, EncoderCheckpoint.KIND,
                    overwrite.overwrite)) {
                EncoderCheckpoint.save(r.encoder(), train.modalities(), staged.path(), Json.object(
                        "data", Json.object("file", data.toString(), "sha256", FileDigest.sha256(data)),
                        "spec", spec.toString(), "pretraining", config.toString(), "losses", r.losses(),
                        "stopReason", r.stopReason()));
                staged.commit();
            }
            System.out.println("wrote " + checkpointDir.resolve(EncoderCheckpoint.PARAMS));
            if (interrupt.interrupted()) {
                String stopped = StopRequest.isInterruption(r.stopReason()) ? r.stopReason()
                        : "interrupted after the pretraining ended";
                interrupt.report(stopped + "; wrote " + checkpointDir + " with the encoder as "
                        + "pretrained so far (" + r.losses().size() + " epochs), stop reason \"interrupted\"");
            }
            return 0;
        });
    }
}

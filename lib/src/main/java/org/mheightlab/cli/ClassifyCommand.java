package org.mheightlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mheight classify}: the classification pipeline of the training-improvements summary. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"The multimodal classification pipeline (transformer encoder, focal loss, weighted sampler,",
                "F1 tracking, pretraining). Data: .npz with x_NAME arrays per modality, label, optional aux and split.",
                "Example: mheight classify train --data data/classify.npz --preset improved --epochs 20"},
        subcommands = {ClassifyTrainCommand.class, ClassifyPretrainCommand.class, ClassifyDataCommand.class})
final class ClassifyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}

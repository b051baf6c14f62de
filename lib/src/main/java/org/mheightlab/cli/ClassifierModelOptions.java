package org.mheightlab.cli;

import org.mheightlab.Bounds;
import org.mheightlab.classify.ClassifierSpec;
import picocli.CommandLine.Option;

/** The classifier's shape on the command line: a preset, then any field overridden by its own flag. */
final class ClassifierModelOptions {

    enum Preset { original, improved }

    @Option(names = "--preset", defaultValue = "original",
            description = "Starting settings: original (64/2/4, aux 1.0, modality dropout 0.1, plain CE, patience 0) "
                    + "or improved (256/4/8, aux 0.5, no modality dropout, focal + class weights + weighted "
                    + "sampler, cosine restarts, patience 10). Default: ${DEFAULT-VALUE}.")
    Preset preset;

    @Option(names = "--d-model", description = "Token width of the encoder.")
    Integer dModel;

    @Option(names = "--num-layers", description = "Transformer encoder layers.")
    Integer layers;

    @Option(names = "--nhead", description = "Attention heads (must divide --d-model).")
    Integer heads;

    @Option(names = "--aux-weight", description = "Weight of the auxiliary head's loss.")
    Double auxWeight;

    @Option(names = "--modality-dropout", description = "Probability of blanking a modality of a training sample.")
    Double modalityDropout;

    /** Range checks naming the option (the spec's own checks name its fields instead). */
    void check() {
        if (dModel != null) {
            OptionCheck.within("--d-model", dModel, Bounds.WIDTH);
        }
        if (layers != null) {
            OptionCheck.within("--num-layers", layers, Bounds.LAYERS);
        }
        if (heads != null) {
            OptionCheck.within("--nhead", heads, Bounds.HEADS);
        }
        if (auxWeight != null) {
            OptionCheck.within("--aux-weight", auxWeight, Bounds.LOSS_WEIGHT);
        }
        if (modalityDropout != null) {
            OptionCheck.range("--modality-dropout", modalityDropout, 0, true, 1, false);
        }
    }

    ClassifierSpec spec() {
        ClassifierSpec s = preset == Preset.improved ? ClassifierSpec.improved() : ClassifierSpec.original();
        if (dModel != null || layers != null || heads != null) {
            s = s.withEncoder(dModel == null ? s.dModel() : dModel, layers == null ? s.layers() : layers,
                    heads == null ? s.heads() : heads);
        }
        if (auxWeight != null) {
            s = s.withAuxWeight(auxWeight);
        }
        if (modalityDropout != null) {
            s = s.withModalityDropout(modalityDropout);
        }
        return s;
    }
}

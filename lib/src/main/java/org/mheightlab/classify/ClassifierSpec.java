package org.mheightlab.classify;

/**
 * The shape of a {@link MultimodalClassifier}. The summary moved from {@link #original()} (d_model 64, 2 layers,
 * 4 heads, auxiliary weight 1.0, modality dropout 0.1) to {@link #improved()} (256, 4, 8, 0.5, 0.0).
 *
 * @param dModel          token width after each modality's projection
 * @param layers          transformer encoder layers
 * @param heads           attention heads (must divide dModel)
 * @param ffnHidden       width of each layer's feed-forward block
 * @param dropout         dropout inside the encoder
 * @param modalityDropout probability of blanking a whole modality of a training sample
 * @param auxWeight       weight of the auxiliary head's loss (0 = no auxiliary loss)
 */
public record ClassifierSpec(int dModel, int layers, int heads, int ffnHidden, double dropout, double modalityDropout,
                             double auxWeight) {

    public ClassifierSpec {
        org.mheightlab.Bounds.check("--d-model", dModel, org.mheightlab.Bounds.WIDTH);
        org.mheightlab.Bounds.check("--num-layers", layers, org.mheightlab.Bounds.LAYERS);
        org.mheightlab.Bounds.check("--nhead", heads, org.mheightlab.Bounds.HEADS);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("nhead (" + heads + ") must divide d_model (" + dModel + ")");
        }
        if (ffnHidden < 1) {
            throw new IllegalArgumentException("the feed-forward width must be ≥ 1");
        }
        if (!(dropout >= 0 && dropout < 1) || !(modalityDropout >= 0 && modalityDropout < 1)) {
            throw new IllegalArgumentException("dropout and modality dropout must be in [0, 1)");
        }
        org.mheightlab.Bounds.check("--aux-weight", auxWeight, org.mheightlab.Bounds.LOSS_WEIGHT);
    }

    public static ClassifierSpec original() {
        return new ClassifierSpec(64, 2, 4, 128, 0.1, 0.1, 1.0);
    }

    public static ClassifierSpec improved() {
        return new ClassifierSpec(256, 4, 8, 512, 0.1, 0.0, 0.5);
    }

    public ClassifierSpec withEncoder(int dModel, int layers, int heads) {
        return new ClassifierSpec(dModel, layers, heads, 2 * dModel, dropout, modalityDropout, auxWeight);
    }

    public ClassifierSpec withModalityDropout(double p) {
        return new ClassifierSpec(dModel, layers, heads, ffnHidden, dropout, p, auxWeight);
    }

    public ClassifierSpec withAuxWeight(double w) {
        return new ClassifierSpec(dModel, layers, heads, ffnHidden, dropout, modalityDropout, w);
    }
}

package org.mheightlab.model;

import java.util.List;

/**
 * A residual MLP on the raw P features (Runs 6, 7): optional k/m embeddings, one residual block per width
 * (Linear → LayerNorm → ReLU → Dropout), a linear or mixture-of-experts head, L2 on the dense weights.
 */
public record ResidualMlpModel(int embedding, List<Integer> widths, List<Double> dropouts, int experts, double l2)
        implements RawPModel {

    public static final String KIND = "residual-mlp";

    public ResidualMlpModel {
        widths = widths == null ? List.of() : List.copyOf(widths);
        dropouts = dropouts == null ? List.of() : List.copyOf(dropouts);
        spec(embedding, widths, dropouts, experts, l2); // validates
    }

    private static ModelSpec spec(int embedding, List<Integer> widths, List<Double> dropouts, int experts, double l2) {
        return new ModelSpec(embedding, List.of(), 0, widths, dropouts, experts, l2);
    }

    @Override
    public ModelSpec spec() {
        return spec(embedding, widths, dropouts, experts, l2);
    }

    @Override
    public String kind() {
        return KIND;
    }
}

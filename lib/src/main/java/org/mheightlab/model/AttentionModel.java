package org.mheightlab.model;

import java.util.List;

/**
 * The raw-P network with self-attention over the rows of P (Runs 1–4): one path ({@code attentionHeads} [h]), or
 * two paths (e.g. [8, 16]) mixed by a gate computed from the k and m embeddings (Run 3's complexity-aware model),
 * then the residual trunk and head of {@link ResidualMlpModel}.
 */
public record AttentionModel(int embedding, List<Integer> attentionHeads, int attentionDim, List<Integer> widths,
                             List<Double> dropouts, int experts, double l2) implements RawPModel {

    public static final String KIND = "attention";

    public AttentionModel {
        attentionHeads = attentionHeads == null ? List.of() : List.copyOf(attentionHeads);
        widths = widths == null ? List.of() : List.copyOf(widths);
        dropouts = dropouts == null ? List.of() : List.copyOf(dropouts);
        if (attentionHeads.isEmpty()) {
            throw new IllegalArgumentException("model.attentionHeads: an attention model needs one or two head "
                    + "counts (use kind " + ResidualMlpModel.KIND + " for none)");
        }
        new ModelSpec(embedding, attentionHeads, attentionDim, widths, dropouts, experts, l2); // validates
    }

    @Override
    public ModelSpec spec() {
        return new ModelSpec(embedding, attentionHeads, attentionDim, widths, dropouts, experts, l2);
    }

    @Override
    public String kind() {
        return KIND;
    }
}

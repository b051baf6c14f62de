package org.mheightlab.model;

import java.util.List;

/**
 * The architecture of a height model, as a run definition writes it. One network family covers the runs:
 *
 * <ul>
 *   <li>{@code embedding}: size of the learned k and m embeddings (0 feeds the one-hot codes as they are);</li>
 *   <li>{@code attentionHeads}: empty for none; one entry for multi-head self-attention over the rows of P (the
 *   "P chunks", one token per row); two entries for two paths (e.g. 8 and 16 heads) mixed by a gate computed
 *   from the k and m embeddings (Run 3's complexity-aware model);</li>
 *   <li>{@code attentionDim}: token width inside attention;</li>
 *   <li>{@code widths}/{@code dropouts}: the trunk, one residual block per width (Linear → LayerNorm → ReLU →
 *   Dropout, plus a projection shortcut when the width changes);</li>
 *   <li>{@code experts}: 0 for a single linear output, E for a mixture-of-experts head gated by the embeddings;</li>
 *   <li>{@code l2}: L2 penalty on the dense layers' weights, added to the loss.</li>
 * </ul>
 * The network outputs z; the predicted log2 height is softplus(z) ≥ 0 (so ĥ = 2^softplus(z) ≥ 1).
 */
public record ModelSpec(int embedding, List<Integer> attentionHeads, int attentionDim, List<Integer> widths,
                        List<Double> dropouts, int experts, double l2) {

    public ModelSpec {
        attentionHeads = List.copyOf(attentionHeads == null ? List.of() : attentionHeads);
        widths = List.copyOf(widths == null ? List.of() : widths);
        dropouts = List.copyOf(dropouts == null ? List.of() : dropouts);
        if (dropouts.size() != widths.size()) {
            throw new IllegalArgumentException("model.dropouts: need one dropout per width, got " + widths.size()
                    + " widths and " + dropouts.size() + " dropouts");
        }
        // The engine would accept none of these and fail deep inside initialisation (or, for a dropout ≥ 1,
        // train a network that outputs nothing); say which key is wrong instead.
        for (int i = 0; i < widths.size(); i++) {
            org.mheightlab.Bounds.check("model.widths[" + i + "]", widths.get(i), org.mheightlab.Bounds.WIDTH);
            double d = dropouts.get(i);
            if (!(d >= 0 && d < 1)) {
                throw new IllegalArgumentException("model.dropouts[" + i + "]: must be in [0, 1) (a drop rate), got "
                        + d);
            }
        }
        if (attentionHeads.size() > 2) {
            throw new IllegalArgumentException("model.attentionHeads: at most two attention paths, got "
                    + attentionHeads.size());
        }
        for (int i = 0; i < attentionHeads.size(); i++) {
            org.mheightlab.Bounds.check("model.attentionHeads[" + i + "]", attentionHeads.get(i),
                    org.mheightlab.Bounds.HEADS);
        }
        for (int h : attentionHeads) {
            if (h < 1 || attentionDim < 1 || attentionDim % h != 0) {
                throw new IllegalArgumentException("model.attentionDim: must be a positive multiple of each head "
                        + "count in model.attentionHeads, got attentionDim " + attentionDim + " and " + h + " heads");
            }
        }
        if (!attentionHeads.isEmpty()) {
            org.mheightlab.Bounds.check("model.attentionDim", attentionDim, org.mheightlab.Bounds.WIDTH);
        }
        if (attentionHeads.size() == 2 && embedding < 1) {
            throw new IllegalArgumentException("model.embedding: a gated pair of attention paths needs embedding ≥ 1, got "
                    + embedding);
        }
        org.mheightlab.Bounds.check("model.experts", experts, org.mheightlab.Bounds.EXPERTS); // 0 = single output
        org.mheightlab.Bounds.check("model.embedding", embedding, org.mheightlab.Bounds.EMBEDDING); // 0 = one-hot
        org.mheightlab.Bounds.check("model.l2", l2, org.mheightlab.Bounds.L2);
    }
}

package org.mheightlab.model;

import java.util.ArrayList;
import java.util.List;
import org.mheightlab.data.Dataset;

/**
 * The two raw-P kinds ({@link ResidualMlpModel}, {@link AttentionModel}): one {@link HeightNet} on the
 * {@link FeatureEncoder} rows for every (k, m), output log2 ĥ = softplus(z). They differ only in the network's
 * parameters ({@link #spec}).
 */
public sealed interface RawPModel extends ModelSection permits ResidualMlpModel, AttentionModel {

    /** The network's full parameter set. */
    ModelSpec spec();

    @Override
    default List<Integer> parts() {
        return List.of(ALL_ROWS);
    }

    @Override
    default HeightBlock newBlock(int part) {
        return new HeightNet(spec(), FeatureEncoder.task());
    }

    @Override
    default int partOf(Dataset data, int row) {
        return ALL_ROWS;
    }

    @Override
    default ModelInputs inputsFor(Dataset data, int[] rows, int part, int threads) {
        return new RowInputs(data.subset(rows), FeatureEncoder.task());
    }

    @Override
    default int outputOf(Dataset data, int row) {
        return 0;
    }

    @Override
    default long denseWeights(int part) {
        List<Integer> chain = new ArrayList<>();
        chain.add(FeatureEncoder.task().size());
        if (!spec().attentionHeads().isEmpty()) {
            chain.add(spec().attentionDim());
        }
        chain.addAll(spec().widths());
        return ModelSection.chainWeights(chain);
    }

    @Override
    default String describe() {
        ModelSpec m = spec();
        List<String> parts = new ArrayList<>();
        parts.add(m.embedding() > 0 ? "k/m embeddings " + m.embedding() : "one-hot k and m");
        List<Integer> heads = m.attentionHeads();
        if (heads.size() == 1) {
            parts.add(heads.get(0) + "-head self-attention over the rows of P (dim " + m.attentionDim() + ")");
        } else if (heads.size() > 1) {
            parts.add(heads.get(0) + " and " + heads.get(1) + "-head attention paths over the rows of P mixed by a "
                    + "gate (dim " + m.attentionDim() + ")");
        }
        parts.add("residual blocks " + ModelSection.sizes(m.widths(), "→") + " (Linear, LayerNorm, ReLU, dropout "
                + ModelSection.sizes(m.dropouts(), "→") + ")");
        parts.add(m.experts() > 0 ? m.experts() + "-expert mixture head" : "linear head");
        return "HeightNet on raw P: " + String.join(", ", parts) + "; log2 h = softplus(z)";
    }
}

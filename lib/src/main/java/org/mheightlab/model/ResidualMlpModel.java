package org.mheightlab.model;

import java.util.List;
import org.mheightlab.data.Dataset;

/**
 * A residual MLP on the raw P features (Runs 1, 6, 7): optional k/m embeddings, one residual block per width
 * (Linear → LayerNorm → ReLU → Dropout), a linear or mixture-of-experts head, L2 on the dense weights.
 */
public record ResidualMlpModel(int embedding, List<Integer> widths, List<Double> dropouts, int experts, double l2)
        implements ModelSection {

    public static final String KIND = "residual-mlp";

    public ResidualMlpModel {
        widths = widths == null ? List.of() : List.copyOf(widths);
        dropouts = dropouts == null ? List.of() : List.copyOf(dropouts);
        spec(embedding, widths, dropouts, experts, l2); // validates
    }

    private static ModelSpec spec(int embedding, List<Integer> widths, List<Double> dropouts, int experts, double l2) {
        return new ModelSpec(embedding, List.of(), 0, widths, dropouts, experts, l2);
    }

    /** The network's full parameter set. */
    public ModelSpec spec() {
        return spec(embedding, widths, dropouts, experts, l2);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Integer> parts() {
        return List.of(ALL_ROWS);
    }

    @Override
    public HeightBlock newBlock(int part) {
        return new HeightNet(spec(), FeatureEncoder.task());
    }

    @Override
    public int partOf(Dataset data, int row) {
        return RawPModel.partOf();
    }

    @Override
    public ModelInputs inputsFor(Dataset data, int[] rows, int part, int threads) {
        return RawPModel.inputsFor(data, rows);
    }

    @Override
    public int outputOf(Dataset data, int row) {
        return 0;
    }

    @Override
    public String describe() {
        return RawPModel.describe(spec());
    }
}

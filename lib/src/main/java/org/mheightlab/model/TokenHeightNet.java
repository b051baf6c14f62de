package org.mheightlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The minor-token model for one k (DJL API only, any engine). Inputs (see {@link MinorTokenInputs#batch}):
 * cocircuit tokens (batch × C(n,k−1) × {@link MinorFeatures#cocircuitWidth()}), circuit tokens (batch × C(n,k+1)
 * × {@link MinorFeatures#circuitWidth()}), the {@link InvariantStatistics} of P, column tokens (batch × n ×
 * {@link MinorFeatures#columnWidth()}), with the raw feature set P itself, and, where the spec reads them at this k
 * ({@link MinorTokenModel#pairsAt}), the {@link PairTokens} (batch × C(n,k)·C(n−k,2) × {@link PairTokens#width},
 * last; their MLP is {@code pairWidths}). Each token type has its own
 * MLP, shared by all its tokens; the token outputs are pooled by max and by mean (so the model is invariant to
 * the order of the tokens, as h_m is to the order of G's columns), the pools are concatenated with the
 * statistics (and raw P) and a head MLP gives n − k increments a_1 … a_{n−k}. The output is log2 ĥ_m =
 * Σ_{i ≤ m} softplus(a_i), m = 1 … n − k: non-negative (h ≥ 1) and non-decreasing in m, as m-heights are, so
 * one code trains every m at once.
 */
public final class TokenHeightNet extends HeightBlock {

    private final MinorTokenModel spec;
    private final MinorFeatures features;
    private final List<Linear> cocircuitLayers = new ArrayList<>();
    private final List<Linear> circuitLayers = new ArrayList<>();
    private final List<Linear> columnLayers = new ArrayList<>();
    private final List<Linear> pairLayers = new ArrayList<>();
    private final List<Linear> headLayers = new ArrayList<>();
    private final List<LayerNorm> headNorms = new ArrayList<>();
    private final Dropout dropout;
    private final Linear output;

    private final boolean raw;

    /** With {@code spec.rawP()}, the head also reads the raw P vector (the fifth input). */
    public TokenHeightNet(MinorTokenModel spec, MinorFeatures features) {
        super((byte) 1);
        this.spec = spec;
        this.features = features;
        this.raw = spec.rawP();
        // Only the families the spec reads get layers (an ablation's network has no unused parameters).
        for (int i = 0; i < spec.tokenWidths().size(); i++) {
            if (spec.families().contains("cocircuits")) {
                cocircuitLayers.add(addChildBlock("cocircuit_" + i, linear(spec.tokenWidths().get(i))));
            }
            if (spec.families().contains("circuits")) {
                circuitLayers.add(addChildBlock("circuit_" + i, linear(spec.tokenWidths().get(i))));
            }
            if (spec.families().contains("columns")) {
                columnLayers.add(addChildBlock("column_" + i, linear(spec.tokenWidths().get(i))));
            }
        }
        if (spec.pairsAt(features.k())) {
            for (int i = 0; i < spec.pairWidths().size(); i++) {
                pairLayers.add(addChildBlock("pair_" + i, linear(spec.pairWidths().get(i))));
            }
        }
        for (int i = 0; i < spec.headWidths().size(); i++) {
            headLayers.add(addChildBlock("head_" + i, linear(spec.headWidths().get(i))));
            headNorms.add(addChildBlock("head_norm_" + i, LayerNorm.builder().build()));
        }
        dropout = addChildBlock("dropout", Dropout.builder().optRate((float) spec.dropout()).build());
        output = addChildBlock("output", linear(outputs()));
    }

    private static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    public MinorTokenModel spec() {
        return spec;
    }

    public MinorFeatures features() {
        return features;
    }

    /** One output per m = 1 … n − k. */
    public int outputs() {
        return features.n() - features.k();
    }

    /** Input shapes for a batch of {@code batch} codes. */
    @Override
    public Shape[] inputShapes(long batch) {
        Shape co = new Shape(batch, features.cocircuitCount(), features.cocircuitWidth());
        Shape ci = new Shape(batch, features.circuitCount(), features.circuitWidth());
        Shape stats = new Shape(batch, MinorTokenInputs.statsWidth(features.n(), features.k()));
        Shape columns = new Shape(batch, features.columnCount(), features.columnWidth());
        List<Shape> shapes = new ArrayList<>(List.of(co, ci, stats, columns));
        if (raw) {
            shapes.add(new Shape(batch, MinorTokenInputs.rawWidth(features.n(), features.k())));
        }
        if (!pairLayers.isEmpty()) {
            shapes.add(new Shape(batch, PairTokens.count(features.n(), features.k()), PairTokens.width(features.k())));
        }
        return shapes.toArray(new Shape[0]);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList parts = new NDList();
        if (!cocircuitLayers.isEmpty()) {
            parts.add(pooled(ps, cocircuitLayers, inputs.get(0), training));
        }
        if (!circuitLayers.isEmpty()) {
            parts.add(pooled(ps, circuitLayers, inputs.get(1), training));
        }
        if (!columnLayers.isEmpty()) {
            parts.add(pooled(ps, columnLayers, inputs.get(3), training));
        }
        if (!pairLayers.isEmpty()) {
            parts.add(pooled(ps, pairLayers, inputs.get(pairInput()), training));
        }
        parts.add(inputs.get(2));
        NDArray h = NDArrays.concat(parts, 1);
        if (raw) {
            h = h.concat(inputs.get(4), 1);
        }
        for (int i = 0; i < headLayers.size(); i++) {
            h = headLayers.get(i).forward(ps, new NDList(h), training).singletonOrThrow();
            h = Activation.relu(headNorms.get(i).forward(ps, new NDList(h), training).singletonOrThrow());
        }
        h = dropout.forward(ps, new NDList(h), training).singletonOrThrow();
        NDArray increments = Activation.softPlus(output.forward(ps, new NDList(h), training).singletonOrThrow());
        return new NDList(increments.cumSum(1));
    }

    /** The shared token MLP, then the spec's pooling (max and mean, or one of them) over the tokens. */
    private NDArray pooled(ParameterStore ps, List<Linear> layers, NDArray tokens, boolean training) {
        NDArray t = tokens;
        for (Linear layer : layers) {
            t = Activation.relu(layer.forward(ps, new NDList(t), training).singletonOrThrow());
        }
        return switch (spec.pooling()) {
            case "max" -> t.max(new int[] {1});
            case "mean" -> t.mean(new int[] {1});
            default -> t.max(new int[] {1}).concat(t.mean(new int[] {1}), 1);
        };
    }

    /** Where the pair tokens sit among the inputs: last, after raw P when there is one. */
    private int pairInput() {
        return raw ? 5 : 4;
    }

    /** Values a family's pooling gives per unit of the last token layer. */
    private int poolFactor() {
        return spec.pooling().equals("max+mean") ? 2 : 1;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        List<Integer> widths = spec.tokenWidths();
        long pooled = (long) poolFactor() * (initTokenLayers(manager, dataType, cocircuitLayers, widths, inputShapes[0])
                + initTokenLayers(manager, dataType, circuitLayers, widths, inputShapes[1])
                + initTokenLayers(manager, dataType, columnLayers, widths, inputShapes[3])
                + (pairLayers.isEmpty() ? 0
                        : initTokenLayers(manager, dataType, pairLayers, spec.pairWidths(), inputShapes[pairInput()])));
        long width = pooled + inputShapes[2].get(1) + (raw ? inputShapes[4].get(1) : 0);
        for (int i = 0; i < headLayers.size(); i++) {
            headLayers.get(i).initialize(manager, dataType, new Shape(batch, width));
            width = spec.headWidths().get(i);
            headNorms.get(i).initialize(manager, dataType, new Shape(batch, width));
        }
        dropout.initialize(manager, dataType, new Shape(batch, width));
        output.initialize(manager, dataType, new Shape(batch, width));
    }

    private long initTokenLayers(NDManager manager, DataType dataType, List<Linear> layers, List<Integer> widths,
                                 Shape input) {
        if (layers.isEmpty()) {
            return 0; // a family the spec leaves out
        }
        long width = input.get(2);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).initialize(manager, dataType, new Shape(input.get(0), input.get(1), width));
            width = widths.get(i);
        }
        return width;
    }
}

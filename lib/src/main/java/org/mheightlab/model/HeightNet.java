package org.mheightlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The height network of {@link ModelSpec}, written against the DJL API only, so it runs on any engine.
 * Input: the {@link FeatureEncoder} vector (batch × features); output: log2 ĥ = softplus(z) (batch × 1), so
 * ĥ = 2^softplus(z) ≥ 1.
 */
public final class HeightNet extends HeightBlock {

    private final ModelSpec spec;
    private final FeatureEncoder features;
    private final Linear embedK;
    private final Linear embedM;
    private final Linear tokenProjection;
    private final List<ScaledDotProductAttentionBlock> attention = new ArrayList<>();
    private final Linear gate;
    private final List<Linear> dense = new ArrayList<>();
    private final List<LayerNorm> norms = new ArrayList<>();
    private final List<Dropout> drops = new ArrayList<>();
    private final List<Linear> shortcuts = new ArrayList<>();
    private final LayerNorm headNorm;
    private final Linear head;
    private final Linear expertGate;

    public HeightNet(ModelSpec spec, FeatureEncoder features) {
        super((byte) 1);
        this.spec = spec;
        this.features = features;
        boolean embed = spec.embedding() > 0;
        embedK = embed ? addChildBlock("embed_k", linear(spec.embedding(), false)) : null;
        embedM = embed ? addChildBlock("embed_m", linear(spec.embedding(), false)) : null;
        boolean attend = !spec.attentionHeads().isEmpty();
        tokenProjection = attend ? addChildBlock("token_projection", linear(spec.attentionDim(), true)) : null;
        for (int i = 0; i < spec.attentionHeads().size(); i++) {
            attention.add(addChildBlock("attention_" + i, ScaledDotProductAttentionBlock.builder()
                    .setEmbeddingSize(spec.attentionDim()).setHeadCount(spec.attentionHeads().get(i))
                    .optAttentionProbsDropoutProb(0.1f).build()));
        }
        gate = spec.attentionHeads().size() == 2 ? addChildBlock("path_gate", linear(1, true)) : null;
        int previous = -1;
        for (int i = 0; i < spec.widths().size(); i++) {
            int w = spec.widths().get(i);
            dense.add(addChildBlock("dense_" + i, linear(w, true)));
            norms.add(addChildBlock("norm_" + i, LayerNorm.builder().build()));
            drops.add(addChildBlock("dropout_" + i, Dropout.builder().optRate(spec.dropouts().get(i).floatValue())
                    .build()));
            // The first block has no residual (its input is the raw features); later ones project when widths differ.
            shortcuts.add(i > 0 && w != previous ? addChildBlock("shortcut_" + i, linear(w, false)) : null);
            previous = w;
        }
        int outputs = Math.max(1, spec.experts());
        // The residual stream grows with every block; normalising it before the head keeps the first
        // predictions near zero instead of tens of log2 units, which the first AdamW steps would overshoot.
        headNorm = addChildBlock("head_norm", LayerNorm.builder().build());
        head = addChildBlock("head", linear(outputs, true));
        expertGate = spec.experts() > 0 ? addChildBlock("expert_gate", linear(spec.experts(), true)) : null;
    }

    private static Linear linear(int units, boolean bias) {
        return Linear.builder().setUnits(units).optBias(bias).build();
    }

    public ModelSpec spec() {
        return spec;
    }

    @Override
    public Shape[] inputShapes(long batch) {
        return new Shape[] {new Shape(batch, features.size())};
    }

    @Override
    public double l2() {
        return spec.l2();
    }

    /** The weights of the dense layers and the head. */
    @Override
    public List<Parameter> l2Parameters() {
        List<Block> layers = new ArrayList<>(dense);
        layers.add(head);
        List<Parameter> out = new ArrayList<>();
        for (Block layer : layers) {
            for (Pair<String, Parameter> p : layer.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    out.add(p.getValue());
                }
            }
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        int cells = features.cells();
        int cat = features.categoricalOffset();
        NDArray kHot = x.get(new NDIndex(":, {}:{}", cat, cat + features.maxK()));
        NDArray mHot = x.get(new NDIndex(":, {}:", cat + features.maxK()));
        NDArray context;
        if (embedK != null) {
            context = embedK.forward(ps, new NDList(kHot), training).singletonOrThrow()
                    .concat(embedM.forward(ps, new NDList(mHot), training).singletonOrThrow(), 1);
        } else {
            context = kHot.concat(mHot, 1);
        }
        List<NDArray> parts = new ArrayList<>();
        parts.add(x.get(new NDIndex(":, 0:{}", 3 * cells + 1)));
        parts.add(context);
        if (tokenProjection != null) {
            parts.add(attend(ps, x, batch, context, training));
        }
        NDArray h = NDArrays.concat(new NDList(parts), 1);
        for (int i = 0; i < dense.size(); i++) {
            NDArray y = dense.get(i).forward(ps, new NDList(h), training).singletonOrThrow();
            y = norms.get(i).forward(ps, new NDList(y), training).singletonOrThrow();
            y = Activation.relu(y);
            y = drops.get(i).forward(ps, new NDList(y), training).singletonOrThrow();
            if (i > 0) {
                NDArray skip = shortcuts.get(i) == null ? h
                        : shortcuts.get(i).forward(ps, new NDList(h), training).singletonOrThrow();
                y = y.add(skip);
            }
            h = y;
        }
        h = headNorm.forward(ps, new NDList(h), training).singletonOrThrow();
        NDArray out = head.forward(ps, new NDList(h), training).singletonOrThrow();
        if (expertGate != null) {
            NDArray weights = expertGate.forward(ps, new NDList(context), training).singletonOrThrow().softmax(1);
            out = out.mul(weights).sum(new int[] {1}, true);
        }
        return new NDList(Activation.softPlus(out));
    }

    /** Self-attention over the rows of P (one token per row), mean-pooled; two paths are mixed by a gate. */
    private NDArray attend(ParameterStore ps, NDArray x, long batch, NDArray context, boolean training) {
        int cells = features.cells();
        int rows = features.maxK();
        int cols = features.maxCols();
        NDArray tokens = x.get(new NDIndex(":, 0:{}", cells)).reshape(batch, rows, cols)
                .concat(x.get(new NDIndex(":, {}:{}", cells, 2 * cells)).reshape(batch, rows, cols), 2)
                .concat(x.get(new NDIndex(":, {}:{}", 2 * cells, 3 * cells)).reshape(batch, rows, cols), 2);
        NDArray projected = tokenProjection.forward(ps, new NDList(tokens), training).singletonOrThrow();
        List<NDArray> pooled = new ArrayList<>();
        for (ScaledDotProductAttentionBlock a : attention) {
            pooled.add(a.forward(ps, new NDList(projected), training).singletonOrThrow().mean(new int[] {1}));
        }
        if (pooled.size() == 1) {
            return pooled.get(0);
        }
        NDArray g = Activation.sigmoid(gate.forward(ps, new NDList(context), training).singletonOrThrow());
        return pooled.get(0).mul(g).add(pooled.get(1).mul(g.neg().add(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        int contextWidth;
        if (embedK != null) {
            embedK.initialize(manager, dataType, new Shape(batch, features.maxK()));
            embedM.initialize(manager, dataType, new Shape(batch, features.maxM()));
            contextWidth = 2 * spec.embedding();
        } else {
            contextWidth = features.maxK() + features.maxM();
        }
        long width = 3L * features.cells() + 1 + contextWidth;
        if (tokenProjection != null) {
            tokenProjection.initialize(manager, dataType, new Shape(batch, features.maxK(), 3L * features.maxCols()));
            for (ScaledDotProductAttentionBlock a : attention) {
                a.initialize(manager, dataType, new Shape(batch, features.maxK(), spec.attentionDim()));
            }
            if (gate != null) {
                gate.initialize(manager, dataType, new Shape(batch, contextWidth));
            }
            width += spec.attentionDim();
        }
        for (int i = 0; i < dense.size(); i++) {
            int w = spec.widths().get(i);
            dense.get(i).initialize(manager, dataType, new Shape(batch, width));
            norms.get(i).initialize(manager, dataType, new Shape(batch, w));
            drops.get(i).initialize(manager, dataType, new Shape(batch, w));
            if (shortcuts.get(i) != null) {
                shortcuts.get(i).initialize(manager, dataType, new Shape(batch, width));
            }
            width = w;
        }
        headNorm.initialize(manager, dataType, new Shape(batch, width));
        head.initialize(manager, dataType, new Shape(batch, width));
        if (expertGate != null) {
            expertGate.initialize(manager, dataType, new Shape(batch, contextWidth));
        }
    }
}

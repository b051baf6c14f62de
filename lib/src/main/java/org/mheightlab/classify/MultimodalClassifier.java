package org.mheightlab.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The summary's classifier: a {@link MultimodalEncoder}, mean pooling over all tokens, then a classification
 * head (two logits) and an auxiliary regression head. Output: (logits (B, 2), auxiliary prediction (B, 1)).
 */
public final class MultimodalClassifier extends AbstractBlock {

    private final MultimodalEncoder encoder;
    private final LayerNorm pooledNorm;
    private final Linear classHead;
    private final Linear auxHead;

    public MultimodalClassifier(ClassifierSpec spec, int modalities) {
        super((byte) 1);
        encoder = addChildBlock("encoder", new MultimodalEncoder(spec, modalities));
        pooledNorm = addChildBlock("pooled_norm", LayerNorm.builder().build());
        classHead = addChildBlock("class_head", Linear.builder().setUnits(2).build());
        auxHead = addChildBlock("aux_head", Linear.builder().setUnits(1).build());
    }

    public MultimodalEncoder encoder() {
        return encoder;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray tokens = encoder.forward(ps, inputs, training).singletonOrThrow();
        NDArray pooled = pooledNorm.forward(ps, new NDList(tokens.mean(new int[] {1})), training).singletonOrThrow();
        NDArray logits = classHead.forward(ps, new NDList(pooled), training).singletonOrThrow();
        NDArray aux = auxHead.forward(ps, new NDList(pooled), training).singletonOrThrow();
        return new NDList(logits, aux);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, 2), new Shape(batch, 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape pooled = new Shape(inputShapes[0].get(0), encoder.spec().dModel());
        pooledNorm.initialize(manager, dataType, pooled);
        classHead.initialize(manager, dataType, pooled);
        auxHead.initialize(manager, dataType, pooled);
    }
}

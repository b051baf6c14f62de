package org.mheightlab.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Masked-token pretraining of a {@link MultimodalEncoder}: the encoder sees inputs with some tokens blanked,
 * and one linear decoder per modality reconstructs every token of that modality from its encoding. Output: one
 * reconstruction per modality, each shaped like its input.
 */
public final class PretrainingNet extends AbstractBlock {

    private final MultimodalEncoder encoder;
    private final List<Linear> decoders = new ArrayList<>();
    private final int[] tokens;

    public PretrainingNet(ClassifierSpec spec, List<Modality> modalities) {
        super((byte) 1);
        encoder = addChildBlock("encoder", new MultimodalEncoder(spec, modalities.size()));
        tokens = new int[modalities.size()];
        for (int i = 0; i < modalities.size(); i++) {
            tokens[i] = modalities.get(i).tokens();
            decoders.add(addChildBlock("decode_" + i, Linear.builder().setUnits(modalities.get(i).width()).build()));
        }
    }

    public MultimodalEncoder encoder() {
        return encoder;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray h = encoder.forward(ps, inputs, training).singletonOrThrow();
        NDList out = new NDList();
        int at = 0;
        for (int i = 0; i < decoders.size(); i++) {
            NDArray part = h.get(new NDIndex(":, {}:{}, :", at, at + tokens[i]));
            out.add(decoders.get(i).forward(ps, new NDList(part), training).singletonOrThrow());
            at += tokens[i];
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes.clone();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        for (int i = 0; i < decoders.size(); i++) {
            decoders.get(i).initialize(manager, dataType,
                    new Shape(inputShapes[i].get(0), tokens[i], encoder.spec().dModel()));
        }
    }
}

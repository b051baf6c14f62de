package org.mheightlab.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.transformer.TransformerEncoderBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Projects every modality's tokens to d_model and runs a transformer encoder over all of them together.
 * Input: one array per modality, shape (B, T_i, w_i); output: the encoded tokens, (B, ΣT_i, d_model).
 *
 * <p>There is no positional encoding on purpose: the rows and columns of P may be permuted without changing
 * the height, and each modality's own projection (its bias included) already tells the encoder which modality
 * a token came from. Modality dropout blanks a whole modality of a training sample with the given probability.
 */
public final class MultimodalEncoder extends AbstractBlock {

    private final ClassifierSpec spec;
    private final List<Linear> projections = new ArrayList<>();
    private final List<TransformerEncoderBlock> layers = new ArrayList<>();

    public MultimodalEncoder(ClassifierSpec spec, int modalities) {
        super((byte) 1);
        this.spec = spec;
        for (int i = 0; i < modalities; i++) {
            projections.add(addChildBlock("project_" + i, Linear.builder().setUnits(spec.dModel()).build()));
        }
        for (int i = 0; i < spec.layers(); i++) {
            layers.add(addChildBlock("layer_" + i, new TransformerEncoderBlock(spec.dModel(), spec.heads(),
                    spec.ffnHidden(), (float) spec.dropout(), Activation::gelu)));
        }
    }

    public ClassifierSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() != projections.size()) {
            throw new IllegalArgumentException("the encoder was built for " + projections.size()
                    + " modalities, got " + inputs.size());
        }
        NDList tokens = new NDList();
        for (int i = 0; i < inputs.size(); i++) {
            NDArray x = inputs.get(i);
            NDArray t = projections.get(i).forward(ps, new NDList(x), training).singletonOrThrow();
            if (training && spec.modalityDropout() > 0) {
                long batch = x.getShape().get(0);
                NDArray keep = x.getManager().randomUniform(0f, 1f, new Shape(batch, 1, 1))
                        .gte((float) spec.modalityDropout()).toType(DataType.FLOAT32, false);
                t = t.mul(keep);
            }
            tokens.add(t);
        }
        NDArray h = tokens.size() == 1 ? tokens.head() : NDArrays.concat(tokens, 1);
        for (TransformerEncoderBlock layer : layers) {
            h = layer.forward(ps, new NDList(h), training).singletonOrThrow();
        }
        return new NDList(h);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long tokens = 0;
        for (Shape s : inputShapes) {
            tokens += s.get(1);
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), tokens, spec.dModel())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long tokens = 0;
        for (int i = 0; i < inputShapes.length; i++) {
            projections.get(i).initialize(manager, dataType, inputShapes[i]);
            tokens += inputShapes[i].get(1);
        }
        Shape encoded = new Shape(inputShapes[0].get(0), tokens, spec.dModel());
        for (TransformerEncoderBlock layer : layers) {
            layer.initialize(manager, dataType, encoded);
        }
    }
}

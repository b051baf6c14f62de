package org.mheightlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * A height network: a DJL block whose output is already log2 ĥ (batch × outputs), its output transform inside
 * it, so training, prediction and export all see the same numbers. Every model kind's block extends it; the
 * trainer needs only what is declared here.
 */
public abstract class HeightBlock extends AbstractBlock {

    protected HeightBlock(byte version) {
        super(version);
    }

    /** The input shapes of a batch of {@code batch} examples (to initialise the block). */
    public abstract Shape[] inputShapes(long batch);

    /** The L2 penalty factor on {@link #l2Parameters()} (0 = none). */
    public double l2() {
        return 0.0;
    }

    /** The weights the L2 penalty covers. */
    public List<Parameter> l2Parameters() {
        return List.of();
    }
}

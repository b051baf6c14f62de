package org.mheightlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Xavier-uniform weights (DJL's default: average of fan-in and fan-out, magnitude 6) drawn in Java from the run's
 * seed instead of the engine's generator, so a block starts from the same weights on every engine (and the two
 * engines' runs differ only by floating-point rounding). The n-th weight array a block asks for comes from
 * stream n of the seed; a block initialises its layers in a fixed order, so the weights are a function of the
 * seed and the architecture alone. One instance per model.
 */
public final class SeededXavier implements Initializer {

    private static final float MAGNITUDE = 6f;

    private final SplittableRandom streams;

    public SeededXavier(long seed) {
        this.streams = new SplittableRandom(seed);
    }

    @Override
    public synchronized NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("Xavier initialisation needs a weight of at least 2 dimensions, got "
                    + shape);
        }
        float receptive = shape.dimension() > 2 ? shape.slice(2).size() : 1;
        float fanIn = shape.get(1) * receptive;
        float fanOut = shape.head() * receptive;
        float scale = (float) Math.sqrt(MAGNITUDE / ((fanIn + fanOut) / 2f));
        SplittableRandom rng = streams.split();
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}

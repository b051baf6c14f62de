package org.mheightlab.train;

import ai.djl.training.tracker.ParameterTracker;

/**
 * The learning rate a training loop sets once per epoch (from a {@link LearningRateSchedule}), times a linear
 * warm-up over the first optimiser steps; DJL's optimizer reads it at every update.
 */
public final class EpochLearningRate implements ParameterTracker {
    private final int warmupSteps;
    private volatile float value;

    public EpochLearningRate(int warmupSteps) {
        this.warmupSteps = warmupSteps;
    }

    public void set(double rate) {
        value = (float) rate;
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return warmupSteps == 0 ? value : value * Math.min(1f, (numUpdate + 1f) / warmupSteps);
    }
}

package org.mheightlab.train;

/**
 * The optimisation settings of a run. {@code schedule} is a {@link LearningRateSchedule} text form;
 * {@code patience} 0 disables early stopping; {@code easyStopAbove} ≤ 0 disables the tier monitor;
 * {@code balancedSampling} draws each epoch's samples so every active group contributes equally;
 * {@code warmupSteps} ramps the rate linearly over the first optimiser steps (0 = none).
 */
public record TrainingConfig(int maxEpochs, int batchSize, double learningRate, double weightDecay,
                             double clipNorm, String schedule, int patience, boolean restoreBest,
                             double easyStopAbove, GroupWeights groupWeights, Curriculum curriculum,
                             boolean balancedSampling, long seed, String device, int warmupSteps) {

    public TrainingConfig {
        if (maxEpochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("maxEpochs and batchSize must be ≥ 1");
        }
        if (!(learningRate > 0) || weightDecay < 0 || clipNorm < 0) {
            throw new IllegalArgumentException("learningRate must be > 0, weightDecay and clipNorm ≥ 0");
        }
        LearningRateSchedule.parse(schedule);
        groupWeights = groupWeights == null ? GroupWeights.uniform() : groupWeights;
        curriculum = curriculum == null ? Curriculum.none() : curriculum;
        device = device == null ? "cpu" : device;
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be ≥ 0");
        }
    }

    public TrainingConfig withMaxEpochs(int epochs) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, clipNorm, schedule, patience,
                restoreBest, easyStopAbove, groupWeights, curriculum, balancedSampling, seed, device, warmupSteps);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(maxEpochs, batchSize, learningRate, weightDecay, clipNorm, schedule, patience,
                restoreBest, easyStopAbove, groupWeights, curriculum, balancedSampling, newSeed, device, warmupSteps);
    }
}

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

    /** The device names {@link Devices#resolve} knows. */
    static final java.util.List<String> DEVICES = java.util.List.of("cpu", "gpu", "auto");

    public TrainingConfig {
        // Each message names the run-definition key and what it allows, so a user can fix the file.
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("training.maxEpochs: must be ≥ 1, got " + maxEpochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("training.batchSize: must be ≥ 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("training.learningRate: must be a finite number > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("training.weightDecay: must be a finite number ≥ 0, got " + weightDecay);
        }
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("training.clipNorm: must be a finite number ≥ 0 (0 = no clipping), got "
                    + clipNorm);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("training.patience: must be ≥ 0 (0 = no early stopping), got " + patience);
        }
        if (Double.isNaN(easyStopAbove)) {
            throw new IllegalArgumentException("training.easyStopAbove: must be a number (≤ 0 = off), got NaN");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("training.schedule: missing; " + LearningRateSchedule.FORMS);
        }
        try {
            LearningRateSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("training.schedule: " + e.getMessage());
        }
        groupWeights = groupWeights == null ? GroupWeights.uniform() : groupWeights;
        curriculum = curriculum == null ? Curriculum.none() : curriculum;
        device = device == null ? "cpu" : device;
        if (!DEVICES.contains(device)) {
            throw new IllegalArgumentException("training.device: unknown device '" + device + "' (use cpu, gpu or auto)");
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("training.warmupSteps: must be ≥ 0 (0 = none), got " + warmupSteps);
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

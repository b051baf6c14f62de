package org.mheightlab.train;

import static org.mheightlab.Setting.Aspect.*;

import org.mheightlab.Bounds;
import org.mheightlab.Setting;

/**
 * The optimisation settings of a run. {@code schedule} is a {@link LearningRateSchedule} (its text form in JSON);
 * {@code patience} 0 disables early stopping; {@code easyStopAbove} ≤ 0 disables the tier monitor;
 * {@code balancedSampling} draws each epoch's samples so every active group contributes equally;
 * {@code warmupSteps} ramps the rate linearly over the first optimiser steps (0 = none); {@code engine} is the
 * DJL engine ({@link Engines}; absent: {@link Engines#DEFAULT}); {@code initializer} draws the first weights:
 * {@code engine} (absent; the engine's own generator, as Runs 1–8 trained) or {@code seeded} ({@link SeededXavier}:
 * drawn in Java from the seed, the same on every engine).
 */
public record TrainingConfig(@Setting(STOPPING) int maxEpochs, @Setting(SCHEDULE) int batchSize,
                             @Setting(SCHEDULE) double learningRate, @Setting(SCHEDULE) double weightDecay,
                             @Setting(SCHEDULE) double clipNorm, @Setting(SCHEDULE) LearningRateSchedule schedule,
                             @Setting(STOPPING) int patience, @Setting(STOPPING) boolean restoreBest,
                             @Setting(STOPPING) double easyStopAbove, @Setting(LOSS) GroupWeights groupWeights,
                             @Setting(LOSS) Curriculum curriculum, @Setting(LOSS) boolean balancedSampling,
                             @Setting(RUN) long seed, @Setting(RUN) String device, @Setting(SCHEDULE) int warmupSteps,
                             @Setting(RUN) String engine, @Setting(RUN) String initializer) {

    /** The device names {@link Devices#resolve} knows. */
    static final java.util.List<String> DEVICES = java.util.List.of("cpu", "gpu", "auto");

    public TrainingConfig {
        // Each message names the run-definition key, the value and its range (Bounds), so a user can fix the file.
        Bounds.check("training.maxEpochs", maxEpochs, Bounds.EPOCHS);
        Bounds.check("training.batchSize", batchSize, Bounds.BATCH_SIZE);
        Bounds.check("training.learningRate", learningRate, Bounds.LEARNING_RATE);
        Bounds.check("training.weightDecay", weightDecay, Bounds.WEIGHT_DECAY);
        Bounds.check("training.clipNorm", clipNorm, Bounds.CLIP_NORM);
        Bounds.check("training.patience", patience, Bounds.PATIENCE);
        Bounds.check("training.easyStopAbove", easyStopAbove, Bounds.EASY_STOP_ABOVE);
        if (schedule == null) {
            throw new IllegalArgumentException("training.schedule: missing; " + LearningRateSchedule.FORMS);
        }
        groupWeights = groupWeights == null ? GroupWeights.uniform() : groupWeights;
        curriculum = curriculum == null ? Curriculum.none() : curriculum;
        device = device == null ? "cpu" : device;
        if (!DEVICES.contains(device)) {
            throw new IllegalArgumentException("training.device: unknown device '" + device + "' (use cpu, gpu or auto)");
        }
        engine = engine == null ? Engines.DEFAULT : Engines.check("training.engine", engine);
        initializer = initializer == null ? "engine" : initializer;
        if (!initializer.equals("engine") && !initializer.equals("seeded")) {
            throw new IllegalArgumentException("training.initializer: unknown initializer '" + initializer
                    + "' (use engine or seeded)");
        }
        Bounds.check("training.warmupSteps", warmupSteps, Bounds.WARMUP_STEPS);
    }

    public TrainingConfig withMaxEpochs(int epochs) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, clipNorm, schedule, patience,
                restoreBest, easyStopAbove, groupWeights, curriculum, balancedSampling, seed, device, warmupSteps,
                engine, initializer);
    }

    /** A copy with other stopping rules (patience 0 and easyStopAbove ≤ 0 turn them off). */
    public TrainingConfig withStopping(int newPatience, double newEasyStopAbove) {
        return new TrainingConfig(maxEpochs, batchSize, learningRate, weightDecay, clipNorm, schedule, newPatience,
                restoreBest, newEasyStopAbove, groupWeights, curriculum, balancedSampling, seed, device, warmupSteps,
                engine, initializer);
    }

    /** A copy with other group and tier weights. */
    public TrainingConfig withGroupWeights(GroupWeights weights) {
        return new TrainingConfig(maxEpochs, batchSize, learningRate, weightDecay, clipNorm, schedule, patience,
                restoreBest, easyStopAbove, weights, curriculum, balancedSampling, seed, device, warmupSteps,
                engine, initializer);
    }

    /** A copy on another engine ({@link Engines#NAMES}). */
    public TrainingConfig withEngine(String newEngine) {
        return new TrainingConfig(maxEpochs, batchSize, learningRate, weightDecay, clipNorm, schedule, patience,
                restoreBest, easyStopAbove, groupWeights, curriculum, balancedSampling, seed, device, warmupSteps,
                newEngine, initializer);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(maxEpochs, batchSize, learningRate, weightDecay, clipNorm, schedule, patience,
                restoreBest, easyStopAbove, groupWeights, curriculum, balancedSampling, newSeed, device, warmupSteps,
                engine, initializer);
    }

    /** One line on the optimiser and its schedule, for the settings table. */
    public String describeOptimiser() {
        return "AdamW lr " + learningRate + ", weight decay " + weightDecay + ", clip norm " + clipNorm + ", batch "
                + batchSize + ", schedule " + schedule.spec() + (warmupSteps > 0 ? ", " + warmupSteps + " warm-up steps" : "");
    }

    /** The sample weights of the loss in words (tier and group weights, curriculum, balanced sampling). */
    public String describeWeights() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (!groupWeights.groups().isEmpty()) {
            java.util.List<String> g = new java.util.ArrayList<>();
            groupWeights.groups().forEach((group, w) -> g.add("(" + group + ") " + w));
            parts.add("group weights " + String.join(", ", g));
        }
        if (!groupWeights.tiers().isEmpty()) {
            java.util.List<String> g = new java.util.ArrayList<>();
            groupWeights.tiers().forEach((tier, w) -> g.add(tier + " " + w));
            parts.add("tier weights " + String.join(", ", g));
        }
        if (!curriculum.phases().isEmpty()) {
            java.util.List<String> p = new java.util.ArrayList<>();
            boolean ramp = false;
            for (Curriculum.Phase phase : curriculum.phases()) {
                p.add("epoch " + phase.startEpoch() + " " + String.join("+", phase.tiers()));
                ramp |= phase.hardRamp() != null;
            }
            parts.add("curriculum " + String.join(", ", p) + (ramp ? " (with a hard-tier ramp)" : ""));
        }
        if (balancedSampling) {
            parts.add("balanced sampling of the groups");
        }
        return parts.isEmpty() ? "all 1" : String.join("; ", parts);
    }
}

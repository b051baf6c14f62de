package org.mheightlab.classify;

import org.mheightlab.Bounds;
import org.mheightlab.train.LearningRateSchedule;

/**
 * How a classifier is trained; the flags of {@code mheight classify train} map one to one onto these fields.
 *
 * @param epochs          maximum epochs
 * @param trainSteps      optimiser steps per epoch (0 = one pass over the training set)
 * @param batchSize       samples per step
 * @param learningRate    base learning rate (AdamW)
 * @param weightDecay     AdamW's decoupled weight decay
 * @param clipNorm        global gradient-norm clip (0 = none)
 * @param schedule        a {@link LearningRateSchedule} spec, e.g. {@code cosine-restarts:10:2:1e-6} or
 *                        {@code plateau:3:0.5:1e-6}
 * @param patience        early stopping: epochs without a better validation F1 before stopping (0 = stop at
 *                        the first epoch that does not improve; negative = never stop early)
 * @param weightedSampler draw batches with probability inversely proportional to the class size
 * @param classWeighted   weight each class's loss by N / (2 · class count)
 * @param focal           focal loss instead of cross-entropy
 * @param focalGamma      the focal loss's focusing exponent
 * @param seed            seeds the engine, the sampler and the initialisation
 */
public record ClassifierTrainingConfig(int epochs, int trainSteps, int batchSize, double learningRate,
                                       double weightDecay, double clipNorm, String schedule, int patience,
                                       boolean weightedSampler, boolean classWeighted, boolean focal,
                                       double focalGamma, long seed) {

    public ClassifierTrainingConfig {
        // The option names, as the command line gives these; the ranges are the height runs' (Bounds).
        Bounds.check("--epochs", epochs, Bounds.EPOCHS);
        Bounds.check("--train-steps", trainSteps, Bounds.STEPS);
        Bounds.check("--batch", batchSize, Bounds.BATCH_SIZE);
        Bounds.check("--lr", learningRate, Bounds.LEARNING_RATE);
        Bounds.check("--weight-decay", weightDecay, Bounds.WEIGHT_DECAY);
        Bounds.check("clip norm", clipNorm, Bounds.CLIP_NORM);
        Bounds.check("--focal-gamma", focalGamma, Bounds.FOCAL_GAMMA);
        LearningRateSchedule.parse(schedule);
    }

    public ClassifierTrainingConfig withPatience(int newPatience) {
        return new ClassifierTrainingConfig(epochs, trainSteps, batchSize, learningRate, weightDecay, clipNorm,
                schedule, newPatience, weightedSampler, classWeighted, focal, focalGamma, seed);
    }

    /**
     * The original schedule: the summary's ReduceLROnPlateau ("not reducing LR properly", lines 11 and 26), with
     * PyTorch's defaults (patience 10, factor 0.1, min_lr 0) since the summary gives no parameters.
     */
    public static final String ORIGINAL_SCHEDULE = "plateau:10:0.1:0";

    /**
     * The summary's starting point: patience 0, ReduceLROnPlateau ({@link #ORIGINAL_SCHEDULE}); plain cross-entropy
     * and uniform sampling (the summary does not say whether its original runs passed --use-focal,
     * --class-weighted or --weighted-sampler; this preset leaves them off).
     */
    public static ClassifierTrainingConfig original(int epochs, int trainSteps, int batchSize, long seed) {
        return new ClassifierTrainingConfig(epochs, trainSteps, batchSize, 1e-3, 1e-4, 1.0, ORIGINAL_SCHEDULE, 0,
                false, false, false, 2.0, seed);
    }

    /**
     * After the fixes: focal loss with class weights, the weighted sampler, CosineAnnealingWarmRestarts
     * (T_0 = 10, T_mult = 2, eta_min = 1e-6), patience 10.
     */
    public static ClassifierTrainingConfig improved(int epochs, int trainSteps, int batchSize, long seed) {
        return new ClassifierTrainingConfig(epochs, trainSteps, batchSize, 1e-3, 1e-4, 1.0,
                "cosine-restarts:10:2:1e-6", 10, true, true, true, 2.0, seed);
    }
}

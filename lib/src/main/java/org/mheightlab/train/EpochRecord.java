package org.mheightlab.train;

import org.mheightlab.metrics.Log2MseReport;

/**
 * One epoch of training: the mean training loss (weighted, as optimised), the validation report (log2-MSE
 * overall, per group and tier), the learning rate, the number of training samples seen and the time taken.
 */
public record EpochRecord(int epoch, double trainLoss, Log2MseReport validation, double learningRate,
                          int samplesSeen, double seconds) {

    public double validationLoss() {
        return validation.overall();
    }
}

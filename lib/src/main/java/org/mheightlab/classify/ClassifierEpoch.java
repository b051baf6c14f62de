package org.mheightlab.classify;

import java.util.List;

/** One epoch of classifier training: the rate used, metrics on train and validation, and any warnings. */
public record ClassifierEpoch(int epoch, double learningRate, double trainStepLoss, ClassMetrics train,
                              ClassMetrics validation, double seconds, List<String> warnings) {

    public ClassifierEpoch {
        warnings = List.copyOf(warnings);
    }
}

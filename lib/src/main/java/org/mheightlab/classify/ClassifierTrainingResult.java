package org.mheightlab.classify;

import java.util.List;

/** What a classifier training produced: its history, the best epoch (by validation F1) and why it stopped. */
public record ClassifierTrainingResult(List<ClassifierEpoch> history, int bestEpoch, String stopReason,
                                       long parameterCount) {

    public ClassifierTrainingResult {
        history = List.copyOf(history);
    }

    public ClassifierEpoch best() {
        return history.stream().filter(e -> e.epoch() == bestEpoch).findFirst().orElseThrow();
    }

    /** Every warning of every epoch, in order. */
    public List<String> warnings() {
        return history.stream().flatMap(e -> e.warnings().stream()).toList();
    }
}

package org.mheightlab.train;

import java.util.List;

/** What a training produced: the per-epoch history, the epoch whose parameters were kept, and why it stopped. */
public record TrainingResult(List<EpochRecord> history, int bestEpoch, String stopReason, long parameterCount) {

    public TrainingResult {
        history = List.copyOf(history);
    }

    public EpochRecord best() {
        return history.stream().filter(r -> r.epoch() == bestEpoch).findFirst().orElseThrow();
    }
}

package org.mheightlab.train;

/**
 * Called after every epoch of {@link EpochLoop}, in the spirit of DJL's training listeners (small classes with one
 * job each) but on our epoch record (per-group and per-tier validation), hence not DJL's
 * {@code ai.djl.training.listener.TrainingListener}, whose name it used to shadow. Returning a reason stops
 * training after this epoch.
 */
public interface EpochListener {

    /** @return null to go on, or why training should stop now */
    String onEpochEnd(EpochRecord record);

    /** Early stopping on validation loss with a patience (the loop restores the best parameters at the end). */
    final class EarlyStopping implements EpochListener {
        private final int patience;
        private double best = Double.POSITIVE_INFINITY;
        private int waited;

        public EarlyStopping(int patience) {
            this.patience = patience;
        }

        @Override
        public String onEpochEnd(EpochRecord r) {
            if (r.validationLoss() < best) {
                best = r.validationLoss();
                waited = 0;
                return null;
            }
            return ++waited >= patience ? "early stopping: no better validation loss in " + patience + " epochs"
                    : null;
        }
    }

    /**
     * Watches the tiers (Run 7; the loop logs easy/medium/hard every epoch): once the easy tier's validation
     * loss has been below the threshold, training stops when it passes back above it — the sign that the
     * weighting has tipped towards the hard groups at the easy ones' expense. Early epochs, before easy first
     * reaches the threshold, never stop training.
     */
    final class TierMonitor implements EpochListener {
        private final double easyStopAbove;
        private boolean reached;

        public TierMonitor(double easyStopAbove) {
            this.easyStopAbove = easyStopAbove;
        }

        @Override
        public String onEpochEnd(EpochRecord r) {
            double easy = r.validation().tier(org.mheightlab.data.Tier.EASY);
            if (easy <= easyStopAbove) {
                reached = true;
                return null;
            }
            return reached ? String.format(java.util.Locale.ROOT,
                    "tier monitor: easy validation loss rose to %.4f, above %.4f", easy, easyStopAbove) : null;
        }
    }
}

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

    /**
     * Early stopping on validation loss with a patience (the loop restores the best parameters at the end), armed
     * from epoch {@code armedFrom}: under a curriculum the validation loss covers tiers not yet trained, so it
     * says nothing about when to stop until the last phase has begun; the patience counts from then (or from a
     * later best).
     */
    final class EarlyStopping implements EpochListener {
        private final int patience;
        private final int armedFrom;
        private double best = Double.POSITIVE_INFINITY;
        private int waited;

        public EarlyStopping(int patience) {
            this(patience, 0);
        }

        public EarlyStopping(int patience, int armedFrom) {
            this.patience = patience;
            this.armedFrom = armedFrom;
        }

        @Override
        public String onEpochEnd(EpochRecord r) {
            if (r.validationLoss() < best) {
                best = r.validationLoss();
                waited = 0;
                return null;
            }
            if (r.epoch() < armedFrom) {
                return null;
            }
            return ++waited >= patience ? "early stopping: no better validation loss in " + patience + " epochs"
                    + (armedFrom > 0 ? " (armed when the curriculum's last phase began, epoch " + armedFrom + ")" : "")
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

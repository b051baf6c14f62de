package org.mheightlab.train;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.mheightlab.Bounds;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;
import org.mheightlab.model.FeatureEncoder;

/**
 * Which tiers train in which epochs, and with what extra weight. A phase starts at an epoch and lists its
 * tiers; groups of other tiers get weight 0 (left out). Within a phase, the hard tier's weight may ramp:
 * min(max, base + (epoch − from)·slope) (Run 4: min(5.0, 2.0 + (epoch − 60)·0.08) from epoch 61), and
 * per-group multipliers apply on top.
 */
public record Curriculum(List<Phase> phases) {

    /** The hard-tier ramp of a phase; a null ramp means weight 1. */
    public record Ramp(double base, double slope, double max, int from) {
        public Ramp {
            String at = "training.curriculum.phases.hardRamp";
            Bounds.check(at + ".base", base, Bounds.LOSS_WEIGHT);
            Bounds.check(at + ".slope", slope, Bounds.RAMP_SLOPE);
            Bounds.check(at + ".max", max, Bounds.LOSS_WEIGHT);
            Bounds.check(at + ".from", from, Bounds.closed(0, Bounds.EPOCHS.max()));
        }

        double at(int epoch) {
            return Math.min(max, base + (epoch - from) * slope);
        }
    }

    public record Phase(int startEpoch, List<String> tiers, Ramp hardRamp, Map<String, Double> groupMultipliers) {
        public Phase {
            String at = "training.curriculum.phases (startEpoch " + startEpoch + ")";
            Bounds.check(at + ".startEpoch", startEpoch, Bounds.closed(0, Bounds.EPOCHS.max()));
            if (tiers == null || tiers.isEmpty()) {
                throw new IllegalArgumentException(at + ".tiers: a phase lists the tiers it trains (easy, medium, hard)");
            }
            tiers = List.copyOf(tiers);
            for (String t : tiers) {
                GroupWeights.requireTier(t, at + ".tiers");
            }
            groupMultipliers = groupMultipliers == null ? Map.of() : Map.copyOf(groupMultipliers);
            for (Map.Entry<String, Double> e : groupMultipliers.entrySet()) {
                FeatureEncoder.task().taskGroup(e.getKey(), at + ".groupMultipliers." + e.getKey());
                if (e.getValue() == null) {
                    throw new IllegalArgumentException(at + ".groupMultipliers." + e.getKey() + ": must be a number, "
                            + "got null");
                }
                Bounds.check(at + ".groupMultipliers." + e.getKey(), e.getValue(), Bounds.LOSS_WEIGHT);
            }
        }
    }

    public Curriculum {
        phases = phases == null ? List.of() : phases.stream().sorted(Comparator.comparingInt(Phase::startEpoch)).toList();
    }

    /** The epoch the last phase starts (0 without phases): from then on every tier the run trains is in play. */
    public int lastPhaseStart() {
        return phases.stream().mapToInt(Phase::startEpoch).max().orElse(0);
    }

    public static Curriculum none() {
        return new Curriculum(List.of());
    }

    /** The curriculum multiplier of a group at an epoch (0 = not trained this epoch). */
    public double weight(Group g, int epoch) {
        Phase current = null;
        for (Phase p : phases) {
            if (p.startEpoch() <= epoch) {
                current = p;
            }
        }
        if (current == null) {
            return 1.0;
        }
        String tier = g.tier().map(Tier::label).orElse("hard");
        if (!current.tiers().contains(tier)) {
            return 0.0;
        }
        double w = tier.equals("hard") && current.hardRamp() != null ? current.hardRamp().at(epoch) : 1.0;
        for (Map.Entry<String, Double> e : current.groupMultipliers().entrySet()) {
            if (Group.parse(e.getKey()).equals(g)) {
                w *= e.getValue();
            }
        }
        return w;
    }
}

package org.mheightlab.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mheightlab.Bounds;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;
import org.mheightlab.model.FeatureEncoder;

/**
 * Per-sample loss weights by (k,m) group, with per-tier defaults: weight(g) = the group's entry if present,
 * else its tier's, else 1. Run 2 weighs groups 1.0 … 5.0; Run 7 weighs tiers easy 3.0, medium 1.5, hard 1.0.
 */
public record GroupWeights(Map<String, Double> groups, Map<String, Double> tiers) {

    public GroupWeights {
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups == null ? Map.of() : groups));
        tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers == null ? Map.of() : tiers));
        // A weight for a group or tier that weight() never matches ("7,7", "EASY", "extreme") would be
        // ignored without a word; refuse it here, where the run definition is read.
        for (Map.Entry<String, Double> e : groups.entrySet()) {
            String at = "training.groupWeights.groups." + e.getKey();
            FeatureEncoder.task().taskGroup(e.getKey(), at);
            check(e.getValue(), at);
        }
        for (Map.Entry<String, Double> e : tiers.entrySet()) {
            String at = "training.groupWeights.tiers." + e.getKey();
            requireTier(e.getKey(), at);
            check(e.getValue(), at);
        }
    }

    private static void check(Double w, String at) {
        if (w == null) {
            throw new IllegalArgumentException(at + ": must be a number in " + Bounds.LOSS_WEIGHT.text() + ", got null");
        }
        Bounds.check(at, w, Bounds.LOSS_WEIGHT);
    }

    /** Tier names as run definitions write them: exactly easy, medium or hard (matching is case-sensitive). */
    static void requireTier(String name, String at) {
        for (Tier t : Tier.values()) {
            if (t.label().equals(name)) {
                return;
            }
        }
        throw new IllegalArgumentException(at + ": unknown tier '" + name + "' (use easy, medium or hard)");
    }

    public static GroupWeights uniform() {
        return new GroupWeights(Map.of(), Map.of());
    }

    public double weight(Group g) {
        for (Map.Entry<String, Double> e : groups.entrySet()) {
            if (Group.parse(e.getKey()).equals(g)) {
                return e.getValue();
            }
        }
        return g.tier().map(t -> tiers.getOrDefault(t.label(), 1.0)).orElse(1.0);
    }
}

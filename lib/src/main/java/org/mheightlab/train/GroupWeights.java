package org.mheightlab.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;

/**
 * Per-sample loss weights by (k,m) group, with per-tier defaults: weight(g) = the group's entry if present,
 * else its tier's, else 1. Run 2 weighs groups 1.0 … 5.0; Run 7 weighs tiers easy 3.0, medium 1.5, hard 1.0.
 */
public record GroupWeights(Map<String, Double> groups, Map<String, Double> tiers) {

    public GroupWeights {
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups == null ? Map.of() : groups));
        tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers == null ? Map.of() : tiers));
        for (String g : groups.keySet()) {
            Group.parse(g);
        }
        for (String t : tiers.keySet()) {
            Tier.valueOf(t.toUpperCase(java.util.Locale.ROOT));
        }
        for (double w : groups.values()) {
            check(w);
        }
        for (double w : tiers.values()) {
            check(w);
        }
    }

    private static void check(double w) {
        if (!(w >= 0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException("group weights must be finite and ≥ 0, got " + w);
        }
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

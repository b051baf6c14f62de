package org.mheightlab.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;

/**
 * log2-MSE = mean((log2 h − log2 ĥ)²), reported overall, per (k,m) group, per tier and balanced (the mean of
 * the tier values, so the hard groups count as much as the easy ones whatever their sizes).
 */
public record Log2MseReport(double overall, Map<Group, GroupScore> byGroup, Map<Tier, Double> byTier,
                            double balanced, int samples) {

    /** One group's score and size. */
    public record GroupScore(Group group, int samples, double log2Mse) {
    }

    /**
     * @param log2Truth log2 h per sample
     * @param log2Prediction log2 ĥ per sample
     * @param groups the (k,m) group of each sample
     */
    public static Log2MseReport of(double[] log2Truth, double[] log2Prediction, Group[] groups) {
        if (log2Truth.length != log2Prediction.length || log2Truth.length != groups.length) {
            throw new IllegalArgumentException("truth, predictions and groups must have the same length");
        }
        Map<Group, double[]> acc = new TreeMap<>();
        double total = 0;
        for (int i = 0; i < log2Truth.length; i++) {
            double d = log2Truth[i] - log2Prediction[i];
            double e = d * d;
            total += e;
            double[] a = acc.computeIfAbsent(groups[i], g -> new double[2]);
            a[0] += e;
            a[1]++;
        }
        Map<Group, GroupScore> byGroup = new LinkedHashMap<>();
        Map<Tier, double[]> tierAcc = new EnumMap<>(Tier.class);
        acc.forEach((g, a) -> {
            byGroup.put(g, new GroupScore(g, (int) a[1], a[0] / a[1]));
            g.tier().ifPresent(t -> {
                double[] ta = tierAcc.computeIfAbsent(t, x -> new double[2]);
                ta[0] += a[0];
                ta[1] += a[1];
            });
        });
        Map<Tier, Double> byTier = new EnumMap<>(Tier.class);
        tierAcc.forEach((t, a) -> byTier.put(t, a[0] / a[1]));
        double balanced = byTier.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        int n = log2Truth.length;
        return new Log2MseReport(n == 0 ? Double.NaN : total / n, Collections.unmodifiableMap(byGroup),
                Collections.unmodifiableMap(byTier), balanced, n);
    }

    /** log2-MSE of one tier, NaN if the data has none of its groups. */
    public double tier(Tier t) {
        return byTier.getOrDefault(t, Double.NaN);
    }

    public List<GroupScore> groupScores() {
        return new ArrayList<>(byGroup.values());
    }
}

package org.mheightlab.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mheightlab.data.Tier;
import org.mheightlab.metrics.Log2MseReport;

/**
 * The machine-readable scores of a run ({@code metrics.json}): per split (train, validation, test, and the
 * group-mean baseline on test), log2-MSE overall, balanced, per tier and per group. Another run's folder is
 * compared through this file.
 */
public record RunMetrics(String run, Map<String, Scores> splits) {

    /** One split's scores; groups keyed "k,m". */
    public record Scores(int samples, double overall, double balanced, Map<String, Double> tiers,
                         Map<String, Double> groups) {

        public static Scores of(Log2MseReport r) {
            Map<String, Double> tiers = new LinkedHashMap<>();
            for (Tier t : Tier.values()) {
                if (r.byTier().containsKey(t)) {
                    tiers.put(t.label(), r.tier(t));
                }
            }
            Map<String, Double> groups = new LinkedHashMap<>();
            r.byGroup().forEach((g, s) -> groups.put(g.k() + "," + g.m(), s.log2Mse()));
            return new Scores(r.samples(), r.overall(), r.balanced(), tiers, groups);
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    public String toJson() {
        return GSON.toJson(this) + "\n";
    }

    /** Parses {@link #toJson}'s form; {@code source} names the file in the message. */
    public static RunMetrics fromJson(String json, String source) {
        try {
            RunMetrics m = GSON.fromJson(json, RunMetrics.class);
            if (m == null || m.splits() == null) {
                throw new IllegalArgumentException(source + ": holds no run metrics");
            }
            return m;
        } catch (com.google.gson.JsonParseException e) {
            throw new IllegalArgumentException(source + ": not valid run metrics: " + e.getMessage(), e);
        }
    }
}

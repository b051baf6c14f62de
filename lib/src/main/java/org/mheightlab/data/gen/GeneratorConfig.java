package org.mheightlab.data.gen;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.data.Group;

/**
 * What to generate: code length n, a sample count per (k,m) group, the entry distribution, the seed, and
 * whether infinite heights are kept (by default a code with h_m = ∞ is redrawn, since the course data holds
 * finite heights only).
 */
public record GeneratorConfig(int n, Map<Group, Integer> counts, EntryDistribution distribution, long seed,
                              boolean keepInfinite) {

    public GeneratorConfig {
        if (n < 2 || n > ExactHeightCalculator.MAX_N) {
            throw new IllegalArgumentException("n must be in [2, " + ExactHeightCalculator.MAX_N + "], got " + n);
        }
        Map<Group, Integer> copy = new LinkedHashMap<>();
        for (Map.Entry<Group, Integer> e : counts.entrySet()) {
            Group g = e.getKey();
            if (g.k() > n - 1 || g.m() > n - 1) {
                throw new IllegalArgumentException("group " + g + " needs 1 ≤ k, m ≤ n−1 = " + (n - 1));
            }
            if (!keepInfinite && g.m() > n - g.k()) {
                throw new IllegalArgumentException("group " + g + " has m > n−k, so every height is infinite; "
                        + "use keepInfinite to generate it anyway");
            }
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("count for group " + g + " is negative");
            }
            copy.put(g, e.getValue());
        }
        counts = Collections.unmodifiableMap(copy);
    }

    /** The nine task groups with the same count each, n = 9. */
    public static GeneratorConfig taskGroups(int countPerGroup, EntryDistribution distribution, long seed) {
        Map<Group, Integer> counts = new LinkedHashMap<>();
        for (Group g : Group.TASK_GROUPS) {
            counts.put(g, countPerGroup);
        }
        return new GeneratorConfig(Group.TASK_N, counts, distribution, seed, false);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}

package org.mheightlab.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;

/**
 * Which augmentations to apply to which groups, with a copy count each. Applied to a {@link SampleSet} of
 * originals (a training split), it returns the originals followed by the new samples, each carrying the lineage
 * of the original(s) it came from. Deterministic under a seed.
 */
public record AugmentationPlan(List<Step> steps) {

    /** One augmentation for some groups (empty list: all groups), {@code copies} new samples per original. */
    public record Step(Augmentation augmentation, List<Group> groups, int copies) {
        public Step {
            groups = List.copyOf(groups);
            if (copies < 0) {
                throw new IllegalArgumentException("copies must be ≥ 0");
            }
        }

        boolean covers(Group g) {
            return groups.isEmpty() || groups.contains(g);
        }
    }

    public AugmentationPlan {
        steps = List.copyOf(steps);
    }

    public static AugmentationPlan none() {
        return new AugmentationPlan(List.of());
    }

    public boolean isEmpty() {
        return steps.stream().allMatch(s -> s.copies() == 0);
    }

    /** How many samples {@link #apply} makes of {@code pool}: the originals plus every step's copies. */
    public long size(Dataset pool) {
        long total = pool.size();
        for (Step step : steps) {
            for (Group g : pool.groups()) {
                if (step.covers(g)) {
                    total += (long) pool.indices(g).length * step.copies();
                }
            }
        }
        return total;
    }

    public SampleSet apply(SampleSet base, long seed) {
        if (isEmpty()) {
            return base;
        }
        Dataset pool = base.data();
        Dataset.Builder b = Dataset.builder();
        List<Integer> origin = new ArrayList<>();
        List<Integer> partner = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            b.add(pool.id(i), pool.n(i), pool.k(i), pool.m(i), pool.p(i), pool.height(i));
            origin.add(base.origin(i));
            partner.add(base.partner(i));
        }
        ExactHeightCalculator calc = new ExactHeightCalculator();
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            for (Group g : pool.groups()) {
                if (!step.covers(g)) {
                    continue;
                }
                int[] members = pool.indices(g);
                for (int i : members) {
                    for (int c = 0; c < step.copies(); c++) {
                        SplittableRandom rng = new SplittableRandom(mix(seed, s, base.origin(i), c));
                        Augmentation.Made made = step.augmentation().make(pool, i, members, rng, calc);
                        String id = (pool.id(i) == null ? "#" + base.origin(i) : pool.id(i)) + "+"
                                + step.augmentation().spec() + "#" + c;
                        b.add(id, pool.n(i), pool.k(i), pool.m(i), made.p(), made.height());
                        origin.add(base.origin(i));
                        partner.add(made.partner() < 0 ? -1 : base.origin(made.partner()));
                    }
                }
            }
        }
        return new SampleSet(b.build(), origin.stream().mapToInt(Integer::intValue).toArray(),
                partner.stream().mapToInt(Integer::intValue).toArray());
    }

    private static long mix(long seed, int step, int origin, int copy) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + origin * 0x94D049BB133111EBL + copy;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

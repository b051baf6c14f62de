package org.mheightlab.data.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.mheightlab.ParallelChunks;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.code.HeightProfile;
import org.mheightlab.data.Group;
import org.mheightlab.data.ProfileSet;

/**
 * Draws codes of one (n, k) and labels every m = 1 … n − k with one pass of the exact engine
 * ({@link ExactHeightCalculator#profile}), on several threads. As in {@link DatasetGenerator}, every slot has its
 * own random stream, so the result depends on the seed only. A code is redrawn only when even h_1 is infinite;
 * an infinite h_m of a kept code is left unknown (NaN), since the model is never asked about infinite heights
 * (the rank test answers them). So the codes with a finite h_m are distributed as a one-m dataset of group
 * (k, m) would be — P conditioned on h_m &lt; ∞ — including codes with vanishing minors, which are common for
 * small entry ranges.
 */
public final class ProfileGenerator {

    private static final int CHUNK = 256;

    private final int threads;
    private final LongConsumer progress;

    public ProfileGenerator(int threads, LongConsumer progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        this.threads = threads;
        this.progress = progress;
    }

    public ProfileSet generate(int n, int k, int count, EntryDistribution distribution, long seed) {
        if (k < 1 || k >= n || n > ExactHeightCalculator.MAX_N) {
            throw new IllegalArgumentException("need 1 ≤ k < n ≤ " + ExactHeightCalculator.MAX_N + ", got n=" + n
                    + ", k=" + k);
        }
        double[][][] ps = new double[count][][];
        double[][] labels = new double[count][];
        // The slot's stream is keyed by (k, n − k) so profile codes never share streams with one-m datasets.
        Group slotGroup = new Group(k, n - k);
        ThreadLocal<ExactHeightCalculator> calculators = ThreadLocal.withInitial(ExactHeightCalculator::new);
        ParallelChunks.run(count, CHUNK, threads, "mheight-profiles", "generation", (from, to) -> {
            ExactHeightCalculator calc = calculators.get();
            for (int slot = from; slot < to; slot++) {
                draw(n, k, distribution, seed, slotGroup, slot, calc, ps, labels);
            }
            progress.accept(to - from);
        });
        List<String> keys = new ArrayList<>();
        for (double[][] p : ps) {
            keys.add(ProfileSet.keyOf(p));
        }
        return new ProfileSet(n, k, Arrays.asList(ps), Arrays.asList(labels), keys);
    }

    private static void draw(int n, int k, EntryDistribution distribution, long seed, Group slotGroup, int slot,
                             ExactHeightCalculator calc, double[][][] ps, double[][] labels) {
        for (long attempt = 0; ; attempt++) {
            SplittableRandom rng = new SplittableRandom(DatasetGenerator.streamSeed(seed, slotGroup, slot, attempt));
            double[][] p = distribution.sample(rng, k, n - k);
            HeightProfile profile = calc.profile(p);
            if (profile.isFinite(1)) {
                double[] h = new double[n - k];
                for (int m = 1; m <= n - k; m++) {
                    h[m - 1] = profile.isFinite(m) ? Math.log(profile.height(m)) / Math.log(2) : Double.NaN;
                }
                ps[slot] = p;
                labels[slot] = h;
                return;
            }
            if (attempt > 10_000) {
                throw new IllegalArgumentException("k = " + k + ": 10,000 draws in a row had an infinite height under "
                        + distribution.spec());
            }
        }
    }
}

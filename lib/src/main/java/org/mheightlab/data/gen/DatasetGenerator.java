package org.mheightlab.data.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.mheightlab.ParallelChunks;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.code.UnsupportedCodeException;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;

/**
 * Draws codes and labels them with the exact engine, on a given number of threads.
 *
 * <p>Every sample slot (group, index) has its own random stream derived from the seed, and a slot whose
 * height is infinite is redrawn from the next stream of that slot, so the dataset depends on the seed only,
 * never on the thread count or scheduling.
 */
public final class DatasetGenerator {

    private static final int CHUNK = 256;

    private final int threads;
    private final LongConsumer progress;

    /**
     * @param threads worker threads (≥ 1)
     * @param progress called with the number of samples finished since the last call (may be a no-op)
     */
    public DatasetGenerator(int threads, LongConsumer progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        this.threads = threads;
        this.progress = progress;
    }

    /** The generated dataset and how many draws were redrawn for an infinite height. */
    public record Result(Dataset dataset, long redrawnInfinite) {
    }

    public Result generate(GeneratorConfig config) {
        List<Group> groups = new ArrayList<>(config.counts().keySet());
        int total = config.total();
        double[][][] ps = new double[total][][];
        double[] hs = new double[total];
        int[] groupOf = new int[total];
        int[] slotOf = new int[total];
        int at = 0;
        for (int g = 0; g < groups.size(); g++) {
            int count = config.counts().get(groups.get(g));
            for (int i = 0; i < count; i++) {
                groupOf[at] = g;
                slotOf[at] = i;
                at++;
            }
        }
        AtomicLong redrawn = new AtomicLong();
        ThreadLocal<ExactHeightCalculator> calculators = ThreadLocal.withInitial(ExactHeightCalculator::new);
        ParallelChunks.run(total, CHUNK, threads, "mheight-generate", "generation", (from, to) -> {
            ExactHeightCalculator calc = calculators.get();
            for (int j = from; j < to; j++) {
                Group group = groups.get(groupOf[j]);
                drawSlot(config, group, slotOf[j], calc, ps, hs, j, redrawn);
            }
            progress.accept(to - from);
        });
        Dataset.Builder b = Dataset.builder();
        for (int j = 0; j < total; j++) {
            Group group = groups.get(groupOf[j]);
            b.add(group.k() + "-" + group.m() + "-" + slotOf[j], config.n(), group.k(), group.m(), ps[j], hs[j]);
        }
        return new Result(b.build(), redrawn.get());
    }

    private static void drawSlot(GeneratorConfig config, Group group, int slot, ExactHeightCalculator calc,
                                 double[][][] ps, double[] hs, int j, AtomicLong redrawn) {
        int cols = config.n() - group.k();
        String refused = null;
        for (long attempt = 0; ; attempt++) {
            SplittableRandom rng = new SplittableRandom(streamSeed(config.seed(), group, slot, attempt));
            double[][] p = config.distribution().sample(rng, group.k(), cols);
            double h;
            try {
                h = calc.height(p, group.m());
            } catch (UnsupportedCodeException e) {
                // A continuous distribution draws an entry below the engine's smallest nonzero magnitude about
                // once in 1e12 entries: redraw that code, as for an infinite height. (Refusal is a cheap entry
                // check, so a distribution whose scale is out of range reaches the limit below in milliseconds.)
                refused = e.problem();
                h = Double.NaN;
            }
            if (refused == null && (Double.isFinite(h) || config.keepInfinite())) {
                ps[j] = p;
                hs[j] = h;
                return;
            }
            redrawn.incrementAndGet();
            if (attempt > 10_000) {
                if (refused != null) {
                    throw new IllegalArgumentException("group " + group + ": 10,000 draws in a row from the "
                            + "distribution " + config.distribution().spec() + " were refused by the exact engine "
                            + "or had an infinite height; the last was refused: P " + refused);
                }
                throw new IllegalArgumentException("group " + group + ": 10,000 draws in a row had an infinite height; "
                        + "the distribution " + config.distribution().spec() + " practically never gives a finite height here; use --keep-infinite or a wider distribution");
            }
            refused = null;
        }
    }

    /** A well-mixed seed for one (group, slot, attempt), so streams never overlap in practice. */
    static long streamSeed(long seed, Group group, int slot, long attempt) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ (group.k() * 1_000_003L + group.m()));
        h = mix(h ^ slot);
        return mix(h ^ (attempt * 0xBF58476D1CE4E5B9L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package org.mheightlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.code.LpHeightReference;
import org.mheightlab.data.Group;
import org.mheightlab.data.gen.EntryDistribution;

/**
 * Speed of the exact engine per task group, on one thread and on all cores, beside the textbook LP method
 * measured in the same run on the same codes. Prints figures and ratios; asserts nothing.
 *
 * <p>Run: {@code bench/run height [seconds-per-measurement] [distribution]}.
 */
public final class HeightBenchmark {

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        int cores = Runtime.getRuntime().availableProcessors();
        EntryDistribution dist = EntryDistribution.parse(args.length > 1 ? args[1] : "course");
        System.out.printf(Locale.ROOT, "exact m-height engine vs textbook LP; %s entries, n=9, %d cores, "
                + "%.1f s per measurement%n", dist.spec(), cores, seconds);
        System.out.printf(Locale.ROOT, "%-7s %12s %12s %12s %10s %11s %10s%n", "group", "profile 1thr",
                "h_m 1 thr", "h_m all", "per core", "LP codes/s", "h_m/LP");
        double sumRatio = 0;
        for (Group g : Group.TASK_GROUPS) {
            double[][][] codes = codes(g, dist, 4096, 7);
            measure(codes, g.m(), 1, 0.3, false); // warm-up
            measure(codes, g.m(), 1, 0.3, true);
            double profile = measure(codes, g.m(), 1, seconds, false);
            double one = measure(codes, g.m(), 1, seconds, true);
            double all = measure(codes, g.m(), cores, seconds, true);
            double lp = measureLp(codes, g.m(), seconds);
            System.out.printf(Locale.ROOT, "%-7s %12.0f %12.0f %12.0f %10.0f %11.4f %10.0f%n", g, profile, one, all,
                    all / cores, lp, one / lp);
            sumRatio += one / lp;
        }
        System.out.printf(Locale.ROOT, "mean speed-up over the LP method (one thread each): %.0fx%n",
                sumRatio / Group.TASK_GROUPS.size());
    }

    static double[][][] codes(Group g, EntryDistribution dist, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 31 + g.k() * 10 + g.m());
        double[][][] out = new double[count][][];
        for (int i = 0; i < count; i++) {
            out[i] = dist.sample(rng, g.k(), Group.TASK_N - g.k());
        }
        return out;
    }

    /**
     * Codes per second over about {@code seconds}, cycling through the codes on {@code threads} threads, with
     * {@code height(p, m)} or (singleM false) the whole profile.
     */
    static double measure(double[][][] codes, int m, int threads, double seconds, boolean singleM)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            List<Future<Long>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                fs.add(pool.submit(() -> {
                    ExactHeightCalculator calc = new ExactHeightCalculator();
                    long done = 0;
                    double sink = 0;
                    int i = offset * 97;
                    while (System.nanoTime() < deadline) {
                        for (int b = 0; b < 64; b++) {
                            double[][] p = codes[i++ % codes.length];
                            sink += singleM ? calc.height(p, m) : calc.profile(p).height(m);
                        }
                        done += 64;
                    }
                    return sink == -1 ? -1 : done;
                }));
            }
            long total = 0;
            for (Future<Long> f : fs) {
                total += f.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The textbook LP method, one thread, at least one code, stopping after {@code seconds}. */
    static double measureLp(double[][][] codes, int m, double seconds) {
        long start = System.nanoTime();
        int done = 0;
        do {
            LpHeightReference.textbook(codes[done], m);
            done++;
        } while (System.nanoTime() - start < seconds * 1e9);
        return done / ((System.nanoTime() - start) / 1e9);
    }
}

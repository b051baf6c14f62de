package org.mheightlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.code.Minors;
import org.mheightlab.data.Group;
import org.mheightlab.data.gen.EntryDistribution;
import org.mheightlab.model.InvariantStatistics;
import org.mheightlab.model.MinorFeatures;

/**
 * Speed of the token model's inputs against the labels they stand in for (issue 9, item 10: features must
 * cost less than labels). Per k, on the same course-distributed codes and in the same run, codes/s of
 * <ul>
 *   <li>the minors alone ({@link Minors#log2Minors}),</li>
 *   <li>the full token inputs: minors, cocircuit and circuit tokens and {@link InvariantStatistics#of} — what
 *   {@code MinorTokenInputs} computes per code, counting the token expansion it does per batch,</li>
 *   <li>the exact engine's labels ({@link ExactHeightCalculator#profile}, every m in one pass, which is how
 *   generated data is labelled),</li>
 * </ul>
 * each on one thread and on all cores, and the cost ratio inputs/labels (time per code; below 1 means the
 * features are cheaper). Prints figures; asserts nothing.
 *
 * <p>Run: {@code bench/run features [seconds-per-measurement]}.
 */
public final class FeatureBenchmark {

    /** Codes per k; cycled through, so the measurement sees a spread of codes, not one cached in the branch predictor. */
    private static final int CODES = 4096;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        int cores = Runtime.getRuntime().availableProcessors();
        EntryDistribution dist = EntryDistribution.parse("course");
        int n = Group.TASK_N;
        System.out.printf(Locale.ROOT, "feature inputs vs exact labels; %s entries, n=%d, %d cores, %.1f s per "
                + "measurement (codes/s; 'per core' = all cores / %d)%n", dist.spec(), n, cores, seconds, cores);
        System.out.printf(Locale.ROOT, "%-3s %11s %11s %11s %11s %11s %11s %12s%n", "k", "minors 1thr",
                "minors/core", "inputs 1thr", "inputs/core", "labels 1thr", "labels/core", "inputs/labels");
        for (int k = 4; k <= 6; k++) {
            double[][][] codes = codes(dist, n, k);
            List<Supplier<ToDoubleFunction<double[][]>>> work = List.of(minors(n, k), inputs(n, k), labels());
            for (Supplier<ToDoubleFunction<double[][]>> w : work) {
                measure(codes, w, 1, Math.min(1.0, seconds)); // warm-up: JIT-compile the hot loops
            }
            double[] one = new double[work.size()];
            double[] all = new double[work.size()];
            for (int i = 0; i < work.size(); i++) {
                one[i] = measure(codes, work.get(i), 1, seconds);
                all[i] = measure(codes, work.get(i), cores, seconds);
            }
            System.out.printf(Locale.ROOT, "%-3d %11.0f %11.0f %11.0f %11.0f %11.0f %11.0f %12.4f%n", k, one[0],
                    all[0] / cores, one[1], all[1] / cores, one[2], all[2] / cores, one[2] / one[1]);
        }
        System.out.println("inputs/labels = time per code of the full inputs over that of the labels, one thread "
                + "each (< 1: features cost less than labels)");
    }

    static double[][][] codes(EntryDistribution dist, int n, int k) {
        SplittableRandom rng = new SplittableRandom(97L * k + 13);
        double[][][] out = new double[CODES][][];
        for (int i = 0; i < CODES; i++) {
            out[i] = dist.sample(rng, k, n - k);
        }
        return out;
    }

    /** (a) The minors of G. */
    static Supplier<ToDoubleFunction<double[][]>> minors(int n, int k) {
        return () -> {
            Minors m = new Minors(n, k);
            return p -> m.log2Minors(p)[0];
        };
    }

    /** (b) Everything the token model reads for one code. */
    static Supplier<ToDoubleFunction<double[][]>> inputs(int n, int k) {
        return () -> {
            Minors m = new Minors(n, k);
            MinorFeatures f = new MinorFeatures(n, k);
            float[] co = new float[f.cocircuitCount() * f.cocircuitWidth()];
            float[] ci = new float[f.circuitCount() * f.circuitWidth()];
            float[] cols = new float[f.columnCount() * f.columnWidth()];
            return p -> {
                double[] l = m.log2Minors(p);
                f.cocircuitTokens(l, co, 0);
                f.circuitTokens(l, ci, 0);
                f.columnTokens(l, cols, 0);
                double[] stats = InvariantStatistics.of(p);
                return co[co.length - 2] + ci[ci.length - 2] + cols[cols.length - 1] + stats[0];
            };
        };
    }

    /** (c) The labels: the exact engine's whole profile. */
    static Supplier<ToDoubleFunction<double[][]>> labels() {
        return () -> {
            ExactHeightCalculator calc = new ExactHeightCalculator();
            return p -> calc.profile(p).height(1);
        };
    }

    /**
     * Codes per second over about {@code seconds} on {@code threads} threads, each with its own worker (the
     * feature and engine objects reuse work arrays and are not thread-safe), cycling through the codes.
     */
    static double measure(double[][][] codes, Supplier<ToDoubleFunction<double[][]>> worker, int threads,
                          double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            List<Future<Long>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 97;
                fs.add(pool.submit(() -> {
                    ToDoubleFunction<double[][]> w = worker.get();
                    long done = 0;
                    double sink = 0;
                    int i = offset;
                    while (System.nanoTime() < deadline) {
                        for (int b = 0; b < 64; b++) {
                            sink += w.applyAsDouble(codes[i++ % codes.length]);
                        }
                        done += 64;
                    }
                    // the sink keeps the JIT from dropping the work; it is never NaN for these codes
                    return Double.isNaN(sink) ? -1 : done;
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
}

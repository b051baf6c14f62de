package org.mheightlab.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.mheightlab.data.ProfileSet;

/**
 * The minors of a set of codes, computed once (on several threads), and the token batches built from them on
 * demand: a code's L vector is C(n,k) numbers, its tokens are ~10× more, so tokens are made per batch.
 */
public final class MinorTokenInputs {

    private final MinorFeatures features;
    private final double[][] log2Minors;

    private MinorTokenInputs(MinorFeatures features, double[][] log2Minors) {
        this.features = features;
        this.log2Minors = log2Minors;
    }

    public static MinorTokenInputs of(ProfileSet codes, int threads) {
        int count = codes.size();
        double[][] out = new double[count][];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "mheight-minors");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            int chunk = Math.max(256, count / (4 * Math.max(1, threads)) + 1);
            for (int start = 0; start < count; start += chunk) {
                int from = start;
                int to = Math.min(count, start + chunk);
                futures.add(pool.submit(() -> {
                    MinorFeatures f = new MinorFeatures(codes.n(), codes.k());
                    for (int i = from; i < to; i++) {
                        out[i] = f.log2Minors(codes.p(i));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing minors", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re
                    : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new MinorTokenInputs(new MinorFeatures(codes.n(), codes.k()), out);
    }

    public MinorFeatures features() {
        return features;
    }

    public int size() {
        return log2Minors.length;
    }

    public double[] log2Minors(int i) {
        return log2Minors[i];
    }

    /** The two token arrays of the codes {@code order[from, to)}, created in {@code manager}. */
    public NDList batch(NDManager manager, int[] order, int from, int to) {
        int rows = to - from;
        int coSize = features.cocircuitCount() * features.cocircuitWidth();
        int ciSize = features.circuitCount() * features.circuitWidth();
        float[] co = new float[rows * coSize];
        float[] ci = new float[rows * ciSize];
        for (int r = 0; r < rows; r++) {
            double[] l = log2Minors[order[from + r]];
            features.cocircuitTokens(l, co, r * coSize);
            features.circuitTokens(l, ci, r * ciSize);
        }
        return new NDList(
                manager.create(co, new Shape(rows, features.cocircuitCount(), features.cocircuitWidth())),
                manager.create(ci, new Shape(rows, features.circuitCount(), features.circuitWidth())));
    }
}

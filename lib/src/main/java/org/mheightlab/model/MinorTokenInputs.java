package org.mheightlab.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mheightlab.ParallelChunks;
import org.mheightlab.code.Minors;
import org.mheightlab.data.ProfileSet;

/**
 * The inputs of the token model for a set of codes: the minors, computed once (on several threads), from which
 * the token batches are built on demand (a code's L vector is C(n,k) numbers, its tokens ~10× more); the
 * {@link InvariantStatistics} of each P (the ridge baseline's inputs, given to the head too, so the network
 * starts from at least what the baseline sees); and, with the {@code raw} feature set, P itself (P/max|P|,
 * asinh P / asinh 100, log2 max|P| / 8 — as {@link FeatureEncoder} encodes it for the raw-feature runs).
 */
public final class MinorTokenInputs {

    private static final float STATS_SCALE = 16f;

    private final MinorFeatures features;
    private final double[][] log2Minors;
    private final float[][] stats;
    private final float[][] raw;

    private MinorTokenInputs(MinorFeatures features, double[][] log2Minors, float[][] stats, float[][] raw) {
        this.features = features;
        this.log2Minors = log2Minors;
        this.stats = stats;
        this.raw = raw;
    }

    public static MinorTokenInputs of(ProfileSet codes, int threads) {
        return of(codes, threads, false);
    }

    /** Width of the statistics input for k (see {@link InvariantStatistics#size}). */
    public static int statsWidth(int n, int k) {
        return InvariantStatistics.size(k, n - k);
    }

    /** Width of the raw P input for k: two encodings of each of the k(n−k) entries and the scale. */
    public static int rawWidth(int n, int k) {
        return 2 * k * (n - k) + 1;
    }

    public static MinorTokenInputs of(ProfileSet codes, int threads, boolean includeRaw) {
        int count = codes.size();
        double[][] out = new double[count][];
        float[][] stats = new float[count][];
        float[][] raw = includeRaw ? new float[count][] : null;
        int chunk = Math.max(256, count / (4 * Math.max(1, threads)) + 1);
        ParallelChunks.run(count, chunk, threads, "mheight-minors", "computing minors", (from, to) -> {
            Minors minors = new Minors(codes.n(), codes.k());
            for (int i = from; i < to; i++) {
                double[][] p = codes.p(i);
                out[i] = minors.log2Minors(p);
                double[] st = InvariantStatistics.of(p);
                stats[i] = new float[st.length];
                for (int j = 0; j < st.length; j++) {
                    stats[i][j] = (float) (st[j] / STATS_SCALE);
                }
                if (raw != null) {
                    raw[i] = rawVector(p);
                }
            }
        });
        return new MinorTokenInputs(new MinorFeatures(codes.n(), codes.k()), out, stats, raw);
    }

    private static float[] rawVector(double[][] p) {
        int k = p.length;
        int cols = p[0].length;
        double s = 1.0;
        for (double[] row : p) {
            for (double v : row) {
                s = Math.max(s, Math.abs(v));
            }
        }
        float[] out = new float[2 * k * cols + 1];
        double asinh100 = Math.log(100 + Math.sqrt(100 * 100 + 1.0));
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < cols; c++) {
                double v = p[r][c];
                out[r * cols + c] = (float) (v / s);
                out[k * cols + r * cols + c] = (float) (Math.log(v + Math.sqrt(v * v + 1.0)) / asinh100);
            }
        }
        out[2 * k * cols] = (float) (Math.log(s) / Math.log(2) / 8.0);
        return out;
    }

    public boolean hasRaw() {
        return raw != null;
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

    /**
     * The inputs of the codes {@code order[from, to)}, created in {@code manager}: cocircuit tokens, circuit
     * tokens, statistics, column tokens, and the raw P vector when this set has it.
     */
    public NDList batch(NDManager manager, int[] order, int from, int to) {
        int rows = to - from;
        int coSize = features.cocircuitCount() * features.cocircuitWidth();
        int ciSize = features.circuitCount() * features.circuitWidth();
        float[] co = new float[rows * coSize];
        float[] ci = new float[rows * ciSize];
        int colSize = features.columnCount() * features.columnWidth();
        float[] cols = new float[rows * colSize];
        for (int r = 0; r < rows; r++) {
            double[] l = log2Minors[order[from + r]];
            features.cocircuitTokens(l, co, r * coSize);
            features.circuitTokens(l, ci, r * ciSize);
            features.columnTokens(l, cols, r * colSize);
        }
        NDList list = new NDList(
                manager.create(co, new Shape(rows, features.cocircuitCount(), features.cocircuitWidth())),
                manager.create(ci, new Shape(rows, features.circuitCount(), features.circuitWidth())),
                manager.create(rowsOf(stats, order, from, to), new Shape(rows, stats[0].length)),
                manager.create(cols, new Shape(rows, features.columnCount(), features.columnWidth())));
        if (raw != null) {
            list.add(manager.create(rowsOf(raw, order, from, to), new Shape(rows, raw[0].length)));
        }
        return list;
    }

    private static float[] rowsOf(float[][] values, int[] order, int from, int to) {
        int width = values[0].length;
        float[] out = new float[(to - from) * width];
        for (int r = from; r < to; r++) {
            System.arraycopy(values[order[r]], 0, out, (r - from) * width, width);
        }
        return out;
    }
}

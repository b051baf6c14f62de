package org.mheightlab.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.mheightlab.ParallelChunks;
import org.mheightlab.code.Minors;
import org.mheightlab.data.Group;
import org.mheightlab.data.ProfileSet;
import org.mheightlab.metrics.Log2MseReport;

/**
 * The inputs of the token model for a set of codes: each code's cocircuit, circuit and column tokens, built from
 * its minors once (on several threads) and kept as one float array per code (about 10 KB; the minors themselves
 * are not kept), so that a training step only copies them into its batch (building them per step cost a third of
 * a step); the
 * {@link InvariantStatistics} of each P (the ridge baseline's inputs, given to the head too, so the network
 * starts from at least what the baseline sees); and, with the {@code raw} feature set, P itself
 * ({@link FeatureEncoder#compact}); where the network reads them, the {@link PairTokens} of each code (kept like
 * the others: 48 KB per code at k = 5). One example per code, one output per m; the labels are the codes' known
 * log2 heights.
 */
public final class MinorTokenInputs implements ModelInputs {

    private static final float STATS_SCALE = 16f;

    private final ProfileSet codes;
    private final MinorFeatures features;
    /** Per code: its cocircuit, circuit and column tokens, end to end, as {@link #batch} lays them out. */
    private final float[][] tokens;
    private final float[][] stats;
    private final float[][] raw;
    /** Per code: its {@link PairTokens}, or null when the network does not read them. */
    private final float[][] pairs;
    /** Pair tokens per code (counted once: the count enumerates the bases). */
    private final int pairCount;
    private final Group[] outputGroups;

    private MinorTokenInputs(ProfileSet codes, MinorFeatures features, float[][] tokens, float[][] stats,
                             float[][] raw, float[][] pairs, int pairCount) {
        this.codes = codes;
        this.features = features;
        this.tokens = tokens;
        this.stats = stats;
        this.pairs = pairs;
        this.pairCount = pairCount;
        this.raw = raw;
        this.outputGroups = new Group[codes.n() - codes.k()];
        for (int j = 0; j < outputGroups.length; j++) {
            outputGroups[j] = new Group(codes.k(), j + 1);
        }
    }

    public static MinorTokenInputs of(ProfileSet codes, int threads) {
        return of(codes, threads, false);
    }

    /** Width of the statistics input for k (see {@link InvariantStatistics#size}). */
    public static int statsWidth(int n, int k) {
        return InvariantStatistics.size(k, n - k);
    }

    /** Width of the raw P input for k ({@link FeatureEncoder#compact}). */
    public static int rawWidth(int n, int k) {
        return FeatureEncoder.compactWidth(k, n - k);
    }

    public static MinorTokenInputs of(ProfileSet codes, int threads, boolean includeRaw) {
        return of(codes, threads, includeRaw, false);
    }

    public static MinorTokenInputs of(ProfileSet codes, int threads, boolean includeRaw, boolean includePairs) {
        int count = codes.size();
        float[][] tokens = new float[count][];
        MinorFeatures features = new MinorFeatures(codes.n(), codes.k());
        int coSize = features.cocircuitCount() * features.cocircuitWidth();
        int ciSize = features.circuitCount() * features.circuitWidth();
        int colSize = features.columnCount() * features.columnWidth();
        float[][] stats = new float[count][];
        float[][] raw = includeRaw ? new float[count][] : null;
        float[][] pairs = includePairs ? new float[count][] : null;
        int pairCount = includePairs ? PairTokens.count(codes.n(), codes.k()) : 0;
        int pairSize = pairCount * PairTokens.width(codes.k());
        int chunk = Math.max(256, count / (4 * Math.max(1, threads)) + 1);
        ParallelChunks.run(count, chunk, threads, "mheight-minors", "computing minors", (from, to) -> {
            Minors minors = new Minors(codes.n(), codes.k());
            PairTokens pairTokens = includePairs ? new PairTokens(codes.n(), codes.k()) : null;
            for (int i = from; i < to; i++) {
                double[][] p = codes.p(i);
                double[] l = minors.log2Minors(p);
                float[] t = new float[coSize + ciSize + colSize];
                features.cocircuitTokens(l, t, 0);
                features.circuitTokens(l, t, coSize);
                features.columnTokens(l, t, coSize + ciSize);
                tokens[i] = t;
                double[] st = InvariantStatistics.of(p);
                stats[i] = new float[st.length];
                for (int j = 0; j < st.length; j++) {
                    stats[i][j] = (float) (st[j] / STATS_SCALE);
                }
                if (raw != null) {
                    raw[i] = FeatureEncoder.compact(p);
                }
                if (pairs != null) {
                    pairs[i] = new float[pairSize];
                    pairTokens.tokens(p, pairs[i], 0);
                }
            }
        });
        return new MinorTokenInputs(codes, features, tokens, stats, raw, pairs, pairCount);
    }

    public boolean hasRaw() {
        return raw != null;
    }

    public MinorFeatures features() {
        return features;
    }

    @Override
    public int size() {
        return tokens.length;
    }

    /** One output per m = 1 … n − k. */
    @Override
    public int outputs() {
        return codes.n() - codes.k();
    }

    @Override
    public double label(int i, int j) {
        return codes.log2Height(i, j + 1);
    }

    /** Output j answers m = j + 1, for every code alike. */
    @Override
    public Group group(int i, int j) {
        return outputGroups[j];
    }

    /** A code carries every m: no single group. */
    @Override
    public Group exampleGroup(int i) {
        return null;
    }

    /** log2-MSE per task group (k, m) over the known labels of the codes. */
    @Override
    public Log2MseReport report(double[][] predictedLog2) {
        List<double[]> pairs = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            for (int m = 1; m <= codes.n() - codes.k(); m++) {
                double y = codes.log2Height(i, m);
                Group g = new Group(codes.k(), m);
                if (!Double.isNaN(y) && Group.TASK_GROUPS.contains(g)) {
                    pairs.add(new double[] {y, predictedLog2[i][m - 1]});
                    groups.add(g);
                }
            }
        }
        double[] truth = new double[pairs.size()];
        double[] pred = new double[pairs.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = pairs.get(i)[0];
            pred[i] = pairs.get(i)[1];
        }
        return Log2MseReport.of(truth, pred, groups.toArray(new Group[0]));
    }

    @Override
    public TaskRows taskRows() {
        ProfileSet.Rows rows = codes.taskRows();
        int[] output = new int[rows.code().length];
        for (int r = 0; r < output.length; r++) {
            output[r] = rows.data().m(r) - 1;
        }
        return new TaskRows(rows.data(), rows.code(), output);
    }

    /**
     * Pair tokens per forward pass when predicting. At the pair MLP's width 64 their activations then take at most
     * 16 MB each, below glibc's largest mmap threshold (32 MB): above it every pass maps and zeroes fresh pages, and
     * predicting Run 9's training codes at 512 codes per pass (99 MB per activation at k = 5) took five times as long
     * as at this size.
     */
    static final int PAIR_TOKENS_PER_PASS = 1 << 16;

    /**
     * 512 codes, or fewer where the codes have pair tokens (see {@link #PAIR_TOKENS_PER_PASS}); without them it stays
     * 512, so that the predictions of run folders recorded before (Run 8) stay bit-identical.
     */
    @Override
    public int predictionBatch() {
        int batch = 512;
        while (pairCount > 0 && batch > 16 && (long) batch * pairCount > PAIR_TOKENS_PER_PASS) {
            batch /= 2;
        }
        return batch;
    }

    /**
     * The inputs of the codes {@code order[from, to)}, created in {@code manager}: cocircuit tokens, circuit
     * tokens, statistics, column tokens, the raw P vector when this set has it, and the pair tokens when it has
     * them.
     */
    @Override
    public NDList batch(NDManager manager, int[] order, int from, int to) {
        int rows = to - from;
        int coSize = features.cocircuitCount() * features.cocircuitWidth();
        int ciSize = features.circuitCount() * features.circuitWidth();
        float[] co = new float[rows * coSize];
        float[] ci = new float[rows * ciSize];
        int colSize = features.columnCount() * features.columnWidth();
        float[] cols = new float[rows * colSize];
        for (int r = 0; r < rows; r++) {
            float[] t = tokens[order[from + r]];
            System.arraycopy(t, 0, co, r * coSize, coSize);
            System.arraycopy(t, coSize, ci, r * ciSize, ciSize);
            System.arraycopy(t, coSize + ciSize, cols, r * colSize, colSize);
        }
        NDList list = new NDList(
                manager.create(co, new Shape(rows, features.cocircuitCount(), features.cocircuitWidth())),
                manager.create(ci, new Shape(rows, features.circuitCount(), features.circuitWidth())),
                manager.create(rowsOf(stats, order, from, to), new Shape(rows, stats[0].length)),
                manager.create(cols, new Shape(rows, features.columnCount(), features.columnWidth())));
        if (raw != null) {
            list.add(manager.create(rowsOf(raw, order, from, to), new Shape(rows, raw[0].length)));
        }
        if (pairs != null) {
            list.add(manager.create(rowsOf(pairs, order, from, to), new Shape(rows, pairCount,
                    PairTokens.width(codes.k()))));
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

package org.mheightlab.model;

import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;

/**
 * Turns (n, k, m, P) into a fixed-length float vector.
 *
 * <p>P is padded to the largest shape of the task (maxK × maxCols, 6×5 for n = 9). Entries range from ±1 to ±100
 * across samples, and h_m is not invariant to scaling P, so the scale is kept explicitly rather than normalised
 * away: each entry appears as P/s with s = max|P| (shape information in [−1, 1]) and as asinh(P)/asinh(100)
 * (magnitude information on a log-like scale), followed by a validity mask of the padded cells, log2(s)/8, and
 * one-hot codes of k (1..maxK) and m (1..maxM) — the categorical inputs the models embed. The layout:
 * {@code [P/s (cells) | asinh (cells) | mask (cells) | log2 s | onehot k | onehot m]}.
 */
public record FeatureEncoder(int maxK, int maxCols, int maxM) {

    public FeatureEncoder {
        if (maxK < 1 || maxCols < 1 || maxM < 1) {
            throw new IllegalArgumentException("feature shape must be positive");
        }
    }

    /** The encoder of the course task (n = 9, k ≤ 6, n − k ≤ 5, m ≤ 5). */
    public static FeatureEncoder task() {
        return new FeatureEncoder(6, 5, 5);
    }

    public int cells() {
        return maxK * maxCols;
    }

    /** Where the one-hot k starts. */
    public int categoricalOffset() {
        return 3 * cells() + 1;
    }

    public int size() {
        return categoricalOffset() + maxK + maxM;
    }

    /** Fails with a clear message when a sample does not fit this encoder. */
    public void check(Dataset data, int i) {
        int k = data.k(i);
        int cols = data.n(i) - k;
        if (k > maxK || cols > maxCols || data.m(i) > maxM) {
            throw new IllegalArgumentException("sample " + i + " (n=" + data.n(i) + ", k=" + k + ", m=" + data.m(i)
                    + ") does not fit the model's features (k ≤ " + maxK + ", n−k ≤ " + maxCols + ", m ≤ " + maxM + ")");
        }
    }

    /**
     * Parses a (k,m) group named in a run definition ({@code where} is its key path) and refuses one that no
     * sample of the task's code length n = 9 can belong to while fitting these features: such an entry (an
     * augmentation or weight for "7,7") would otherwise be silently ignored.
     */
    public Group taskGroup(String text, String where) {
        Group g;
        try {
            g = Group.parse(text == null ? "" : text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a group k,m (for example 4,2)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        int n = Group.TASK_N;
        int minK = Math.max(1, n - maxCols);
        int maxKHere = Math.min(maxK, n - 1);
        int maxMHere = Math.min(maxM, n - 1);
        if (g.k() < minK || g.k() > maxKHere || g.m() > maxMHere) {
            throw new IllegalArgumentException(where + ": group '" + text + "' does not exist for n = " + n
                    + " (k must be in " + minK + ".." + maxKHere + " and m in 1.." + maxMHere + "; the task's groups are "
                    + String.join(" ", Group.TASK_GROUPS.stream().map(x -> x.k() + "," + x.m()).toList()) + ")");
        }
        return g;
    }

    /** Features of the given samples, row-major (rows = samples). */
    public float[] encode(Dataset data, int[] indices) {
        int width = size();
        float[] out = new float[indices.length * width];
        for (int row = 0; row < indices.length; row++) {
            int i = indices[row];
            check(data, i);
            int k = data.k(i);
            int cols = data.n(i) - k;
            float[] compact = compact(data.p(i));
            int base = row * width;
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < cols; c++) {
                    int cell = r * maxCols + c;
                    out[base + cell] = compact[r * cols + c];
                    out[base + cells() + cell] = compact[k * cols + r * cols + c];
                    out[base + 2 * cells() + cell] = 1f;
                }
            }
            out[base + 3 * cells()] = compact[2 * k * cols];
            out[base + categoricalOffset() + k - 1] = 1f;
            out[base + categoricalOffset() + maxK + data.m(i) - 1] = 1f;
        }
        return out;
    }

    /**
     * The raw encoding of one P without padding, mask or k/m codes (the token model's raw input):
     * {@code [P/s (k(n−k), row-major) | asinh(P)/asinh(100) | log2(s)/8]}, s = max(1, max|P|).
     */
    public static float[] compact(double[][] p) {
        int k = p.length;
        int cols = p[0].length;
        double s = 1.0;
        for (double[] row : p) {
            for (double v : row) {
                s = Math.max(s, Math.abs(v));
            }
        }
        double asinhScale = asinh(100.0);
        float[] out = new float[compactWidth(k, cols)];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < cols; c++) {
                double v = p[r][c];
                out[r * cols + c] = (float) (v / s);
                out[k * cols + r * cols + c] = (float) (asinh(v) / asinhScale);
            }
        }
        out[2 * k * cols] = (float) (Math.log(s) / Math.log(2) / 8.0);
        return out;
    }

    /** Width of {@link #compact}: two encodings of each of the k(n−k) entries and the scale. */
    public static int compactWidth(int k, int cols) {
        return 2 * k * cols + 1;
    }

    private static double asinh(double x) {
        return Math.log(x + Math.sqrt(x * x + 1.0));
    }
}

package org.mheightlab.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.data.Group;
import org.mheightlab.data.split.Split;

/**
 * Turns labelled m-height samples into the classification pipeline's multimodal task: "is this code's m-height
 * in the top {@code positiveFraction} of its (k,m) group?". The threshold is per group, so the class balance
 * (about 70/30 by default, as in the summary's data, where always answering 0 gives F1 = 0) holds in every group.
 *
 * <p>Modalities, all scaled by s = max|P| of the sample (the height is scale-free):
 * <ul>
 *   <li>{@code rows}: one token per row of P (6 tokens: 5 entries / s, then a 1 flag; padded rows are zero);</li>
 *   <li>{@code columns}: one token per column of P (5 tokens: 6 entries / s, then a 1 flag);</li>
 *   <li>{@code group}: one token, the one-hot (k,m) group among the nine;</li>
 *   <li>{@code stats}: one token of summary statistics (see {@link #stats}).</li>
 * </ul>
 * The auxiliary target is log2 h standardised within its group, which the auxiliary head regresses.
 */
public final class HeightThresholdTask {

    static final int ROWS = 6;
    static final int COLS = 5;

    private HeightThresholdTask() {
    }

    /** Settings of the derived dataset. */
    public record Settings(int perGroup, double positiveFraction, double validationFraction, long seed) {
        public Settings {
            if (perGroup < 2) {
                throw new IllegalArgumentException("perGroup must be at least 2, got " + perGroup);
            }
            if (!(positiveFraction > 0 && positiveFraction < 1)) {
                throw new IllegalArgumentException("positiveFraction must be in (0, 1), got " + positiveFraction);
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
            }
        }
    }

    public static MultimodalDataset derive(Dataset source, Settings settings) {
        return derive(source, null, settings);
    }

    /** As {@link #derive(Dataset, Settings)}; refusals of the source's content name {@code file} (null: none). */
    public static MultimodalDataset derive(Dataset source, Path file, Settings settings) {
        if (!source.isLabelled()) {
            throw problem(file, "has no heights (unlabelled codes); make-data labels each code by its height, so give "
                    + "a labelled dataset (a CSV with a 'height' column, an .npz with a 'height' array, or a pickle "
                    + "pair)");
        }
        SplittableRandom rng = new SplittableRandom(settings.seed());
        List<Integer> chosen = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Float> aux = new ArrayList<>();
        List<Integer> split = new ArrayList<>();
        for (Group g : Group.TASK_GROUPS) {
            int[] members = source.indices(g);
            if (members.length < settings.perGroup()) {
                throw problem(file, "group " + g + " has " + members.length + " samples, fewer than --per-group "
                        + settings.perGroup() + " (lower --per-group or give more samples of that group)");
            }
            int[] picked = members.clone();
            Split.shuffle(picked, rng);
            picked = Arrays.copyOf(picked, settings.perGroup());
            double[] log2h = new double[picked.length];
            for (int i = 0; i < picked.length; i++) {
                log2h[i] = Math.log(source.height(picked[i])) / Math.log(2);
            }
            double[] sorted = log2h.clone();
            Arrays.sort(sorted);
            int positives = (int) Math.round(picked.length * settings.positiveFraction());
            double threshold = sorted[picked.length - positives];
            double mean = Arrays.stream(log2h).average().orElse(0);
            double sd = Math.sqrt(Arrays.stream(log2h).map(x -> (x - mean) * (x - mean)).average().orElse(0));
            // Stratified split within the group and class: the validation set keeps the class balance.
            List<Integer> pos = new ArrayList<>();
            List<Integer> neg = new ArrayList<>();
            for (int i = 0; i < picked.length; i++) {
                (log2h[i] >= threshold ? pos : neg).add(i);
            }
            for (List<Integer> cls : List.of(pos, neg)) {
                int val = (int) Math.round(cls.size() * settings.validationFraction());
                for (int j = 0; j < cls.size(); j++) {
                    int i = cls.get(j);
                    chosen.add(picked[i]);
                    labels.add(log2h[i] >= threshold ? 1 : 0);
                    aux.add((float) (sd > 0 ? (log2h[i] - mean) / sd : 0));
                    split.add(j < val ? MultimodalDataset.VALIDATION : MultimodalDataset.TRAIN);
                }
            }
        }
        int n = chosen.size();
        float[] rows = new float[n * ROWS * (COLS + 1)];
        float[] cols = new float[n * COLS * (ROWS + 1)];
        float[] group = new float[n * Group.TASK_GROUPS.size()];
        float[] stats = new float[n * STATS];
        for (int s = 0; s < n; s++) {
            int i = chosen.get(s);
            double[][] p = source.p(i);
            double scale = maxAbs(p);
            int k = p.length;
            int c = p[0].length;
            if (k > ROWS || c > COLS) {
                String why = "is " + k + "x" + c + "; the task pads P to at most " + ROWS + "x" + COLS;
                throw file == null ? new IllegalArgumentException("sample " + i + ": P " + why)
                        : new DatasetFormatException(file, i, "P", why);
            }
            for (int r = 0; r < k; r++) {
                for (int j = 0; j < c; j++) {
                    float v = (float) (p[r][j] / scale);
                    rows[(s * ROWS + r) * (COLS + 1) + j] = v;
                    cols[(s * COLS + j) * (ROWS + 1) + r] = v;
                }
                rows[(s * ROWS + r) * (COLS + 1) + COLS] = 1;
            }
            for (int j = 0; j < c; j++) {
                cols[(s * COLS + j) * (ROWS + 1) + ROWS] = 1;
            }
            group[s * Group.TASK_GROUPS.size() + Group.TASK_GROUPS.indexOf(source.group(i))] = 1;
            System.arraycopy(stats(p, scale), 0, stats, s * STATS, STATS);
        }
        return new MultimodalDataset(List.of(
                new Modality("rows", ROWS, COLS + 1, rows),
                new Modality("columns", COLS, ROWS + 1, cols),
                new Modality("group", 1, Group.TASK_GROUPS.size(), group),
                new Modality("stats", 1, STATS, stats)),
                labels.stream().mapToInt(Integer::intValue).toArray(), toFloats(aux),
                split.stream().mapToInt(Integer::intValue).toArray());
    }

    static final int STATS = 6;

    /**
     * log2 s / 8, log2(max/min nonzero |entry|) / 8, share of zero entries, mean |entry| / s, and the
     * coefficients of variation of the row and column L1 norms (an unbalanced P tends to a larger height).
     */
    static float[] stats(double[][] p, double scale) {
        int k = p.length;
        int c = p[0].length;
        double minNonZero = Double.POSITIVE_INFINITY;
        int zeros = 0;
        double sum = 0;
        double[] rowNorm = new double[k];
        double[] colNorm = new double[c];
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < c; j++) {
                double a = Math.abs(p[r][j]);
                sum += a;
                rowNorm[r] += a;
                colNorm[j] += a;
                if (a == 0) {
                    zeros++;
                } else {
                    minNonZero = Math.min(minNonZero, a);
                }
            }
        }
        double log2 = Math.log(2);
        return new float[] {
            (float) (Math.log(scale) / log2 / 8),
            (float) (Double.isFinite(minNonZero) ? Math.log(scale / minNonZero) / log2 / 8 : 0),
            (float) zeros / (k * c),
            (float) (sum / (k * c) / scale),
            (float) variation(rowNorm),
            (float) variation(colNorm)};
    }

    private static double variation(double[] xs) {
        double mean = Arrays.stream(xs).average().orElse(0);
        if (mean == 0) {
            return 0;
        }
        double var = Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).average().orElse(0);
        return Math.sqrt(var) / mean;
    }

    private static double maxAbs(double[][] p) {
        double m = 0;
        for (double[] row : p) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m == 0 ? 1 : m;
    }

    private static float[] toFloats(List<Float> xs) {
        float[] out = new float[xs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = xs.get(i);
        }
        return out;
    }

    private static RuntimeException problem(Path file, String problem) {
        return file == null ? new IllegalArgumentException(problem) : DatasetFormatException.ofFile(file, problem, null);
    }
}

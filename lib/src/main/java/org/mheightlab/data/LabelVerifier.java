package org.mheightlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.mheightlab.ParallelChunks;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.code.UnsupportedCodeException;

/** Recomputes every label of a dataset with the exact engine and compares in log2 space. */
public final class LabelVerifier {

    /** Per-group outcome: samples, matches and the largest |log2 h − log2 ĥ| seen. */
    public record GroupResult(Group group, int samples, int matches, double maxAbsLog2Diff) {
    }

    /** One label that did not match. */
    public record Mismatch(int index, Group group, double label, double computed) {
    }

    /** The whole outcome; {@code mismatches} holds at most the first 20 by index. */
    public record Report(List<GroupResult> groups, List<Mismatch> mismatches, int samples, int matches,
                         double tolerance) {
        public boolean allMatch() {
            return matches == samples;
        }
    }

    private static final int MAX_LISTED = 20;

    private final int threads;
    private final double tolerance;
    private final LongConsumer progress;

    /**
     * @param tolerance largest allowed |log2 label − log2 recomputed|; two infinite heights match
     */
    public LabelVerifier(int threads, double tolerance, LongConsumer progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1");
        }
        this.threads = threads;
        this.tolerance = tolerance;
        this.progress = progress;
    }

    public Report verify(Dataset data) {
        return verify(data, null);
    }

    /** As {@link #verify(Dataset)}; a P the engine refuses is reported as sample i, field 'P' of {@code source}. */
    public Report verify(Dataset data, Path source) {
        if (!data.isLabelled()) {
            throw new IllegalArgumentException("the dataset has no labels to verify");
        }
        double[] computed = recompute(data, source);
        Map<Group, double[]> stats = new LinkedHashMap<>(); // samples, matches, max diff
        List<Mismatch> mismatches = new ArrayList<>();
        int matches = 0;
        for (Group g : data.groups()) {
            stats.put(g, new double[3]);
        }
        for (int i = 0; i < data.size(); i++) {
            double[] s = stats.get(data.group(i));
            double diff = log2Diff(data.height(i), computed[i]);
            s[0]++;
            s[2] = Math.max(s[2], diff);
            if (diff <= tolerance) {
                s[1]++;
                matches++;
            } else if (mismatches.size() < MAX_LISTED) {
                mismatches.add(new Mismatch(i, data.group(i), data.height(i), computed[i]));
            }
        }
        List<GroupResult> groups = new ArrayList<>();
        stats.forEach((g, s) -> groups.add(new GroupResult(g, (int) s[0], (int) s[1], s[2])));
        return new Report(Collections.unmodifiableList(groups), List.copyOf(mismatches), data.size(), matches,
                tolerance);
    }

    /** |log2 a − log2 b|; 0 when both are infinite, ∞ when only one is. */
    public static double log2Diff(double a, double b) {
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(Math.log(a / b)) / Math.log(2.0);
    }

    /** Exact h_m of every sample, in parallel. */
    public double[] recompute(Dataset data) {
        return recompute(data, null);
    }

    /**
     * As {@link #recompute(Dataset)}; a P the engine refuses becomes a {@link DatasetFormatException} naming
     * {@code source}, the sample and the field 'P', with the engine's reason (which states the supported range).
     */
    public double[] recompute(Dataset data, Path source) {
        double[] out = new double[data.size()];
        ThreadLocal<ExactHeightCalculator> calcs = ThreadLocal.withInitial(ExactHeightCalculator::new);
        // A DatasetFormatException from a chunk passes through: bad input, reported as such (exit 2).
        ParallelChunks.run(data.size(), 512, threads, "mheight-verify", "verification", (from, to) -> {
            ExactHeightCalculator calc = calcs.get();
            for (int i = from; i < to; i++) {
                try {
                    out[i] = calc.height(data.p(i), data.m(i));
                } catch (UnsupportedCodeException e) {
                    throw new DatasetFormatException(source, i, "P", e.problem());
                }
            }
            progress.accept(to - from);
        });
        return out;
    }
}

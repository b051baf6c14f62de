package org.mheightlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.gen.EntryDistribution;
import org.mheightlab.data.gen.MatrixFamilies;
import org.mheightlab.data.gen.MatrixFamilies.Family;
import org.mheightlab.data.io.DatasetFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mheight describe}: what the matrices P of a dataset (or of a distribution's draws) look like. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Print the sample count per group, distinct P, the entry ranges and the share of each matrix "
                + "family (near-constant, degenerate, near-low-rank, generic; see docs/course-mix.md) per k.",
                "Shares are of samples (rows), in percent. Heights are not read.",
                "Example: mheight describe ../shared/data/course/DS-1-samples_n_k_m_P.pkl",
                "         mheight describe --draw course-mix --count 20000 --seed 1"})
final class DescribeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DATA", arity = "0..1",
            description = "A .csv, a .npz, or a pickle inputs file X_n_k_m_P.pkl (or prefix X).")
    Path data;

    @Option(names = "--draw", paramLabel = "DIST",
            description = "Describe draws of this entry distribution instead of a file (course, course-mix, ...).")
    String draw;

    @Option(names = "--count", defaultValue = "20000", description = "With --draw: matrices per k (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--k", paramLabel = "K", split = ",", defaultValue = "4,5,6",
            description = "With --draw: the values of k, n = 9 (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--seed", defaultValue = "1", description = "With --draw: random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** A max|P| value v is shown as a range edge when it holds at least this many times the samples of v + 1 ... */
    static final int EDGE_FACTOR = 3;
    /** ... and at least this share of all samples. */
    static final double EDGE_MIN_SHARE = 0.002;

    @Override
    public Integer call() {
        Dataset dataset;
        if (draw != null) {
            if (data != null) {
                throw new IllegalArgumentException("give DATA or --draw, not both");
            }
            OptionCheck.atLeast("--count", count, 1);
            dataset = drawn(EntryDistribution.parse(draw), ks, count, seed);
            System.out.printf("draws of %s: %d per k, k = %s, seed %d%n", draw.trim(), count,
                    Arrays.toString(ks), seed);
        } else {
            if (data == null) {
                throw new IllegalArgumentException("give a dataset DATA or --draw DIST");
            }
            dataset = DatasetFiles.readInputs(data);
        }
        print(dataset, System.out);
        return 0;
    }

    /** {@code count} draws per k, n = 9, in group (k, 2) (m plays no part in describing P). */
    static Dataset drawn(EntryDistribution dist, int[] ks, int count, long seed) {
        Dataset.Builder b = Dataset.builder();
        int n = Group.TASK_N;
        for (int k : ks) {
            if (k < 1 || k >= n) {
                throw new IllegalArgumentException("--k must be in [1, " + (n - 1) + "], got " + k);
            }
            SplittableRandom rng = new SplittableRandom(seed * 31 + k);
            for (int i = 0; i < count; i++) {
                b.add(null, n, k, Math.min(2, n - k), dist.sample(rng, k, n - k), Double.NaN);
            }
        }
        return b.buildUnlabelled();
    }

    static void print(Dataset d, PrintStream out) {
        int size = d.size();
        if (size == 0) {
            throw new IllegalArgumentException("the dataset has no samples");
        }
        out.printf("samples: %d%n", size);
        out.printf("%-8s %8s%n", "group", "samples");
        for (Map.Entry<Group, Integer> e : d.countsByGroup().entrySet()) {
            out.printf("(%d,%d)    %8d%n", e.getKey().k(), e.getKey().m(), e.getValue());
        }
        Map<String, Set<Integer>> msByP = new HashMap<>();
        Set<String> rows = new HashSet<>();
        int duplicates = 0;
        TreeSet<Integer> kSet = new TreeSet<>();
        List<double[][]> ps = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            double[][] p = d.p(i);
            ps.add(p);
            kSet.add(d.k(i));
            String key = d.n(i) + "|" + d.k(i) + "|" + Arrays.deepToString(p);
            msByP.computeIfAbsent(key, x -> new HashSet<>()).add(d.m(i));
            if (!rows.add(key + "|" + d.m(i))) {
                duplicates++;
            }
        }
        long several = msByP.values().stream().filter(s -> s.size() > 1).count();
        out.printf("distinct (k,P): %d; under several m: %d; rows repeating an earlier (k,m,P): %d%n",
                msByP.size(), several, duplicates);

        List<Integer> kList = new ArrayList<>(kSet);
        int[] perK = new int[kList.size()];
        Map<Integer, int[]> coarse = new TreeMap<>();
        Map<Integer, int[]> fine = new TreeMap<>();
        Map<Family, int[]> families = new TreeMap<>();
        int[] sparse = new int[kList.size()];
        Map<Integer, Integer> maxCounts = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            int ki = kList.indexOf(d.k(i));
            perK[ki]++;
            double[][] p = ps.get(i);
            double max = MatrixFamilies.maxAbs(p);
            coarse.computeIfAbsent(MatrixFamilies.bin(max, EntryDistribution.COURSE_RANGES),
                    x -> new int[kList.size()])[ki]++;
            fine.computeIfAbsent(MatrixFamilies.bin(max, MatrixFamilies.FINE_RANGES), x -> new int[kList.size()])[ki]++;
            families.computeIfAbsent(MatrixFamilies.classify(p), x -> new int[kList.size()])[ki]++;
            if (zeroShare(p) >= 0.3) {
                sparse[ki]++;
            }
            if (max == Math.rint(max)) {
                maxCounts.merge((int) max, 1, Integer::sum);
            }
        }
        String header = header(kList);
        out.printf("range bins, share of samples (%%): the smallest r of %s with r >= max|P| (-1: above)%n",
                join(EntryDistribution.COURSE_RANGES));
        out.println(header);
        coarse.forEach((r, c) -> out.println(line("r=" + r, c, perK)));
        out.printf("fine range bins, share of samples (%%): the smallest r of %s with r >= max|P| (-1: above)%n",
                join(MatrixFamilies.FINE_RANGES));
        out.println(header);
        fine.forEach((r, c) -> out.println(line("r=" + r, c, perK)));
        StringBuilder edges = new StringBuilder();
        maxCounts.forEach((v, c) -> {
            int next = maxCounts.getOrDefault(v + 1, 0);
            if (v > 0 && c >= EDGE_FACTOR * next && c >= EDGE_MIN_SHARE * size) {
                edges.append(' ').append(v).append(" (").append(c).append(" vs ").append(next).append(')');
            }
        });
        out.printf("range edges (max|P| = v in >= %dx the samples of v+1 and >= %.1f %% of samples):%s%n",
                EDGE_FACTOR, 100 * EDGE_MIN_SHARE, edges.length() == 0 ? " none" : edges);
        out.printf("families, share of samples (%%): near-constant (max|P| >= %d, every |entry| >= %.2f max|P|), "
                        + "degenerate (zero or proportional rows/columns), near-low-rank (sigma_min/sigma_max < %.2f), "
                        + "generic%n", MatrixFamilies.NEAR_CONSTANT_MIN_MAX, MatrixFamilies.NEAR_CONSTANT_FRACTION,
                MatrixFamilies.LOW_RANK_RATIO);
        out.println(header);
        for (Family f : Family.values()) {
            out.println(line(f.label(), families.getOrDefault(f, new int[kList.size()]), perK));
        }
        out.println(line("sparse", sparse, perK) + "   (>= 30 % zero entries; overlaps the families)");
    }

    private static double zeroShare(double[][] p) {
        int zeros = 0;
        int all = 0;
        for (double[] row : p) {
            for (double v : row) {
                all++;
                if (v == 0) {
                    zeros++;
                }
            }
        }
        return (double) zeros / all;
    }

    private static String header(List<Integer> ks) {
        StringBuilder s = new StringBuilder(String.format("%-14s", ""));
        for (int k : ks) {
            s.append(String.format(" %8s", "k=" + k));
        }
        return s.append(String.format(" %8s", "all")).toString();
    }

    private static String line(String label, int[] counts, int[] perK) {
        StringBuilder s = new StringBuilder(String.format("%-14s", label));
        int total = 0;
        int n = 0;
        for (int i = 0; i < counts.length; i++) {
            s.append(String.format(" %8.2f", 100.0 * counts[i] / perK[i]));
            total += counts[i];
            n += perK[i];
        }
        return s.append(String.format(" %8.2f", 100.0 * total / n)).toString();
    }

    private static String join(int[] values) {
        StringBuilder s = new StringBuilder();
        for (int v : values) {
            s.append(s.length() == 0 ? "" : " ").append(v);
        }
        return s.toString();
    }
}

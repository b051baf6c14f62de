package org.mheightlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mheightlab.code.Symmetries;

/**
 * Codes of one (n, k) with every m-height that is known for them: log2 h_m for m = 1 … n − k, NaN where a code
 * has no label for that m. The exact engine's profile fills every m of a generated code at once; a course
 * dataset, which holds one (k, m, P, h) row per sample, is merged by P, so the same P under several m becomes
 * one code with several labels (in DS-1, 10,446 of 15,358 distinct (k, P) appear under more than one m).
 * {@code key} is the split key of each code ({@link #keyOf}): all m of one P, exact duplicates and symmetric
 * copies share it, so a split by key cannot put one code on both sides.
 */
public final class ProfileSet {

    private final int n;
    private final int k;
    private final List<double[][]> p;
    private final List<double[]> log2Heights;
    private final List<String> keys;

    public ProfileSet(int n, int k, List<double[][]> p, List<double[]> log2Heights, List<String> keys) {
        if (p.size() != log2Heights.size() || p.size() != keys.size()) {
            throw new IllegalArgumentException("P, labels and keys must have the same length");
        }
        for (double[] h : log2Heights) {
            if (h.length != n - k) {
                throw new IllegalArgumentException("each code needs n − k = " + (n - k) + " label slots");
            }
        }
        this.n = n;
        this.k = k;
        this.p = List.copyOf(p);
        this.log2Heights = List.copyOf(log2Heights);
        this.keys = List.copyOf(keys);
    }

    /**
     * The codes of {@code data} with the given k, merged by exact P (rows of the same P under several m become
     * one code; two rows of the same P and m keep the first label). Infinite heights stay unknown (NaN): the
     * rank test, not the model, answers those.
     */
    public static ProfileSet fromDataset(Dataset data, int k) {
        Map<String, Integer> byP = new LinkedHashMap<>();
        List<double[][]> ps = new ArrayList<>();
        List<double[]> labels = new ArrayList<>();
        int n = -1;
        for (int i = 0; i < data.size(); i++) {
            if (data.k(i) != k) {
                continue;
            }
            n = n < 0 ? data.n(i) : n;
            if (data.n(i) != n) {
                throw new IllegalArgumentException("sample " + i + ": n = " + data.n(i) + " but the earlier samples of k = "
                        + k + " have n = " + n);
            }
            double[][] pi = data.p(i);
            String exact = Arrays.deepToString(pi);
            Integer at = byP.get(exact);
            if (at == null) {
                at = ps.size();
                byP.put(exact, at);
                ps.add(pi);
                double[] h = new double[n - k];
                Arrays.fill(h, Double.NaN);
                labels.add(h);
            }
            int m = data.m(i);
            double h = data.isLabelled() ? data.height(i) : Double.NaN;
            if (m >= 1 && m <= n - k && Double.isNaN(labels.get(at)[m - 1]) && Double.isFinite(h)) {
                labels.get(at)[m - 1] = Math.log(h) / Math.log(2);
            }
        }
        List<String> keys = new ArrayList<>();
        for (double[][] pi : ps) {
            keys.add(keyOf(pi));
        }
        return new ProfileSet(n < 0 ? Group.TASK_N : n, k, ps, labels, keys);
    }

    /** The split key: equal for P and any row/column permutation and sign flip of it (and for exact copies). */
    public static String keyOf(double[][] p) {
        return Symmetries.fingerprint(p);
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    public int size() {
        return p.size();
    }

    public double[][] p(int i) {
        return p.get(i);
    }

    /** log2 h_m of code i, NaN when unknown. */
    public double log2Height(int i, int m) {
        return log2Heights.get(i)[m - 1];
    }

    public String key(int i) {
        return keys.get(i);
    }

    /** How many (code, m) labels are known. */
    public int labelCount() {
        int c = 0;
        for (double[] h : log2Heights) {
            for (double v : h) {
                c += Double.isNaN(v) ? 0 : 1;
            }
        }
        return c;
    }

    public ProfileSet subset(int[] indices) {
        List<double[][]> ps = new ArrayList<>();
        List<double[]> hs = new ArrayList<>();
        List<String> ks = new ArrayList<>();
        for (int i : indices) {
            ps.add(p.get(i));
            hs.add(log2Heights.get(i));
            ks.add(keys.get(i));
        }
        return new ProfileSet(n, k, ps, hs, ks);
    }

    /** The labelled rows of a code set: one (k, m, P, h) row per known task-group label, and each row's code. */
    public record Rows(Dataset data, int[] code) {
    }

    /** One row per known label of a task group (k, m), in code order then m order. */
    public Rows taskRows() {
        Dataset.Builder b = Dataset.builder();
        List<Integer> code = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            for (int m = 1; m <= n - k; m++) {
                double y = log2Height(i, m);
                if (!Double.isNaN(y) && Group.TASK_GROUPS.contains(new Group(k, m))) {
                    b.add(null, n, k, m, p.get(i), Math.pow(2, y));
                    code.add(i);
                }
            }
        }
        return new Rows(b.build(), code.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The given rows of {@code data} (all of this k) as unlabelled codes, one per row, for prediction. */
    public static ProfileSet ofRows(Dataset data, int[] rows, int k) {
        List<double[][]> ps = new ArrayList<>();
        List<double[]> labels = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        int n = Group.TASK_N;
        for (int i : rows) {
            if (data.k(i) != k) {
                throw new IllegalArgumentException("sample " + i + " has k = " + data.k(i) + ", expected " + k);
            }
            n = data.n(i);
            ps.add(data.p(i));
            double[] h = new double[n - k];
            Arrays.fill(h, Double.NaN);
            labels.add(h);
            keys.add("");
        }
        return new ProfileSet(n, k, ps, labels, keys);
    }

    /** This set followed by {@code other} (same n and k). */
    public ProfileSet concat(ProfileSet other) {
        if (other.n != n || other.k != k) {
            throw new IllegalArgumentException("cannot join codes of (n,k) = (" + n + "," + k + ") and (" + other.n
                    + "," + other.k + ")");
        }
        List<double[][]> ps = new ArrayList<>(p);
        ps.addAll(other.p);
        List<double[]> hs = new ArrayList<>(log2Heights);
        hs.addAll(other.log2Heights);
        List<String> ks = new ArrayList<>(keys);
        ks.addAll(other.keys);
        return new ProfileSet(n, k, ps, hs, ks);
    }
}

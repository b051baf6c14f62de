package org.mheightlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable, columnar set of samples with an index by (k,m) group.
 *
 * <p>Columns: n, k, m, the entries of P row-major (each sample's k·(n−k) values, located by an offset), the
 * height (absent for an unlabelled dataset, such as the inputs of a prediction) and an optional id.
 */
public final class Dataset {

    private final int[] n;
    private final int[] k;
    private final int[] m;
    private final int[] offset;
    private final double[] values;
    private final double[] heights;
    private final String[] ids;
    private final Map<Group, int[]> byGroup;

    private Dataset(int[] n, int[] k, int[] m, int[] offset, double[] values, double[] heights, String[] ids) {
        this.n = n;
        this.k = k;
        this.m = m;
        this.offset = offset;
        this.values = values;
        this.heights = heights;
        this.ids = ids;
        Map<Group, List<Integer>> lists = new TreeMap<>();
        for (int i = 0; i < n.length; i++) {
            lists.computeIfAbsent(new Group(k[i], m[i]), g -> new ArrayList<>()).add(i);
        }
        Map<Group, int[]> index = new LinkedHashMap<>();
        lists.forEach((g, list) -> index.put(g, list.stream().mapToInt(Integer::intValue).toArray()));
        this.byGroup = Collections.unmodifiableMap(index);
    }

    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder whose validation errors name {@code source}. */
    public static Builder builder(Path source) {
        return new Builder(source);
    }

    public int size() {
        return n.length;
    }

    public boolean isLabelled() {
        return heights != null;
    }

    public boolean hasIds() {
        return ids != null;
    }

    public int n(int i) {
        return n[i];
    }

    public int k(int i) {
        return k[i];
    }

    public int m(int i) {
        return m[i];
    }

    public Group group(int i) {
        return new Group(k[i], m[i]);
    }

    /** The id of sample i, or null. */
    public String id(int i) {
        return ids == null ? null : ids[i];
    }

    /** h_m of sample i; NaN for an unlabelled dataset. */
    public double height(int i) {
        return heights == null ? Double.NaN : heights[i];
    }

    /** Entry (row, col) of P for sample i. */
    public double p(int i, int row, int col) {
        return values[offset[i] + row * (n[i] - k[i]) + col];
    }

    /** A fresh copy of P for sample i. */
    public double[][] p(int i) {
        int rows = k[i];
        int cols = n[i] - rows;
        double[][] p = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, offset[i] + r * cols, p[r], 0, cols);
        }
        return p;
    }

    public Sample sample(int i) {
        return new Sample(id(i), n[i], k[i], m[i], p(i), height(i));
    }

    /** Groups present, in (k, m) order. */
    public List<Group> groups() {
        return List.copyOf(byGroup.keySet());
    }

    /** Indices of the samples of a group, ascending (empty if the group is absent). */
    public int[] indices(Group group) {
        int[] idx = byGroup.get(group);
        return idx == null ? new int[0] : idx.clone();
    }

    /** Sample count per group, in (k, m) order. */
    public Map<Group, Integer> countsByGroup() {
        Map<Group, Integer> counts = new LinkedHashMap<>();
        byGroup.forEach((g, idx) -> counts.put(g, idx.length));
        return counts;
    }

    /** The samples at the given indices, in that order. */
    public Dataset subset(int[] indices) {
        Builder b = builder();
        for (int i : indices) {
            b.add(id(i), n[i], k[i], m[i], p(i), height(i));
        }
        return isLabelled() || indices.length == 0 ? b.build() : b.buildUnlabelled();
    }

    /** This dataset with the heights replaced (same order, same length). */
    public Dataset withHeights(double[] newHeights) {
        if (newHeights.length != size()) {
            throw new IllegalArgumentException("need " + size() + " heights, got " + newHeights.length);
        }
        return new Dataset(n, k, m, offset, values, newHeights.clone(), ids);
    }

    /** The heights as a fresh array (NaN-filled if unlabelled). */
    public double[] heights() {
        if (heights == null) {
            double[] nan = new double[size()];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return heights.clone();
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " samples, groups=" + countsByGroup() + "]";
    }

    /**
     * Collects samples and checks each as it arrives, naming the source file, sample index and field of the
     * first bad value.
     */
    public static final class Builder {
        private final Path source;
        private int size;
        private int[] n = new int[64];
        private int[] k = new int[64];
        private int[] m = new int[64];
        private int[] offset = new int[65];
        private double[] values = new double[64 * 20];
        private double[] heights = new double[64];
        private String[] ids = new String[64];
        private boolean anyId;

        private Builder(Path source) {
            this.source = source;
        }

        public Builder add(Sample s) {
            return add(s.id(), s.n(), s.k(), s.m(), s.p(), s.height());
        }

        /** Adds one sample; height may be NaN only if the dataset is built with {@link #buildUnlabelled()}. */
        public Builder add(String id, int sn, int sk, int sm, double[][] p, double height) {
            int index = size;
            checkShape(source, index, sn, sk, sm, p);
            if (!Double.isNaN(height) && !(height > 0)) {
                throw new DatasetFormatException(source, index, "height",
                        "must be a positive m-height, got " + height);
            }
            grow(sk * (sn - sk));
            n[size] = sn;
            k[size] = sk;
            m[size] = sm;
            int at = offset[size];
            int cols = sn - sk;
            for (int r = 0; r < sk; r++) {
                System.arraycopy(p[r], 0, values, at + r * cols, cols);
            }
            offset[size + 1] = at + sk * cols;
            heights[size] = height;
            ids[size] = id;
            anyId |= id != null;
            size++;
            return this;
        }

        /** The checks every reader applies to n, k, m and P. */
        public static void checkShape(Path source, int index, int sn, int sk, int sm, double[][] p) {
            if (sn < 2 || sn > org.mheightlab.code.ExactHeightCalculator.MAX_N) {
                throw new DatasetFormatException(source, index, "n", "must be in [2, "
                        + org.mheightlab.code.ExactHeightCalculator.MAX_N + "], got " + sn);
            }
            if (sk < 1 || sk > sn - 1) {
                throw new DatasetFormatException(source, index, "k", "must be in [1, " + (sn - 1) + "] for n=" + sn
                        + ", got " + sk);
            }
            if (sm < 1 || sm > sn - 1) {
                throw new DatasetFormatException(source, index, "m", "must be in [1, " + (sn - 1) + "] for n=" + sn
                        + ", got " + sm);
            }
            if (p == null || p.length != sk) {
                throw new DatasetFormatException(source, index, "P", "must have k=" + sk + " rows, got "
                        + (p == null ? "none" : p.length));
            }
            for (int r = 0; r < sk; r++) {
                if (p[r] == null || p[r].length != sn - sk) {
                    throw new DatasetFormatException(source, index, "P", "must be " + sk + "x" + (sn - sk)
                            + " for n=" + sn + ", k=" + sk + ", but row " + r + " has "
                            + (p[r] == null ? "no" : String.valueOf(p[r].length)) + " entries");
                }
                for (int c = 0; c < sn - sk; c++) {
                    if (!Double.isFinite(p[r][c])) {
                        throw new DatasetFormatException(source, index, "P",
                                "entry [" + r + "][" + c + "] is " + p[r][c]);
                    }
                }
            }
        }

        private void grow(int more) {
            if (size + 1 >= n.length) {
                int cap = n.length * 2;
                n = Arrays.copyOf(n, cap);
                k = Arrays.copyOf(k, cap);
                m = Arrays.copyOf(m, cap);
                offset = Arrays.copyOf(offset, cap + 1);
                heights = Arrays.copyOf(heights, cap);
                ids = Arrays.copyOf(ids, cap);
            }
            if (offset[size] + more > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, offset[size] + more));
            }
        }

        public int size() {
            return size;
        }

        /** A labelled dataset: every height must be present. */
        public Dataset build() {
            for (int i = 0; i < size; i++) {
                if (Double.isNaN(heights[i])) {
                    throw new DatasetFormatException(source, i, "height", "is missing (NaN)");
                }
            }
            return finish(Arrays.copyOf(heights, size));
        }

        /** An unlabelled dataset (prediction inputs); heights are ignored. */
        public Dataset buildUnlabelled() {
            return finish(null);
        }

        private Dataset finish(double[] hs) {
            return new Dataset(Arrays.copyOf(n, size), Arrays.copyOf(k, size), Arrays.copyOf(m, size),
                    Arrays.copyOf(offset, size + 1), Arrays.copyOf(values, offset[size]), hs,
                    anyId ? Arrays.copyOf(ids, size) : null);
        }
    }
}

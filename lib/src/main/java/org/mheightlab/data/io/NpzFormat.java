package org.mheightlab.data.io;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.files.AtomicFiles;

/**
 * numpy {@code .npz} (read by {@link NpzArchive}, written through DJL's NDList): arrays {@code n}, {@code k}, {@code m} (int32, length N),
 * {@code P} (float64, N × maxK × max(n−k), zero-padded beyond each sample's k×(n−k)) and, for a labelled
 * dataset, {@code height} (float64, length N). Ids are not stored. In Python:
 * {@code d = np.load(f); d["P"][i, :d["k"][i], :d["n"][i] - d["k"][i]]}. Any numeric dtype and either byte
 * or memory order reads the same; n, k and m must hold integers (9.0 is 9, 9.7 is refused). No other array
 * name is accepted.
 */
public final class NpzFormat {

    private NpzFormat() {
    }

    /** The arrays a dataset .npz may hold; any other name is refused, so a typo never drops the labels. */
    static final List<String> ARRAYS = List.of("n", "k", "m", "P", "height");

    public static Dataset read(Path file) {
        return NpzArchive.read(file, arrays -> {
            for (String name : arrays.keySet()) {
                if (!ARRAYS.contains(name)) {
                    throw NpzArchive.unknownArray(file, name, ARRAYS, "n, k, m, P and optionally height");
                }
            }
            int[] n = ints(file, arrays, "n");
            int[] k = ints(file, arrays, "k");
            int[] m = ints(file, arrays, "m");
            NdArray pArray = required(file, arrays, "P");
            int[] ps = pArray.shape();
            if (ps.length != 3 || ps[0] != n.length) {
                throw DatasetFormatException.ofFile(file, "array 'P' must have shape (N, rows, cols) with N=" + n.length
                        + ", got " + java.util.Arrays.toString(ps), null);
            }
            if (k.length != n.length || m.length != n.length) {
                throw DatasetFormatException.ofFile(file, "arrays n, k, m have lengths " + n.length + ", " + k.length
                        + ", " + m.length, null);
            }
            double[] p = pArray.values();
            int rows = ps[1];
            int cols = ps[2];
            double[] heights = null;
            if (arrays.containsKey("height")) {
                NdArray h = arrays.get("height");
                int[] hs = h.shape();
                if (hs.length != 1 || hs[0] != n.length) {
                    throw DatasetFormatException.ofFile(file, "array 'height' must have shape (" + n.length + ",), got "
                            + java.util.Arrays.toString(hs), null);
                }
                heights = h.values();
            }
            Dataset.Builder b = Dataset.builder(file);
            for (int i = 0; i < n.length; i++) {
                int sk = k[i];
                int sc = n[i] - k[i];
                if (sk > rows || sc > cols || sk < 1 || sc < 1) {
                    Dataset.Builder.checkShape(file, i, n[i], sk, m[i], new double[Math.max(sk, 0)][0]);
                    throw new DatasetFormatException(file, i, "P", "needs " + sk + "x" + sc + " but 'P' is "
                            + rows + "x" + cols + " per sample");
                }
                double[][] pi = new double[sk][sc];
                for (int r = 0; r < sk; r++) {
                    for (int c = 0; c < sc; c++) {
                        pi[r][c] = p[(i * rows + r) * cols + c];
                    }
                }
                double h = heights == null ? Double.NaN : heights[i];
                if (heights != null && Double.isNaN(h)) {
                    throw new DatasetFormatException(file, i, "height", "is NaN");
                }
                b.add(null, n[i], sk, m[i], pi, h);
            }
            return heights == null ? b.buildUnlabelled() : b.build();
        });
    }

    public static void write(Dataset data, Path file) {
        AtomicFiles.write(file, writer(data));
    }

    /** The .npz file's bytes, built now, for {@link AtomicFiles.Batch#write}. */
    public static AtomicFiles.Writer writer(Dataset data) {
        int rows = 1;
        int cols = 1;
        for (int i = 0; i < data.size(); i++) {
            rows = Math.max(rows, data.k(i));
            cols = Math.max(cols, data.n(i) - data.k(i));
        }
        int size = data.size();
        int[] n = new int[size];
        int[] k = new int[size];
        int[] m = new int[size];
        double[] p = new double[size * rows * cols];
        for (int i = 0; i < size; i++) {
            n[i] = data.n(i);
            k[i] = data.k(i);
            m[i] = data.m(i);
            for (int r = 0; r < k[i]; r++) {
                for (int c = 0; c < n[i] - k[i]; c++) {
                    p[(i * rows + r) * cols + c] = data.p(i, r, c);
                }
            }
        }
        final int fr = rows;
        final int fc = cols;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = new NDList();
            list.add(NpzArchive.named(manager.create(n), "n"));
            list.add(NpzArchive.named(manager.create(k), "k"));
            list.add(NpzArchive.named(manager.create(m), "m"));
            list.add(NpzArchive.named(manager.create(p, new Shape(size, fr, fc)), "P"));
            if (data.isLabelled()) {
                list.add(NpzArchive.named(manager.create(data.heights()), "height"));
            }
            return NpzArchive.writer(list);
        }
    }


    private static NdArray required(Path file, Map<String, NdArray> arrays, String name) {
        NdArray a = arrays.get(name);
        if (a == null) {
            throw DatasetFormatException.ofFile(file, "has no array '" + name + "' (arrays: " + arrays.keySet() + ")",
                    null);
        }
        return a;
    }

    /** A 1-D array of integers; a value with a fraction (9.7 in a float array) is refused, never truncated. */
    private static int[] ints(Path file, Map<String, NdArray> arrays, String name) {
        NdArray a = required(file, arrays, name);
        if (a.shape().length != 1) {
            throw DatasetFormatException.ofFile(file, "array '" + name + "' must be 1-D, got shape "
                    + java.util.Arrays.toString(a.shape()), null);
        }
        double[] v = a.values();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
                throw new DatasetFormatException(file, i, name, "must be an integer, got " + v[i]);
            }
            out[i] = (int) v[i];
        }
        return out;
    }
}

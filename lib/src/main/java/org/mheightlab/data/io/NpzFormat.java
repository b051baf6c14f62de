package org.mheightlab.data.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;

/**
 * numpy {@code .npz} through DJL's NDList: arrays {@code n}, {@code k}, {@code m} (int32, length N),
 * {@code P} (float64, N × maxK × max(n−k), zero-padded beyond each sample's k×(n−k)) and, for a labelled
 * dataset, {@code height} (float64, length N). Ids are not stored. In Python:
 * {@code d = np.load(f); d["P"][i, :d["k"][i], :d["n"][i] - d["k"][i]]}.
 */
public final class NpzFormat {

    private NpzFormat() {
    }

    public static Dataset read(Path file) {
        return NpzArchive.read(file, arrays -> {
            int[] n = ints(file, arrays, "n");
            int[] k = ints(file, arrays, "k");
            int[] m = ints(file, arrays, "m");
            NDArray pArray = required(file, arrays, "P");
            Shape ps = pArray.getShape();
            if (ps.dimension() != 3 || ps.get(0) != n.length) {
                throw DatasetFormatException.ofFile(file, "array 'P' must have shape (N, rows, cols) with N=" + n.length
                        + ", got " + ps, null);
            }
            if (k.length != n.length || m.length != n.length) {
                throw DatasetFormatException.ofFile(file, "arrays n, k, m have lengths " + n.length + ", " + k.length
                        + ", " + m.length, null);
            }
            double[] p = pArray.toType(DataType.FLOAT64, false).toDoubleArray();
            int rows = (int) ps.get(1);
            int cols = (int) ps.get(2);
            double[] heights = null;
            if (arrays.containsKey("height")) {
                NDArray h = arrays.get("height");
                if (h.getShape().dimension() != 1 || h.getShape().get(0) != n.length) {
                    throw DatasetFormatException.ofFile(file, "array 'height' must have shape (" + n.length + "), got "
                            + h.getShape(), null);
                }
                heights = h.toType(DataType.FLOAT64, false).toDoubleArray();
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
            NpzArchive.write(list, file);
        }
    }


    private static NDArray required(Path file, Map<String, NDArray> arrays, String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw DatasetFormatException.ofFile(file, "has no array '" + name + "' (arrays: " + arrays.keySet() + ")",
                    null);
        }
        return a;
    }

    private static int[] ints(Path file, Map<String, NDArray> arrays, String name) {
        NDArray a = required(file, arrays, name);
        if (a.getShape().dimension() != 1) {
            throw DatasetFormatException.ofFile(file, "array '" + name + "' must be 1-D, got " + a.getShape(), null);
        }
        return a.toType(DataType.INT32, false).toIntArray();
    }
}

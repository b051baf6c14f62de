package org.mheightlab.data.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;

/**
 * The course's pickle pair: {@code X_n_k_m_P.pkl}, a list of {@code [n, k, m, P]} with P a numpy array
 * (int64 or float64, shape k×(n−k)), and {@code X_mHeights.pkl}, a list of floats in the same order.
 */
public final class CoursePickleFormat {

    public static final String INPUTS_SUFFIX = "_n_k_m_P.pkl";
    public static final String HEIGHTS_SUFFIX = "_mHeights.pkl";

    private CoursePickleFormat() {
    }

    /** The heights file that goes with an inputs file ({@code X_n_k_m_P.pkl} → {@code X_mHeights.pkl}). */
    public static Path heightsFileFor(Path inputs) {
        String name = inputs.getFileName().toString();
        if (!name.endsWith(INPUTS_SUFFIX)) {
            throw new IllegalArgumentException("a course inputs file is named <name>" + INPUTS_SUFFIX + ", got "
                    + inputs + "; name the heights file explicitly");
        }
        return inputs.resolveSibling(name.substring(0, name.length() - INPUTS_SUFFIX.length()) + HEIGHTS_SUFFIX);
    }

    /** Reads a labelled dataset from the inputs file and its heights file. */
    public static Dataset read(Path inputs, Path heights) {
        List<?> rows = loadList(inputs);
        List<?> hs = loadHeights(heights);
        if (hs.size() != rows.size()) {
            throw DatasetFormatException.ofFile(heights, "holds " + hs.size() + " heights but " + inputs + " holds "
                    + rows.size() + " samples", null);
        }
        Dataset.Builder b = Dataset.builder(inputs);
        for (int i = 0; i < rows.size(); i++) {
            double h = toHeight(heights, i, hs.get(i));
            addRow(b, inputs, i, rows.get(i), h);
        }
        return b.build();
    }

    /** Reads only the inputs (for prediction). */
    public static Dataset readInputs(Path inputs) {
        List<?> rows = loadList(inputs);
        Dataset.Builder b = Dataset.builder(inputs);
        for (int i = 0; i < rows.size(); i++) {
            addRow(b, inputs, i, rows.get(i), Double.NaN);
        }
        return b.buildUnlabelled();
    }

    /** Reads a heights file (a list of floats, or a 1-D numpy array). */
    public static double[] readHeights(Path heights) {
        List<?> hs = loadHeights(heights);
        double[] out = new double[hs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toHeight(heights, i, hs.get(i));
        }
        return out;
    }

    /** Writes the pair as one dataset: both files are written completely before either replaces its old file. */
    public static void write(Dataset data, Path inputs, Path heights, PickleOptions options) {
        try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
            stage(batch, data, inputs, heights, options);
            batch.commit();
        }
    }

    /** Stages both files of the pair in {@code batch}; the caller commits (with a sidecar, say). */
    public static void stage(AtomicFiles.Batch batch, Dataset data, Path inputs, Path heights, PickleOptions options) {
        if (!data.isLabelled()) {
            throw new IllegalArgumentException("an unlabelled dataset has no heights file; use writeInputs");
        }
        batch.write(inputs, inputsWriter(data, options));
        batch.write(heights, heightsWriter(data.heights(), options));
    }

    public static void writeInputs(Dataset data, Path inputs, PickleOptions options) {
        AtomicFiles.write(inputs, inputsWriter(data, options));
    }

    /** The inputs pickle's bytes: a list of [n, k, m, P]. */
    public static AtomicFiles.Writer inputsWriter(Dataset data, PickleOptions options) {
        return out -> {
            PickleWriter w = new PickleWriter(out, options.protocol(), options.numpyMajor());
            w.begin();
            PickleWriter.ListWriter list = w.list();
            for (int i = 0; i < data.size(); i++) {
                list.beforeItem();
                int n = data.n(i);
                int k = data.k(i);
                double[] flat = new double[k * (n - k)];
                boolean integral = true;
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c < n - k; c++) {
                        double v = data.p(i, r, c);
                        flat[r * (n - k) + c] = v;
                        integral &= v == Math.rint(v) && Math.abs(v) < 0x1p53;
                    }
                }
                PickleWriter.ListWriter row = w.list();
                for (int v : new int[] {n, k, data.m(i)}) {
                    row.beforeItem();
                    w.writeInt(v);
                    row.afterItem();
                }
                row.beforeItem();
                w.writeArray(new int[] {k, n - k}, flat, integral);
                row.afterItem();
                row.close();
                list.afterItem();
            }
            list.close();
            w.end();
        };
    }

    /** Writes a list of Python floats, the format of a heights file and of the course's prediction file. */
    public static void writeHeights(double[] values, Path heights, PickleOptions options) {
        AtomicFiles.write(heights, heightsWriter(values, options));
    }

    /** A heights (or predictions) pickle's bytes: a list of Python floats. */
    public static AtomicFiles.Writer heightsWriter(double[] values, PickleOptions options) {
        return out -> {
            PickleWriter w = new PickleWriter(out, options.protocol(), options.numpyMajor());
            w.begin();
            PickleWriter.ListWriter list = w.list();
            for (double v : values) {
                list.beforeItem();
                w.writeFloat(v);
                list.afterItem();
            }
            list.close();
            w.end();
        };
    }

    private static Object load(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new RestrictedUnpickler().load(in);
        } catch (NoSuchFileException e) {
            throw DatasetFormatException.ofFile(file, "file not found", e);
        } catch (RestrictedUnpickler.RefusedGlobalException e) {
            throw DatasetFormatException.ofFile(file, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw DatasetFormatException.ofFile(file, "not a readable pickle (truncated or corrupt?): " + why, e);
        }
    }

    private static List<?> loadList(Path file) {
        Object o = load(file);
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof Object[] t) {
            return List.of(t);
        }
        throw DatasetFormatException.ofFile(file, "must hold a list of [n, k, m, P], got " + describe(o), null);
    }

    private static List<?> loadHeights(Path file) {
        Object o = load(file);
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof Object[] t) {
            return List.of(t);
        }
        if (o instanceof NdArray a && a.shape().length == 1) {
            return java.util.Arrays.stream(a.values()).boxed().toList();
        }
        throw DatasetFormatException.ofFile(file, "must hold a list of heights, got " + describe(o), null);
    }

    private static double toHeight(Path file, int index, Object o) {
        if (!(o instanceof Number num)) {
            throw new DatasetFormatException(file, index, "height", "must be a number, got " + describe(o));
        }
        double h = num.doubleValue();
        if (Double.isNaN(h) || !(h > 0)) {
            throw new DatasetFormatException(file, index, "height", "must be a positive m-height, got " + h);
        }
        return h;
    }

    private static void addRow(Dataset.Builder b, Path file, int index, Object row, double height) {
        List<?> items;
        if (row instanceof List<?> l) {
            items = l;
        } else if (row instanceof Object[] t) {
            items = List.of(t);
        } else {
            throw new DatasetFormatException(file, index, null, "must be [n, k, m, P], got " + describe(row));
        }
        if (items.size() != 4) {
            throw new DatasetFormatException(file, index, null, "must be [n, k, m, P], got " + items.size() + " items");
        }
        int n = toInt(file, index, "n", items.get(0));
        int k = toInt(file, index, "k", items.get(1));
        int m = toInt(file, index, "m", items.get(2));
        double[][] p = toMatrix(file, index, items.get(3));
        b.add(null, n, k, m, p, height);
    }

    private static int toInt(Path file, int index, String field, Object o) {
        if (o instanceof Number num) {
            double d = num.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new DatasetFormatException(file, index, field, "must be an integer, got " + describe(o));
    }

    private static double[][] toMatrix(Path file, int index, Object o) {
        if (o instanceof NdArray a) {
            if (a.shape().length != 2) {
                throw new DatasetFormatException(file, index, "P", "must be a 2-D array, got shape "
                        + java.util.Arrays.toString(a.shape()));
            }
            return a.toMatrix();
        }
        if (o instanceof List<?> rows) {
            double[][] p = new double[rows.size()][];
            for (int r = 0; r < p.length; r++) {
                if (!(rows.get(r) instanceof List<?> cols)) {
                    throw new DatasetFormatException(file, index, "P", "row " + r + " is not a list");
                }
                p[r] = new double[cols.size()];
                for (int c = 0; c < p[r].length; c++) {
                    if (!(cols.get(c) instanceof Number num)) {
                        throw new DatasetFormatException(file, index, "P", "entry [" + r + "][" + c + "] is not a number");
                    }
                    p[r][c] = num.doubleValue();
                }
            }
            return p;
        }
        throw new DatasetFormatException(file, index, "P", "must be a numpy array, got " + describe(o));
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        String s = String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (s.length() > 40 ? s.substring(0, 40) + "…" : s);
    }
}

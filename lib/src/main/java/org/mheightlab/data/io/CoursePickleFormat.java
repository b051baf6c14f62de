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
import org.mheightlab.files.AtomicFiles;

/**
 * The course's pickle pair: {@code X_n_k_m_P.pkl}, a list of {@code [n, k, m, P]} with P a numpy array
 * (int64 or float64, shape k×(n−k)), and {@code X_mHeights.pkl}, a list of floats in the same order.
 */
public final class CoursePickleFormat {

    public static final String INPUTS_SUFFIX = "_n_k_m_P.pkl";
    public static final String HEIGHTS_SUFFIX = "_mHeights.pkl";

    private CoursePickleFormat() {
    }

    /** Deeper than a list of rows of P's rows of numbers (4) with room to spare; nothing valid comes close. */
    static final int MAX_DEPTH = 16;

    /**
     * The heights file that goes with an inputs file: {@code X_n_k_m_P.pkl} → {@code X_mHeights.pkl}, and for an
     * inputs file without the course suffix, {@code X.pkl} → {@code X_mHeights.pkl} too.
     */
    public static Path heightsFileFor(Path inputs) {
        String name = inputs.getFileName().toString();
        String stem;
        if (name.endsWith(INPUTS_SUFFIX)) {
            stem = name.substring(0, name.length() - INPUTS_SUFFIX.length());
        } else if (name.endsWith(".pkl")) {
            stem = name.substring(0, name.length() - 4);
        } else {
            throw new IllegalArgumentException("a course inputs file is named <name>" + INPUTS_SUFFIX + ", got "
                    + inputs + "; name the heights file explicitly");
        }
        return inputs.resolveSibling(stem + HEIGHTS_SUFFIX);
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
        InputFile.require(file);
        byte[] head = FileSignature.head(file, 16);
        String kind = FileSignature.describe(head);
        // Text is not refused here: a protocol-0 pickle is text. Binary formats with a signature are.
        if (kind != null && !kind.equals(FileSignature.PICKLE) && !kind.startsWith("text")) {
            throw DatasetFormatException.ofFile(file, "is not a pickle file: it looks like " + kind + " (starts with "
                    + FileSignature.hex(head) + ")", null);
        }
        // Shown with any failure of a file that does not begin with PROTO: most likely it is no pickle at all,
        // and the decoder's complaint (an opcode 'i' from "id,n,k") would only mislead.
        String hint = kind != null && kind.equals(FileSignature.PICKLE) ? "" : "; it does not start like a binary "
                + "pickle (first bytes " + FileSignature.hex(head) + (kind == null ? "" : ", " + kind) + ")";
        Object o;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            // A pipe or device has no size; its lengths are then bounded only by what it delivers.
            long size = Files.isRegularFile(file) ? Files.size(file) : Long.MAX_VALUE;
            o = new RestrictedUnpickler().load(in, size);
        } catch (NoSuchFileException e) {
            throw InputFile.missing(file);
        } catch (RestrictedUnpickler.RefusedGlobalException | RestrictedUnpickler.TruncatedException e) {
            throw DatasetFormatException.ofFile(file, e.getMessage() + hint, e);
        } catch (StackOverflowError e) {
            // Pyrolite hashes dict keys and set members recursively while loading.
            throw DatasetFormatException.ofFile(file, "is nested too deeply to be a course pickle", null);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw DatasetFormatException.ofFile(file, "not a readable pickle (truncated or corrupt?): " + why + hint, e);
        }
        checkDepth(file, o);
        return o;
    }

    /**
     * Refuses nesting deeper than {@link #MAX_DEPTH} (and a list that holds itself) before anything walks the
     * object recursively: toString, hashCode and the row readers would overflow the stack. The walk is
     * iterative, and a list shared through the pickle memo is visited again only when reached at a greater
     * depth, so a crafted pickle of shared lists cannot make it take exponential time.
     */
    private static void checkDepth(Path file, Object root) {
        java.util.Map<Object, Integer> seenAt = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.push(new Object[] {root, 0});
        while (!todo.isEmpty()) {
            Object[] item = todo.pop();
            Object o = item[0];
            int depth = (Integer) item[1];
            Iterable<?> children;
            if (o instanceof List<?> l) {
                children = l;
            } else if (o instanceof Object[] t) {
                children = java.util.Arrays.asList(t);
            } else if (o instanceof java.util.Map<?, ?> m) {
                java.util.List<Object> both = new java.util.ArrayList<>(m.keySet());
                both.addAll(m.values());
                children = both;
            } else if (o instanceof java.util.Collection<?> c) {
                children = c;
            } else {
                continue;
            }
            if (depth >= MAX_DEPTH) {
                throw DatasetFormatException.ofFile(file, "is nested more than " + MAX_DEPTH + " levels deep (or holds"
                        + " a list inside itself): a course pickle is a list of [n, k, m, P]", null);
            }
            Integer before = seenAt.get(o);
            if (before != null && before >= depth) {
                continue;
            }
            seenAt.put(o, depth);
            for (Object child : children) {
                todo.push(new Object[] {child, depth + 1});
            }
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
        if (o instanceof NdArray a) {
            if (a.problem() != null) {
                throw new DatasetFormatException(file, -1, "height", a.problem());
            }
            if (a.shape().length == 1) {
                return java.util.Arrays.stream(a.values()).boxed().toList();
            }
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
            if (a.problem() != null) {
                throw new DatasetFormatException(file, index, "P", a.problem());
            }
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
        // Containers by size only: their toString can be huge (shared lists) and says little.
        if (o instanceof List<?> l) {
            return "a list of " + l.size() + " items";
        }
        if (o instanceof Object[] t) {
            return "a tuple of " + t.length + " items";
        }
        if (o instanceof java.util.Map<?, ?> m) {
            return "a dict of " + m.size() + " items";
        }
        if (o instanceof NdArray a) {
            return a.problem() != null ? "an unreadable numpy array" : "a numpy array of shape "
                    + java.util.Arrays.toString(a.shape());
        }
        if (o instanceof byte[] b) {
            return "bytes of length " + b.length;
        }
        String s = String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (s.length() > 40 ? s.substring(0, 40) + "…" : s);
    }
}

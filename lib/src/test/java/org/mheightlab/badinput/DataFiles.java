package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.DatasetFiles;

/**
 * Makes the dataset files of the bad-input suites at test time: real samples (the first few of the bundled test
 * set, so {@code verify} has true labels to match), written as .npz by hand ({@link Npz}, any dtype, byte order
 * and memory order) and as pickles by Python's own pickle and numpy ({@link #pickle}).
 */
final class DataFiles {

    private DataFiles() {
    }

    /** The first {@code count} samples of the bundled test set, labelled with exact heights. */
    static Dataset bundled(int count) {
        Path p = Path.of("..", "data", "test_n_k_m_P.pkl");
        if (!Files.exists(p)) {
            p = Path.of("data", "test_n_k_m_P.pkl");
        }
        Dataset all = DatasetFiles.read(p);
        int[] idx = new int[count];
        // Every 500th sample: the bundled test set is sorted by group, so this spans several groups.
        for (int i = 0; i < count; i++) {
            idx[i] = (i * 500) % all.size();
        }
        return all.subset(idx);
    }

    static void assertSameData(Dataset expected, Dataset actual) {
        assertEquals(expected.size(), actual.size(), "sample count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.n(i), actual.n(i), "n of sample " + i);
            assertEquals(expected.group(i), actual.group(i), "group of sample " + i);
            assertArrayEquals(expected.p(i), actual.p(i), "P of sample " + i);
            assertEquals(expected.height(i), actual.height(i), "height of sample " + i);
        }
    }

    /** The samples as lines "n k m height p...", the input of {@link #pickle}. */
    static String text(Dataset d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.size(); i++) {
            sb.append(d.n(i)).append(' ').append(d.k(i)).append(' ').append(d.m(i)).append(' ')
                    .append(Double.toString(d.height(i)));
            for (double[] row : d.p(i)) {
                for (double v : row) {
                    sb.append(' ').append(Double.toString(v));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@code d} as a course pickle pair with Python (numpy 2), after running {@code mutate} on
     * {@code rows} (lists [n, k, m, P], P float64) and {@code hs} (floats): the way a user's own script would make
     * a bad file. Skipped where python3 with numpy is missing, like the project's other numpy tests.
     */
    static void pickle(Dataset d, Path inputs, Path heights, String mutate) {
        try {
            Path text = Files.createTempFile("samples", ".txt");
            Files.writeString(text, text(d));
            String script = String.join("\n",
                    "import pickle, sys",
                    "import numpy as np",
                    "rows, hs = [], []",
                    "for line in open(sys.argv[1]):",
                    "    f = line.split()",
                    "    n, k, m = int(f[0]), int(f[1]), int(f[2])",
                    "    hs.append(float(f[3]))",
                    "    rows.append([n, k, m, np.array([float(x) for x in f[4:]]).reshape(k, n - k)])",
                    sys(mutate),
                    "pickle.dump(rows, open(sys.argv[2], 'wb'), protocol=4)",
                    "if sys.argv[3]:",
                    "    pickle.dump(hs, open(sys.argv[3], 'wb'), protocol=4)");
            Process p = new ProcessBuilder("python3", "-c", script, text.toString(), inputs.toString(),
                    heights == null ? "" : heights.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            Files.delete(text);
            assumeTrue(done && !out.contains("No module named"), "python3 with numpy is not available");
            assertEquals(0, p.exitValue(), out);
        } catch (IOException e) {
            assumeTrue(false, "python3 is not available: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sys(String mutate) {
        return mutate == null || mutate.isEmpty() ? "pass" : mutate;
    }

    /** A .npz written by hand: each array with its own dtype descr ({@code '>f8'}, {@code '<i4'}, ...) and order. */
    static final class Npz {
        private final ByteArrayOutputStream zip = new ByteArrayOutputStream();
        private final ZipOutputStream out = new ZipOutputStream(zip);

        /** Adds {@code name}.npy holding {@code values} (C order) of {@code shape}, stored in the given order. */
        Npz array(String name, String descr, boolean fortran, int[] shape, double[] values) {
            ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            char kind = descr.charAt(1);
            int size = Integer.parseInt(descr.substring(2));
            double[] stored = fortran ? toFortran(values, shape) : values;
            ByteBuffer data = ByteBuffer.allocate(stored.length * size).order(order);
            for (double v : stored) {
                switch (kind == 'f' ? "f" + size : "i" + size) {
                    case "f8" -> data.putDouble(v);
                    case "f4" -> data.putFloat((float) v);
                    case "i8" -> data.putLong((long) v);
                    case "i4" -> data.putInt((int) v);
                    case "i2" -> data.putShort((short) v);
                    case "i1" -> data.put((byte) v);
                    default -> throw new IllegalArgumentException(descr);
                }
            }
            return raw(name, header(descr, fortran, shape), data.array());
        }

        /** Adds an entry with the given .npy header dict and data bytes, consistent or not. */
        Npz raw(String name, String headerDict, byte[] data) {
            try {
                out.putNextEntry(new ZipEntry(name + ".npy"));
                out.write(npy(headerDict, data));
                out.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** Adds a zip entry that is not a .npy array (say a notes file). */
        Npz entry(String fileName, byte[] bytes) {
            try {
                out.putNextEntry(new ZipEntry(fileName));
                out.write(bytes);
                out.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Path write(Path file) {
            try {
                out.close();
                Files.write(file, zip.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }

        static String header(String descr, boolean fortran, int[] shape) {
            StringBuilder s = new StringBuilder("(");
            for (int d : shape) {
                s.append(d).append(shape.length == 1 ? "," : ", ");
            }
            String shapeText = s.toString().replaceAll(", $", "") + ")";
            return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                    + shapeText + ", }";
        }

        static byte[] npy(String headerDict, byte[] data) {
            StringBuilder h = new StringBuilder(headerDict);
            while ((10 + h.length() + 1) % 64 != 0) {
                h.append(' ');
            }
            h.append('\n');
            byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer b = ByteBuffer.allocate(10 + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
            b.putShort((short) hb.length).put(hb).put(data);
            return b.array();
        }

        private static double[] toFortran(double[] c, int[] shape) {
            double[] f = new double[c.length];
            int[] idx = new int[shape.length];
            for (int i = 0; i < c.length; i++) {
                int rem = i;
                for (int d = shape.length - 1; d >= 0; d--) {
                    idx[d] = rem % shape[d];
                    rem /= shape[d];
                }
                int at = 0;
                for (int d = shape.length - 1; d >= 0; d--) {
                    at = at * shape[d] + idx[d];
                }
                f[at] = c[i];
            }
            return f;
        }
    }

    /** The dataset arrays of {@code d} (as NpzFormat lays them out), n/k/m and P in the given dtypes and order. */
    static Npz datasetNpz(Dataset d, String intDescr, String floatDescr, boolean fortran, boolean heights) {
        int size = d.size();
        int rows = 1;
        int cols = 1;
        for (int i = 0; i < size; i++) {
            rows = Math.max(rows, d.k(i));
            cols = Math.max(cols, d.n(i) - d.k(i));
        }
        double[] n = new double[size];
        double[] k = new double[size];
        double[] m = new double[size];
        double[] p = new double[size * rows * cols];
        double[] h = new double[size];
        for (int i = 0; i < size; i++) {
            n[i] = d.n(i);
            k[i] = d.k(i);
            m[i] = d.m(i);
            h[i] = d.height(i);
            for (int r = 0; r < d.k(i); r++) {
                for (int c = 0; c < d.n(i) - d.k(i); c++) {
                    p[(i * rows + r) * cols + c] = d.p(i, r, c);
                }
            }
        }
        Npz z = new Npz()
                .array("n", intDescr, false, new int[] {size}, n)
                .array("k", intDescr, false, new int[] {size}, k)
                .array("m", intDescr, false, new int[] {size}, m)
                .array("P", floatDescr, fortran, new int[] {size, rows, cols}, p);
        return heights ? z.array("height", floatDescr.charAt(0) + "f8", false, new int[] {size}, h) : z;
    }
}

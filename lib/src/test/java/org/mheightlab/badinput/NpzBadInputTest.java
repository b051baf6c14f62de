package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mheightlab.classify.MultimodalDataset;
import org.mheightlab.classify.MultimodalNpz;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.io.NpzFormat;

/** Bad and unusual-but-valid numpy .npz files, for datasets ({@code verify}) and classification data. */
class NpzBadInputTest {

    private static final Dataset DATA = DataFiles.bundled(6);

    @TempDir
    Path dir;

    /** One refused file: how to make it, the command's extra arguments, and what the message must say. */
    record Case(String name, Function<Path, Path> make, String[] mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, Function<Path, Path> make, String... mentions) {
        return new Case(name, make, mentions);
    }

    private static double[] column(Function<Integer, Double> f) {
        double[] v = new double[DATA.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.apply(i);
        }
        return v;
    }

    /** The dataset arrays of DATA with array {@code name} replaced. */
    private static DataFiles.Npz withArray(String skip, String name, String descr, int[] shape, double[] v) {
        DataFiles.Npz z = new DataFiles.Npz();
        for (String a : new String[] {"n", "k", "m"}) {
            if (!a.equals(skip)) {
                z.array(a, "<i8", false, new int[] {DATA.size()},
                        column(i -> (double) (a.equals("n") ? DATA.n(i) : a.equals("k") ? DATA.k(i) : DATA.m(i))));
            }
        }
        return z.array(name, descr, false, shape, v);
    }

    static Stream<Case> datasetCases() {
        int size = DATA.size();
        return Stream.of(
                c("unknown array 'heights' (typo of height)", d -> DataFiles.datasetNpz(DATA, "<i8", "<f8", false, false)
                        .array("heights", "<f8", false, new int[] {size}, column(DATA::height)).write(d.resolve("a.npz")),
                        "unknown array 'heights'", "did you mean 'height'?"),
                c("unknown array 'p' (wrong case)", d -> withArray("", "p", "<f8", new int[] {size, 6, 5},
                        new double[size * 30]).write(d.resolve("a.npz")), "unknown array 'p'", "did you mean 'P'?"),
                c("n 9.7 in a float array", d -> {
                    double[] n = column(i -> (double) DATA.n(i));
                    n[3] = 9.7;
                    return withArray("n", "n", "<f8", new int[] {size}, n).array("P", "<f8", false,
                            new int[] {size, 6, 5}, new double[size * 30]).write(d.resolve("a.npz"));
                }, "sample 3", "field 'n'", "9.7"),
                c("k 4.5 in a float array", d -> {
                    double[] k = column(i -> (double) DATA.k(i));
                    k[3] = 4.5;
                    return withArray("k", "k", "<f8", new int[] {size}, k).array("P", "<f8", false,
                            new int[] {size, 6, 5}, new double[size * 30]).write(d.resolve("a.npz"));
                }, "sample 3", "field 'k'", "4.5"),
                c("P data shorter than its shape", d -> withArray("", "P", "<f8", new int[] {size}, new double[size])
                        .raw("height", DataFiles.Npz.header("<f8", false, new int[] {size}), new byte[8])
                        .write(d.resolve("a.npz")), "array 'height'", "truncated"),
                c("shape claiming 10^12 bytes in a tiny file", d -> new DataFiles.Npz()
                        .raw("P", DataFiles.Npz.header("<f8", false, new int[] {100000, 100000, 100}), new byte[16])
                        .write(d.resolve("a.npz")), "array 'P'", "truncated or corrupt"),
                c("object dtype", d -> new DataFiles.Npz()
                        .raw("P", DataFiles.Npz.header("|O", false, new int[] {2}), new byte[16])
                        .write(d.resolve("a.npz")), "array 'P'", "unsupported numpy dtype '|O'"),
                c("structured dtype", d -> new DataFiles.Npz()
                        .raw("P", "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }", new byte[16])
                        .write(d.resolve("a.npz")), "array 'P'", "structured dtype"),
                c("2-D P", d -> withArray("", "P", "<f8", new int[] {size, 30}, new double[size * 30])
                        .write(d.resolve("a.npz")), "array 'P' must have shape (N, rows, cols)"),
                c("height of the wrong length", d -> DataFiles.datasetNpz(DATA, "<i8", "<f8", false, false)
                        .array("height", "<f8", false, new int[] {2}, new double[] {1, 2}).write(d.resolve("a.npz")),
                        "array 'height' must have shape (6,)"),
                c("PNG renamed .npz", d -> write(d.resolve("a.npz"), png()), "is not a .npz file", "PNG image"),
                c("CSV renamed .npz", d -> write(d.resolve("a.npz"), "id,n,k,m,height,P\n".getBytes(
                        StandardCharsets.UTF_8)), "is not a .npz file", "text"),
                c("zip entry that is not an array", d -> {
                    DataFiles.Npz z = DataFiles.datasetNpz(DATA, "<i8", "<f8", false, true);
                    return z.entry("notes.txt", "made by hand".getBytes(StandardCharsets.UTF_8)).write(d.resolve("a.npz"));
                }, "entry 'notes.txt' is not a .npy array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datasetCases")
    void verifyRefusesDatasetNpz(Case c) {
        Path f = c.make().apply(dir);
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString()).mentions(c.mentions());
    }

    static Stream<Arguments> classificationCases() {
        return Stream.of(
                Arguments.of("label 0.5", "label", "<f8", new double[] {0, 1, 0, 0.5, 1, 0},
                        new String[] {"sample 3", "field 'label'", "0.5", "exactly 0 or 1"}),
                Arguments.of("label 1.7", "label", "<f4", new double[] {0, 1, 0, 1.7, 1, 0},
                        new String[] {"sample 3", "field 'label'", "1.7"}),
                Arguments.of("label 2 (int)", "label", "<i8", new double[] {0, 1, 0, 2, 1, 0},
                        new String[] {"sample 3", "field 'label'", "is 2"}),
                Arguments.of("split 1.5", "split", "<f8", new double[] {0, 1, 0, 1.5, 1, 0},
                        new String[] {"sample 3", "field 'split'", "1.5"}),
                Arguments.of("'labels' instead of 'label'", "labels", "<i8", new double[] {0, 1, 0, 1, 1, 0},
                        new String[] {"unknown array 'labels'", "did you mean 'label'?"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classificationCases")
    void classifyTrainRefusesBadClassificationNpz(String name, String array, String descr, double[] values,
            String[] mentions) {
        DataFiles.Npz z = new DataFiles.Npz().array("x_rows", "<f4", false, new int[] {6, 2}, new double[12]);
        if (!array.equals("label") && !array.equals("labels")) {
            z.array("label", "<i8", false, new int[] {6}, new double[] {0, 1, 0, 1, 1, 0});
        }
        Path f = z.array(array, descr, false, new int[] {6}, values).write(dir.resolve("c.npz"));
        BadInput.refused(dir, "classify", "train", "--data", f.toString(), "--epochs", "1")
                .mentions(f.toString()).mentions(mentions);
    }

    /** Big-endian arrays (numpy '>' dtypes) read as the same numbers, not as byte-swapped garbage. */
    @Test
    void bigEndianDatasetReadsTheSameValues() {
        Path f = DataFiles.datasetNpz(DATA, ">i4", ">f8", false, true).write(dir.resolve("be.npz"));
        DataFiles.assertSameData(DATA, NpzFormat.read(f));
        BadInput.Outcome r = BadInput.accepted("verify", f.toString());
        assertEquals(true, r.out().contains("6 of 6 labels match"), r.out());
    }

    /** Fortran-ordered P (np.asfortranarray) is valid numpy and reads in the right element order. */
    @Test
    void fortranOrderedDatasetReadsTheSameValues() {
        Path f = DataFiles.datasetNpz(DATA, "<i8", "<f8", true, true).write(dir.resolve("f.npz"));
        DataFiles.assertSameData(DATA, DatasetFiles.read(f));
        BadInput.Outcome r = BadInput.accepted("verify", f.toString());
        assertEquals(true, r.out().contains("6 of 6 labels match"), r.out());
    }

    /** Big-endian float32 and Fortran order together, with int16 n/k/m. */
    @Test
    void bigEndianFortranFloat32Reads() {
        Path f = DataFiles.datasetNpz(DATA, ">i2", ">f4", true, true).write(dir.resolve("bf.npz"));
        DataFiles.assertSameData(DATA, DatasetFiles.read(f)); // the bundled P are small integers: exact in float32
    }

    /** Classification data in big-endian and Fortran order reads the same as little-endian C order. */
    @Test
    void classificationBigEndianFortranReadsTheSameValues() {
        double[] x = new double[6 * 3 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.25 - 3;
        }
        double[] labels = {0, 1, 0, 1, 1, 0};
        Path le = new DataFiles.Npz().array("x_seq", "<f4", false, new int[] {6, 3, 2}, x)
                .array("label", "<i8", false, new int[] {6}, labels).write(dir.resolve("le.npz"));
        Path be = new DataFiles.Npz().array("x_seq", ">f8", true, new int[] {6, 3, 2}, x)
                .array("label", ">i4", false, new int[] {6}, labels).write(dir.resolve("be.npz"));
        MultimodalDataset a = MultimodalNpz.read(le);
        MultimodalDataset b = MultimodalNpz.read(be);
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.modalities().get(0).values(), b.modalities().get(0).values());
        assertEquals(-3f, b.modalities().get(0).values()[0]);
        assertEquals(-2.75f, b.modalities().get(0).values()[1]); // C order: the next feature of token 0
    }

    private static byte[] png() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        return b.array();
    }

    static Path write(Path f, byte[] bytes) {
        try {
            Files.write(f, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return f;
    }

    static byte[] pngBytes() {
        return png();
    }
}

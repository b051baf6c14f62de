package org.mheightlab.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mheightlab.TestData;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.data.Group;
import org.mheightlab.data.gen.DatasetGenerator;
import org.mheightlab.data.gen.EntryDistribution;
import org.mheightlab.data.gen.GeneratorConfig;
import org.mheightlab.files.AtomicFiles;

class CoursePickleFormatTest {

    @TempDir
    Path tmp;

    private static Path fixture(String name) throws Exception {
        return Path.of(CoursePickleFormatTest.class.getResource("/pickles/" + name).toURI());
    }

    @ParameterizedTest(name = "numpy {0}, protocol {1}")
    @CsvSource({"1,2", "1,3", "1,4", "1,5", "2,2", "2,3", "2,4", "2,5"})
    void readsPicklesWrittenByRealNumpy(int numpy, int protocol) throws Exception {
        String stem = "fixture-np" + numpy + "-p" + protocol;
        Dataset d = CoursePickleFormat.read(fixture(stem + "_n_k_m_P.pkl"), fixture(stem + "_mHeights.pkl"));
        assertEquals(3, d.size());
        assertArrayEquals(new double[][] {{1, 2, 3, 4, 5}, {-1, 0, 2, 7, 1}, {3, 3, -2, 1, 0}, {4, -5, 6, 1, 2}},
                d.p(0));
        assertEquals(new Group(5, 3), d.group(1));
        assertArrayEquals(new double[] {0.5, -1.25, 2.0, 3.0}, d.p(1)[0]);
        assertArrayEquals(new double[] {-3.5}, new double[] {d.p(1, 2, 3)});
        // The third P was Fortran-ordered in numpy: arange(18).reshape(6, 3) − 9, read back row-major.
        assertArrayEquals(new double[] {-9, -8, -7}, d.p(2)[0]);
        assertArrayEquals(new double[] {6, 7, 8}, d.p(2)[5]);
        assertArrayEquals(new double[] {13.982456140350877, 7.5, 3.25}, d.heights());
    }

    @Test
    void readsTheRealCourseData() {
        Dataset d = CoursePickleFormat.read(TestData.ds1Inputs(), TestData.ds1Heights());
        assertEquals(32_087, d.size());
        Map<Group, Integer> expected = new LinkedHashMap<>();
        int[][] counts = {{4, 2, 2677}, {4, 3, 2588}, {4, 4, 2376}, {4, 5, 1494}, {5, 2, 3579}, {5, 3, 3286},
                {5, 4, 2002}, {6, 2, 9336}, {6, 3, 4749}};
        for (int[] c : counts) {
            expected.put(new Group(c[0], c[1]), c[2]);
        }
        assertEquals(expected, d.countsByGroup());
        for (int i = 0; i < d.size(); i++) {
            assertEquals(9, d.n(i));
            assertTrue(Double.isFinite(d.height(i)) && d.height(i) >= 1.0);
        }
    }

    @ParameterizedTest(name = "numpy {0}, protocol {1}")
    @CsvSource({"1,2", "1,3", "1,4", "1,5", "2,2", "2,3", "2,4", "2,5"})
    void roundTripsEveryProtocolAndNumpyVersion(int numpy, int protocol) {
        Dataset d = sampleDataset();
        Path inputs = tmp.resolve("rt_n_k_m_P.pkl");
        Path heights = tmp.resolve("rt_mHeights.pkl");
        CoursePickleFormat.write(d, inputs, heights, new PickleOptions(protocol, numpy));
        Dataset back = CoursePickleFormat.read(inputs, heights);
        assertEquals(d.size(), back.size());
        for (int i = 0; i < d.size(); i++) {
            assertArrayEquals(d.p(i), back.p(i));
            assertEquals(d.height(i), back.height(i));
            assertEquals(d.group(i), back.group(i));
        }
    }

    /** Our pickles load in real numpy (2 via python3, 1 via Debian's python3) with the same values. */
    @ParameterizedTest(name = "{0} reads numpy {1}, protocol {2}")
    @CsvSource({"python3,1,2", "python3,1,5", "python3,2,4", "python3,2,5", "/usr/bin/python3,1,2",
            "/usr/bin/python3,1,4", "/usr/bin/python3,1,5"})
    void picklesLoadInPythonNumpy(String python, int numpy, int protocol) throws Exception {
        assumeTrue(canImportNumpy(python), python + " with numpy is not available");
        Dataset d = sampleDataset();
        Path inputs = tmp.resolve("py_n_k_m_P.pkl");
        Path heights = tmp.resolve("py_mHeights.pkl");
        CoursePickleFormat.write(d, inputs, heights, new PickleOptions(protocol, numpy));
        String script = String.join("\n",
                "import pickle, sys",
                "rows = pickle.load(open(sys.argv[1], 'rb'))",
                "hs = pickle.load(open(sys.argv[2], 'rb'))",
                "out = []",
                "for (n, k, m, P), h in zip(rows, hs):",
                "    assert P.shape == (k, n - k), P.shape",
                "    out.append('%d %d %d %s %r %s' % (n, k, m, P.dtype, h, ' '.join(repr(float(x)) for x in P.ravel())))",
                "print('\\n'.join(out))");
        Process proc = new ProcessBuilder(python, "-c", script, inputs.toString(), heights.toString())
                .redirectErrorStream(true).start();
        String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), output);
        List<String> lines = output.strip().lines().toList();
        assertEquals(d.size(), lines.size(), output);
        for (int i = 0; i < d.size(); i++) {
            String[] f = lines.get(i).split(" ");
            assertEquals(d.k(i), Integer.parseInt(f[1]));
            assertEquals(i == 1 ? "float64" : "int64", f[3], "dtype of sample " + i);
            assertEquals(d.height(i), Double.parseDouble(f[4]));
            assertEquals(d.p(i, 0, 0), Double.parseDouble(f[5]));
        }
    }

    private static boolean canImportNumpy(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void truncatedPickleNamesTheFile() throws Exception {
        Path inputs = tmp.resolve("t_n_k_m_P.pkl");
        Path heights = tmp.resolve("t_mHeights.pkl");
        CoursePickleFormat.write(sampleDataset(), inputs, heights, PickleOptions.DEFAULT);
        byte[] all = Files.readAllBytes(inputs);
        Files.write(inputs, java.util.Arrays.copyOf(all, all.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> CoursePickleFormat.read(inputs, heights));
        assertTrue(e.getMessage().startsWith(inputs.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void refusesPickleGlobalsOtherThanNumpy() throws Exception {
        // pickle.dumps of os.system("echo hi"), protocol 2: a classic code-execution payload.
        byte[] evil = {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', 'X', 7, 0, 0, 0,
                'e', 'c', 'h', 'o', ' ', 'h', 'i', (byte) 0x85, 'R', '.'};
        Path inputs = tmp.resolve("evil_n_k_m_P.pkl");
        Files.write(inputs, evil);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> CoursePickleFormat.readInputs(inputs));
        assertTrue(e.getMessage().contains("'os.system' is not allowed"), e.getMessage());
    }

    @Test
    void wrongShapeAndOutOfRangeFieldsNameSampleAndField() throws Exception {
        Path inputs = tmp.resolve("bad_n_k_m_P.pkl");
        // k = 4 but P is 5×4 (a k=5 matrix): wrong shape for sample 0.
        Files.write(inputs, PickleWriter.toBytes(4, 1, w -> {
            PickleWriter.ListWriter list = w.list();
            list.beforeItem();
            PickleWriter.ListWriter row = w.list();
            for (int v : new int[] {9, 4, 2}) {
                row.beforeItem();
                w.writeInt(v);
                row.afterItem();
            }
            row.beforeItem();
            w.writeArray(new int[] {5, 4}, new double[20], true);
            row.close();
            list.close();
        }));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> CoursePickleFormat.readInputs(inputs));
        assertEquals(0, e.sampleIndex());
        assertEquals("P", e.field());
        assertTrue(e.getMessage().contains(inputs.toString()) && e.getMessage().contains("sample 0"), e.getMessage());

        Dataset d = sampleDataset();
        for (int[] bad : new int[][] {{9, 9, 2}, {9, 4, 0}, {9, 4, 9}, {13, 4, 2}}) {
            Files.write(inputs, PickleWriter.toBytes(2, 1, w -> {
                PickleWriter.ListWriter list = w.list();
                for (int i = 0; i < 2; i++) {
                    list.beforeItem();
                    PickleWriter.ListWriter row = w.list();
                    int[] nkm = i == 1 ? bad : new int[] {9, 4, 2};
                    for (int v : nkm) {
                        row.beforeItem();
                        w.writeInt(v);
                        row.afterItem();
                    }
                    row.beforeItem();
                    w.writeArray(new int[] {4, 5}, new double[20], true);
                    row.close();
                }
                list.close();
            }));
            DatasetFormatException err = assertThrows(DatasetFormatException.class,
                    () -> CoursePickleFormat.readInputs(inputs));
            assertEquals(1, err.sampleIndex(), err.getMessage());
            String expectedField = bad[0] == 13 ? "n" : bad[1] == 9 ? "k" : "m";
            assertEquals(expectedField, err.field(), err.getMessage());
        }
        assertEquals(4, d.size());
    }

    @Test
    void badHeightsNameFileIndexAndField() {
        Dataset d = sampleDataset();
        Path inputs = tmp.resolve("h_n_k_m_P.pkl");
        Path heights = tmp.resolve("h_mHeights.pkl");
        CoursePickleFormat.writeInputs(d, inputs, PickleOptions.DEFAULT);
        for (double bad : new double[] {Double.NaN, -2.0, 0.0}) {
            double[] hs = d.heights();
            hs[2] = bad;
            CoursePickleFormat.writeHeights(hs, heights, PickleOptions.DEFAULT);
            DatasetFormatException e = assertThrows(DatasetFormatException.class,
                    () -> CoursePickleFormat.read(inputs, heights));
            assertEquals(heights, e.file());
            assertEquals(2, e.sampleIndex());
            assertEquals("height", e.field());
        }
        CoursePickleFormat.writeHeights(new double[] {2.0, 3.0}, heights, PickleOptions.DEFAULT);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> CoursePickleFormat.read(inputs, heights));
        assertTrue(e.getMessage().contains("holds 2 heights but"), e.getMessage());
    }

    @Test
    void failedWriteLeavesTheOldFileIntact() throws Exception {
        Path target = tmp.resolve("keep_mHeights.pkl");
        CoursePickleFormat.writeHeights(new double[] {1.5, 2.5}, target, PickleOptions.DEFAULT);
        byte[] before = Files.readAllBytes(target);
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IllegalStateException("disk full (simulated)");
        }));
        assertArrayEquals(before, Files.readAllBytes(target));
        try (var files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp file left behind");
        }
    }

    /** Four labelled samples: int P of three groups and one real-valued P. */
    static Dataset sampleDataset() {
        GeneratorConfig cfg = new GeneratorConfig(9, Map.of(new Group(4, 2), 1, new Group(5, 3), 1,
                new Group(6, 2), 2), new EntryDistribution.Course(), 5, false);
        Dataset gen = new DatasetGenerator(1, n -> { }).generate(cfg).dataset();
        Dataset.Builder b = Dataset.builder();
        for (int i = 0; i < gen.size(); i++) {
            double[][] p = gen.p(i);
            if (i == 1) {
                p[0][0] += 0.25; // one real-valued P, written as float64
            }
            b.add(gen.id(i), gen.n(i), gen.k(i), gen.m(i), p, gen.height(i) * (i == 1 ? 1.0001 : 1.0));
        }
        return b.build();
    }
}

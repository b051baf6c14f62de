package org.mheightlab.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.cli.MHeightCli;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.data.Group;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.io.NpzArchive;

/** The multimodal .npz format, its validation, and the bundled classification dataset. */
class MultimodalDataTest {

    @TempDir
    Path tmp;

    private static Path bundled() {
        return TestData.projectDir().resolve("data/classify.npz");
    }

    @Test
    void bundledDatasetIsImbalancedSeventyThirtyInEveryGroupAndSplit() {
        MultimodalDataset d = MultimodalNpz.read(bundled());
        assertEquals(2700, d.size());
        assertEquals(List.of("columns", "group", "rows", "stats"), d.modalities().stream().map(Modality::name).toList());
        assertEquals(0.3, (double) d.positives() / d.size(), 1e-9);
        MultimodalDataset val = d.part(MultimodalDataset.VALIDATION);
        assertEquals(0.3, (double) val.positives() / val.size(), 0.01);
        // Per group: the one-hot 'group' modality says which group a sample is from.
        Modality group = d.modalities().get(1);
        for (int g = 0; g < Group.TASK_GROUPS.size(); g++) {
            int total = 0;
            int pos = 0;
            for (int i = 0; i < d.size(); i++) {
                if (group.values()[i * 9 + g] == 1f) {
                    total++;
                    pos += d.label(i);
                }
            }
            assertEquals(300, total, "group " + Group.TASK_GROUPS.get(g));
            assertEquals(90, pos, "group " + Group.TASK_GROUPS.get(g));
        }
        // Always answering the majority class gives F1 = 0, the summary's starting point.
        assertEquals(0.0, ClassMetrics.of(val.labels(), new int[val.size()], 0).f1());
    }

    @Test
    void labelsFollowTheExactHeightsOfTheSourceCodes() {
        Dataset source = DatasetFiles.read(TestData.projectDir().resolve("data/train"));
        MultimodalDataset d = HeightThresholdTask.derive(source, new HeightThresholdTask.Settings(300, 0.3, 0.2, 11));
        // aux is log2 h standardised in its group, and label 1 is exactly the top 30 % of it.
        Modality group = d.modalities().get(2);
        assertEquals("group", group.name());
        for (int g = 0; g < 9; g++) {
            double minPositive = Double.POSITIVE_INFINITY;
            double maxNegative = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < d.size(); i++) {
                if (group.values()[i * 9 + g] == 1f) {
                    if (d.label(i) == 1) {
                        minPositive = Math.min(minPositive, d.aux(i));
                    } else {
                        maxNegative = Math.max(maxNegative, d.aux(i));
                    }
                }
            }
            assertTrue(minPositive > maxNegative, "group " + g + ": " + minPositive + " vs " + maxNegative);
        }
        assertEquals(MultimodalNpz.read(bundled()).positives(), d.positives());
    }

    @Test
    void provenanceCommandRemakesTheBundledFileByteForByte() throws Exception {
        Path data = TestData.projectDir().resolve("data");
        String provenance = Files.readString(data.resolve("classify.npz.provenance.json"));
        Matcher cmd = Pattern.compile("\"command\": \"mheight (classify make-data [^\"]+)\"").matcher(provenance);
        assertTrue(cmd.find(), provenance);
        String[] args = cmd.group(1).replace("--from data/train", "--from " + data.resolve("train"))
                .replace("--out data/classify.npz", "--out " + tmp.resolve("classify.npz")).split(" ");
        assertEquals(0, MHeightCli.run(args));
        assertArrayEquals(Files.readAllBytes(bundled()), Files.readAllBytes(tmp.resolve("classify.npz")));
    }

    @Test
    void roundTripKeepsEveryArray() {
        MultimodalDataset d = MultimodalNpz.read(bundled());
        MultimodalDataset small = d.select(new int[] {0, 5, 17, 2699});
        Path f = tmp.resolve("small.npz");
        MultimodalNpz.write(small, f);
        MultimodalDataset back = MultimodalNpz.read(f);
        assertEquals(small.modalities().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList(),
                back.modalities());
        assertArrayEquals(small.labels(), back.labels());
        assertEquals(small.aux(3), back.aux(3));
        assertEquals(false, back.hasSplit());
    }

    private Path npz(String name, Consumer<NDList> fill) {
        Path f = tmp.resolve(name);
        NDList list = new NDList();
        fill.accept(list);
        NpzArchive.write(list, f);
        return f;
    }

    private static NDArray named(NDManager unused, NDArray a, String name) {
        a.setName(name);
        return a;
    }

    @Test
    void badFilesGiveErrorsNamingFileSampleAndField() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Path badLabel = npz("bad-label.npz", l -> {
                l.add(named(m, m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2)), "x_a"));
                l.add(named(m, m.create(new int[] {0, 1, 2}), "label"));
            });
            DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> MultimodalNpz.read(badLabel));
            assertTrue(e.getMessage().contains("bad-label.npz") && e.getMessage().contains("2")
                    && e.getMessage().contains("label"), e.getMessage());

            Path nan = npz("nan.npz", l -> {
                l.add(named(m, m.create(new float[] {1, 2, 3, Float.NaN, 5, 6}, new Shape(3, 2)), "x_a"));
                l.add(named(m, m.create(new int[] {0, 1, 0}), "label"));
            });
            e = assertThrows(DatasetFormatException.class, () -> MultimodalNpz.read(nan));
            assertTrue(e.getMessage().contains("nan.npz") && e.getMessage().contains("x_a")
                    && e.getMessage().contains("1"), e.getMessage());

            Path shape = npz("shape.npz", l -> {
                l.add(named(m, m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)), "x_a"));
                l.add(named(m, m.create(new int[] {0, 1, 0}), "label"));
            });
            e = assertThrows(DatasetFormatException.class, () -> MultimodalNpz.read(shape));
            assertTrue(e.getMessage().contains("x_a") && e.getMessage().contains("(2, 2)"), e.getMessage());

            Path typo = npz("typo.npz", l -> {
                l.add(named(m, m.create(new float[] {1, 2}, new Shape(2, 1)), "x_a"));
                l.add(named(m, m.create(new int[] {0, 1}), "labels"));
            });
            e = assertThrows(DatasetFormatException.class, () -> MultimodalNpz.read(typo));
            assertTrue(e.getMessage().contains("unknown array 'labels'"), e.getMessage());

            Path split = npz("split.npz", l -> {
                l.add(named(m, m.create(new float[] {1, 2}, new Shape(2, 1)), "x_a"));
                l.add(named(m, m.create(new int[] {0, 1}), "label"));
                l.add(named(m, m.create(new int[] {0, 7}), "split"));
            });
            e = assertThrows(DatasetFormatException.class, () -> MultimodalNpz.read(split));
            assertTrue(e.getMessage().contains("split") && e.getMessage().contains("7"), e.getMessage());
        }
        byte[] good = Files.readAllBytes(bundled());
        Path truncated = tmp.resolve("truncated.npz");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> MultimodalNpz.read(truncated));
        assertTrue(e.getMessage().contains("truncated.npz"), e.getMessage());
    }

    @Test
    void numpyWrittenFilesLoad() throws Exception {
        Path f = tmp.resolve("numpy.npz");
        Process p = new ProcessBuilder("python3", "-c", "import numpy as np, sys; np.savez(sys.argv[1], "
                + "x_seq=np.arange(24, dtype=np.float64).reshape(4, 3, 2), x_flat=np.ones((4, 5), np.int64), "
                + "label=np.array([True, False, False, True]), split=np.array([0, 0, 1, 1]))", f.toString())
                .inheritIO().start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "python3 with numpy is not available");
        MultimodalDataset d = MultimodalNpz.read(f);
        assertEquals(4, d.size());
        assertArrayEquals(new int[] {1, 0, 0, 1}, d.labels());
        Modality seq = d.modalities().get(1);
        assertEquals("seq", seq.name());
        assertEquals(3, seq.tokens());
        assertEquals(2, seq.width());
        assertEquals(23f, seq.values()[23]);
        assertEquals(2, d.part(MultimodalDataset.VALIDATION).size());
    }
}

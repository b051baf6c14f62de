package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.NpzFormat;

/**
 * Items 8 and 17 of issue 8 for {@code evaluate} and {@code train --data}: unlabelled data is refused naming
 * the file (it printed NaN everywhere), samples the model cannot encode and infinite training labels are
 * refused naming file, sample and field (they said "&lt;input&gt;"), and infinite labels in evaluated data are
 * counted apart instead of turning every score into Infinity.
 */
class EvaluateBadInputTest {

    @TempDir
    static Path tmp;

    static Path run;
    static Dataset labelled;

    private static final String P = "\"1 2 3 4 5;1 2 3 4 5;1 2 3 4 6;1 2 3 4 7\"";

    @BeforeAll
    static void trainOnce() {
        run = TinyRun.train(tmp.resolve("run"));
        labelled = TinyRun.testSamples(18);
    }

    private static Path write(String name, String text) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name.replaceAll("[^A-Za-z0-9.]+", "-")));
        Path f = dir.resolve(name.replaceAll("[^A-Za-z0-9.]+", "-") + ".csv");
        Files.writeString(f, text);
        return f;
    }

    @TestFactory
    Stream<DynamicTest> evaluateRefuses() {
        return Stream.of(
                DynamicTest.dynamicTest("unlabelled CSV", () -> {
                    Path f = write("unlabelled", "n,k,m,P\n9,4,2," + P + "\n9,4,3," + P + "\n");
                    BadInput.refused(f.getParent(), "evaluate", run.toString(), f.toString())
                            .mentions(f.toString(), "no heights", "predict");
                }),
                DynamicTest.dynamicTest("unlabelled npz", () -> {
                    Path dir = Files.createDirectories(tmp.resolve("npz"));
                    Path f = dir.resolve("inputs.npz");
                    NpzFormat.write(unlabelled(labelled), f);
                    BadInput.refused(dir, "evaluate", run.toString(), f.toString()).mentions(f.toString(), "no heights");
                }),
                DynamicTest.dynamicTest("k the model cannot encode", () -> {
                    Path f = write("k3", "n,k,m,height,P\n9,4,2,3.5," + P
                            + "\n9,3,2,4.0,\"1 2 3 4 5 6;1 2 3 4 5 7;1 2 3 4 6 8\"\n");
                    BadInput.refused(f.getParent(), "evaluate", run.toString(), f.toString())
                            .mentions(f.toString(), "sample 1", "field 'k'", "does not fit");
                }),
                DynamicTest.dynamicTest("m the model cannot encode", () -> {
                    Path f = write("m6", "n,k,m,height,P\n9,4,6,3.5," + P + "\n");
                    BadInput.refused(f.getParent(), "evaluate", run.toString(), f.toString())
                            .mentions(f.toString(), "sample 0", "field 'm'", "m ≤ 5");
                }),
                DynamicTest.dynamicTest("n = 10 code (fits the padding, but the model knows n = 9 only)", () -> {
                    Path f = write("n10", "n,k,m,height,P\n9,4,2,3.5," + P
                            + "\n10,5,2,4.0,\"1 2 3 4 5;1 2 3 4 6;1 2 3 4 7;1 2 3 4 8;1 2 3 5 9\"\n");
                    BadInput.refused(f.getParent(), "evaluate", run.toString(), f.toString())
                            .mentions(f.toString(), "sample 1", "field 'n'", "n = 9");
                }),
                DynamicTest.dynamicTest("n = 10 code through predict", () -> {
                    Path f = write("n10-predict", "n,k,m,P\n9,4,2," + P
                            + "\n10,5,2,\"1 2 3 4 5;1 2 3 4 6;1 2 3 4 7;1 2 3 4 8;1 2 3 5 9\"\n");
                    BadInput.refused(f.getParent(), "predict", run.toString(), f.toString(), "--out",
                            f.getParent().resolve("predictions.pkl").toString())
                            .mentions(f.toString(), "sample 1", "field 'n'");
                }),
                DynamicTest.dynamicTest("header only", () -> {
                    Path f = write("header-only", "n,k,m,height,P\n");
                    BadInput.refused(f.getParent(), "evaluate", run.toString(), f.toString())
                            .mentions(f.toString(), "no samples");
                }));
    }

    /** The inputs of a dataset without its heights (a prediction input). */
    private static Dataset unlabelled(Dataset d) {
        Dataset.Builder b = Dataset.builder();
        for (int i = 0; i < d.size(); i++) {
            b.add(d.id(i), d.n(i), d.k(i), d.m(i), d.p(i), Double.NaN);
        }
        return b.buildUnlabelled();
    }

    @TestFactory
    Stream<DynamicTest> trainRefusesDataNamingFileSampleField() {
        String test = TinyRun.csv(labelled, tmp.resolve("train-test.csv")).toString();
        return Stream.of(
                DynamicTest.dynamicTest("unlabelled training CSV", () -> {
                    Path f = write("train-unlabelled", "n,k,m,P\n9,4,2," + P + "\n");
                    BadInput.refused(f.getParent(), "train", "--run", "run1", "--epochs", "1", "--data", f.toString(),
                            "--test", test, "--out", f.getParent().resolve("out").toString())
                            .mentions(f.toString(), "no heights").doesNotMention("<input>");
                }),
                DynamicTest.dynamicTest("infinite training label", () -> {
                    Path f = write("train-inf", "n,k,m,height,P\n9,4,2,3.5," + P + "\n9,4,2,inf," + P + "\n");
                    BadInput.refused(f.getParent(), "train", "--run", "run1", "--epochs", "1", "--data", f.toString(),
                            "--test", test, "--out", f.getParent().resolve("out").toString())
                            .mentions(f.toString(), "sample 1", "field 'height'", "infinite");
                }),
                DynamicTest.dynamicTest("training sample the model cannot encode", () -> {
                    Path f = write("train-m6", "n,k,m,height,P\n9,4,2,3.5," + P + "\n9,4,6,2.5," + P + "\n");
                    BadInput.refused(f.getParent(), "train", "--run", "run1", "--epochs", "1", "--data", f.toString(),
                            "--test", test, "--out", f.getParent().resolve("out").toString())
                            .mentions(f.toString(), "sample 1", "field 'm'");
                }),
                DynamicTest.dynamicTest("unlabelled test CSV", () -> {
                    Path f = write("test-unlabelled", "n,k,m,P\n9,4,2," + P + "\n");
                    BadInput.refused(f.getParent(), "train", "--run", "run1", "--epochs", "1", "--data", test,
                            "--test", f.toString(), "--out", f.getParent().resolve("out").toString())
                            .mentions(f.toString(), "no heights");
                }));
    }

    private static double overall(String out) {
        Matcher m = Pattern.compile("(?m)^overall\\s+(\\d+)\\s+(\\S+)$").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(2));
    }

    /** Infinite labels: counted, left out of the log2-MSE, which equals the score of the finite samples alone. */
    @Test
    void infiniteLabelsAreCountedApart() throws Exception {
        double[] h = labelled.heights();
        h[0] = Double.POSITIVE_INFINITY;
        h[5] = Double.POSITIVE_INFINITY;
        h[11] = Double.POSITIVE_INFINITY;
        Path withInf = TinyRun.csv(labelled.withHeights(h), tmp.resolve("with-inf.csv"));
        int[] finite = java.util.stream.IntStream.range(0, labelled.size()).filter(i -> i != 0 && i != 5 && i != 11)
                .toArray();
        Path finiteOnly = TinyRun.csv(labelled.subset(finite), tmp.resolve("finite-only.csv"));

        String out = BadInput.accepted("evaluate", run.toString(), withInf.toString()).out();
        assertTrue(out.contains("infinite labels: 3 of 18 samples, left out of the log2-MSE"), out);
        assertTrue(out.contains("predicted very large (log2 ĥ above the largest finite log2 label"), out);
        assertFalse(out.contains("Infinity") || out.contains("NaN"), out);
        String reference = BadInput.accepted("evaluate", run.toString(), finiteOnly.toString()).out();
        assertFalse(reference.contains("infinite labels"), reference);
        assertEquals(overall(reference), overall(out), 0.0);
        assertTrue(out.matches("(?s).*\\noverall\\s+15\\s.*"), out);
    }
}

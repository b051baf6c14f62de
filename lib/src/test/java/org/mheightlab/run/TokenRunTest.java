package org.mheightlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.badinput.BadInput;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.CoursePickleFormat;
import org.mheightlab.data.io.CsvFormat;
import org.mheightlab.data.io.DatasetFiles;

/**
 * Run 8's pipeline end to end through the CLI on small settings: generated codes labelled and cached, one token
 * model per k, the run folder with both baselines, evaluate and predict on it, and ∞ from the rank test.
 */
class TokenRunTest {

    @TempDir
    static Path tmp;

    static Path run;
    static String trainLog;

    @BeforeAll
    static void trainOnce() {
        Path data = TestData.projectDir().resolve("data");
        run = tmp.resolve("runs/run8");
        BadInput.Outcome r = BadInput.accepted("train", "--run", "run8", "--epochs", "2", "--limit-per-group", "60",
                "--data", data.resolve("train").toString(), "--test", data.resolve("test").toString(),
                "--out", run.toString());
        trainLog = r.out();
    }

    @Test
    void runFolderHoldsOneModelPerKAndBothBaselines() throws Exception {
        for (String k : List.of("k4", "k5", "k6")) {
            assertTrue(Files.exists(run.resolve("model/" + k + "-0000.params")), k);
            // Every model kind keeps its best epoch on disk while it trains (the token trainer used to drop it).
            assertTrue(Files.size(run.resolve("model/" + k + "-best-checkpoint.params")) > 0, k);
        }
        String table = Files.readString(run.resolve("per_group_performance.txt"));
        assertTrue(table.contains("group-mean") && table.contains("ridge"), table);
        for (String g : List.of("(4,2)", "(4,5)", "(5,4)", "(6,3)")) {
            assertTrue(table.contains(g), table);
        }
        String provenance = Files.readString(run.resolve("provenance.json"));
        assertTrue(provenance.contains("\"generated\"") && provenance.contains("\"reusedCache\": false")
                && provenance.contains("\"split\": \"by-code\""), provenance);
        // The code-level leak check ran and is recorded like the row-level one: a split by code leaks nothing.
        assertTrue(provenance.contains("\"leakingValidationSamples\": 0"), provenance);
        String history = Files.readString(run.resolve("history.csv"));
        assertTrue(history.contains("\nk4,0,") && history.contains("\nk6,1,"), history);
        assertTrue(trainLog.contains("labelled (every m) by the exact engine"), trainLog);
    }

    @Test
    void secondRunWithTheSameSpecReadsTheCache() {
        Path data = TestData.projectDir().resolve("data");
        BadInput.Outcome r = BadInput.accepted("train", "--run", "run8", "--epochs", "1", "--limit-per-group", "60",
                "--data", data.resolve("train").toString(), "--test", data.resolve("test").toString(),
                "--out", tmp.resolve("runs/run8-again").toString());
        assertTrue(r.out().contains("read from the cache"), r.out());
        assertFalse(r.out().contains("labelled (every m)"), r.out());
    }

    @Test
    void evaluateAndPredictUseTheTokenModels() throws Exception {
        Path test = TestData.projectDir().resolve("data/test");
        BadInput.Outcome e = BadInput.accepted("evaluate", run.toString(), test.toString());
        assertTrue(e.out().matches("(?s).*\\noverall\\s+4500\\s+\\d+\\.\\d+.*"), e.out());

        // A (4,5) code whose columns e1 and p1 are parallel: four columns of rank 3, so h_5 = ∞ exactly.
        double[][] infinite = {{1, 2, 3, 4, 5}, {0, 1, -2, 7, 1}, {0, 3, 2, 1, 9}, {0, -5, 6, 1, 2}};
        Dataset some = DatasetFiles.read(test).subset(new int[] {0, 600, 2000, 4000});
        Dataset.Builder b = Dataset.builder();
        for (int i = 0; i < some.size(); i++) {
            b.add(null, 9, some.k(i), some.m(i), some.p(i), Double.NaN);
        }
        b.add(null, 9, 4, 5, infinite, Double.NaN);
        b.add(null, 9, 4, 4, infinite, Double.NaN);
        assertTrue(new ExactHeightCalculator().isInfinite(infinite, 5));
        assertFalse(new ExactHeightCalculator().isInfinite(infinite, 4));
        Path csv = tmp.resolve("inputs.csv");
        CsvFormat.write(b.buildUnlabelled(), csv);
        Path out = tmp.resolve("predictions.pkl");
        BadInput.accepted("predict", run.toString(), csv.toString(), "--out", out.toString());
        double[] h = CoursePickleFormat.readHeights(out);
        assertEquals(6, h.length);
        for (int i = 0; i < 4; i++) {
            assertTrue(Double.isFinite(h[i]) && h[i] >= 1, "sample " + i + ": " + h[i]);
        }
        assertEquals(Double.POSITIVE_INFINITY, h[4], "the rank test answers the infinite height");
        assertTrue(Double.isFinite(h[5]), "h_4 of that code is finite, so the model answers it");
    }

    @Test
    void trainedModelLoadsTheTokenRunAndAgreesWithItsPredictions() throws Exception {
        assertTrue(RunFolder.open(run).definition().model() instanceof org.mheightlab.model.MinorTokenModel);
        try (org.mheightlab.model.HeightModel m = RunFolder.open(run).models()) {
            Dataset test = DatasetFiles.read(TestData.projectDir().resolve("data/test")).subset(new int[] {5, 1005});
            double[] a = m.predictLog2(test);
            double[] b = m.predictLog2(test);
            assertEquals(a[0], b[0], 0.0);
            assertTrue(a[0] >= 0 && a[1] >= 0);
        }
    }
}

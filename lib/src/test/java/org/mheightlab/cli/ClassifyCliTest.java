package org.mheightlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;

/** {@code mheight classify}: the summary's flags, its outputs, and clear errors for bad flags and data. */
class ClassifyCliTest {

    @TempDir
    Path tmp;

    private static String data() {
        return TestData.projectDir().resolve("data/classify.npz").toString();
    }

    @Test
    void trainWithTheSummarysFlagsWritesBestOnlyCheckpointsAndReportsF1() throws Exception {
        Path dir = tmp.resolve("ckpt");
        Object[] r = CliTest.run("classify", "train", "--data", data(), "--epochs", "2", "--train-steps", "3",
                "--batch", "32", "--weighted-sampler", "--class-weighted", "--use-focal", "--checkpoint-dir",
                dir.toString(), "--save-best-only");
        assertEquals(0, r[0], (String) r[2]);
        String out = (String) r[1];
        assertTrue(out.contains("weightedSampler=true, classWeighted=true, focal=true"), out);
        assertTrue(out.contains("epoch   1") && out.contains("F1") && out.contains("best epoch"), out);
        assertTrue(Files.isRegularFile(dir.resolve("best.params")));
        assertTrue(Files.isRegularFile(dir.resolve("classifier.json")));
        assertEquals(3, Files.readAllLines(dir.resolve("history.csv")).size());
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("epoch-")));
        }
    }

    @Test
    void badFlagsAndDataGiveClearErrors() throws Exception {
        Object[] r = CliTest.run("classify", "train", "--data", data(), "--d-model", "30", "--nhead", "4");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("nhead (4) must divide d_model (30)"), (String) r[2]);

        r = CliTest.run("classify", "train", "--data", tmp.resolve("missing.npz").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("missing.npz") && ((String) r[2]).contains("not found"), (String) r[2]);

        r = CliTest.run("classify", "train", "--data", data(), "--batch", "0");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--batch must be a whole number in [1, 65536], got 0"), (String) r[2]);

        r = CliTest.run("classify", "train", "--data", data(), "--scheduler", "sometimes");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("unknown schedule 'sometimes'"), (String) r[2]);

        r = CliTest.run("classify", "train", "--data", data(), "--pretrained-ckpt", tmp.toString(), "--epochs", "1",
                "--train-steps", "1");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--pretrained-ckpt") && ((String) r[2]).contains("encoder.params"),
                (String) r[2]);

        r = CliTest.run("classify", "make-data", "--from", TestData.projectDir().resolve("data/test").toString(),
                "--out", tmp.resolve("x.csv").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--out must name a .npz file"), (String) r[2]);

        r = CliTest.run("classify", "make-data", "--from", TestData.projectDir().resolve("data/test").toString(),
                "--out", tmp.resolve("x.npz").toString(), "--per-group", "501");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("has 500 samples, fewer than --per-group 501"), (String) r[2]);
        assertFalse(Files.exists(tmp.resolve("x.npz")));
    }
}

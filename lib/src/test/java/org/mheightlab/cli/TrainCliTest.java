package org.mheightlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.badinput.BadInput;
import org.mheightlab.data.io.CoursePickleFormat;

/** mheight train, evaluate and predict as a user runs them. */
class TrainCliTest {

    @TempDir
    Path tmp;

    /** {exit code, stdout, stderr}, captured by the one CLI capture of the tests ({@link BadInput#runCli}). */
    private static String[] run(String... args) {
        BadInput.Outcome o = BadInput.runCli(args);
        return new String[] {String.valueOf(o.exitCode()), o.out(), o.err()};
    }

    @Test
    void trainEvaluatePredict() throws Exception {
        Path data = TestData.projectDir().resolve("data");
        Path runDir = tmp.resolve("run7");
        String[] r = run("train", "--run", "run7", "--epochs", "2", "--limit-per-group", "30",
                "--data", data.resolve("train").toString(), "--test", data.resolve("test").toString(),
                "--out", runDir.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("epoch 1 train"), r[1]);
        assertTrue(r[1].contains("balanced") && r[1].contains("(6,3)"), r[1]);
        assertTrue(Files.exists(runDir.resolve("per_group_performance.txt")));

        r = run("evaluate", runDir.toString(), data.resolve("test").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("4500") && r[1].contains("hard"), r[1]);

        Path preds = tmp.resolve("preds.pkl");
        r = run("predict", runDir.toString(), data.resolve("test_n_k_m_P.pkl").toString(), "--out", preds.toString());
        assertEquals("0", r[0], r[2]);
        double[] h = CoursePickleFormat.readHeights(preds);
        assertEquals(4500, h.length);
        for (double v : h) {
            assertTrue(v >= 1.0 && Double.isFinite(v));
        }

        r = run("train", "--run", "run7", "--epochs", "1", "--limit-per-group", "30", "--compare", runDir.toString(),
                "--data", data.resolve("train").toString(), "--test", data.resolve("test").toString(),
                "--out", tmp.resolve("again").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.readString(tmp.resolve("again/per_group_performance.txt")).contains("vs run7"));
    }

    @Test
    void badTrainInputsAreClearErrors() {
        String[] r = run("train", "--run", "run42");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no run definition 'run42'"), r[2]);
        r = run("evaluate", tmp.toString(), "data/test");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("is not a run folder"), r[2]);
    }
}

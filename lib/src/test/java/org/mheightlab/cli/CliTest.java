package org.mheightlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.badinput.BadInput;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.CoursePickleFormat;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.io.PickleOptions;

class CliTest {

    @TempDir
    Path tmp;

    /** Runs the CLI through the tests' one capture ({@link BadInput#runCli}); returns {exit code, stdout, stderr}. */
    static Object[] run(String... args) {
        BadInput.Outcome o = BadInput.runCli(args);
        return new Object[] {o.exitCode(), o.out(), o.err()};
    }

    @Test
    void heightPrintsOneValueOrTheProfile() {
        Object[] r = run("height", "-m", "2", "1 2 3 4 5; -1 0 2 7 1; 3 3 -2 1 0; 4 -5 6 1 2");
        assertEquals(0, r[0]);
        assertEquals(13.982456140350877, Double.parseDouble(((String) r[1]).strip()), 1e-12);
        r = run("height", "2 3");
        assertTrue(((String) r[1]).contains("h_1 = 1.5") && ((String) r[1]).contains("h_2 = 3.0"), (String) r[1]);
        r = run("height", "-m", "9", "2 3");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("m must be in [1, 2]"), (String) r[2]);
        r = run("height", "1 x");
        assertEquals(2, r[0]);
    }

    @Test
    void generateVerifyConvertRoundTrip() throws Exception {
        Path prefix = tmp.resolve("g");
        Object[] r = run("generate", "--out", prefix.toString(), "--count", "20", "--seed", "5", "--threads", "2");
        assertEquals(0, r[0], (String) r[2]);
        Path inputs = tmp.resolve("g_n_k_m_P.pkl");
        assertTrue(Files.exists(inputs) && Files.exists(tmp.resolve("g_mHeights.pkl")));
        String provenance = Files.readString(tmp.resolve("g_n_k_m_P.pkl.provenance.json"));
        assertTrue(provenance.contains("\"seed\": 5") && provenance.contains("\"distribution\": \"course\"")
                && provenance.contains("sha256"), provenance);

        r = run("verify", inputs.toString());
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("180 of 180 labels match"), (String) r[1]);

        r = run("convert", inputs.toString(), tmp.resolve("g.csv").toString());
        assertEquals(0, r[0], (String) r[2]);
        r = run("convert", tmp.resolve("g.csv").toString(), tmp.resolve("g.npz").toString());
        assertEquals(0, r[0], (String) r[2]);
        Dataset a = DatasetFiles.read(inputs);
        Dataset b = DatasetFiles.read(tmp.resolve("g.npz"));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.height(i), b.height(i));
        }
    }

    @Test
    void verifyFailsOnAWrongLabelAndNamesIt() {
        Path prefix = tmp.resolve("w");
        assertEquals(0, run("generate", "--out", prefix.toString(), "--group", "5,3=30", "--seed", "2")[0]);
        Path heights = tmp.resolve("w_mHeights.pkl");
        double[] hs = CoursePickleFormat.readHeights(heights);
        hs[7] *= 1.01;
        CoursePickleFormat.writeHeights(hs, heights, PickleOptions.DEFAULT);
        Object[] r = run("verify", prefix.toString());
        assertEquals(1, r[0]);
        assertTrue(((String) r[1]).contains("29 of 30 labels match"), (String) r[1]);
        assertTrue(((String) r[1]).contains("mismatch: sample 7 (5,3)"), (String) r[1]);
    }

    @Test
    void badInputGivesExitCodeTwoAndAClearMessage() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "n,k,m,height,P\n9,4,2,-3,\"1 2 3 4 5;1 2 3 4 5;1 2 3 4 5;1 2 3 4 5\"\n");
        Object[] r = run("verify", csv.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains(csv + ": sample 0, field 'height'"), (String) r[2]);
        r = run("verify", tmp.resolve("missing.csv").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("file not found"), (String) r[2]);
        r = run("generate", "--out", tmp.resolve("x").toString(), "--dist", "poisson:2");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("unknown distribution"), (String) r[2]);
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"height", "generate", "verify", "convert"}) {
            Object[] r = run(cmd, "--help");
            assertEquals(0, r[0]);
            assertTrue(((String) r[1]).contains("Usage: mheight " + cmd), (String) r[1]);
        }
    }
}

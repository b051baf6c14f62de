package org.mheightlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mheightlab.TestData;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.model.Ensemble;
import org.mheightlab.report.RunMetrics;

/**
 * The trained Run 9 that ships in the repository ({@code docs/run9}, the recorded run folder with its parameter
 * files) predicts on a fresh clone without training, and reproduces the test figures its recording states: every
 * group's test log2-MSE, from predicting the bundled test set again, equal to metrics.json's to 1e-9 (the same
 * engine, the same batches: the same floats). Retraining replaces it with
 * {@code ./mheight train --run run9 --out docs/run9 --overwrite}, and this test then checks the new one.
 */
class ShippedModelTest {

    @Test
    void theShippedRun9ReproducesItsRecordedTestFigures() {
        Path dir = TestData.projectDir().resolve("docs/run9");
        RunFolder folder = RunFolder.open(dir);
        assertEquals("run9", folder.definition().name());
        assertTrue(Files.isDirectory(dir.resolve("model")), "docs/run9 ships its parameter files");
        RunMetrics.Scores recorded = folder.metrics().splits().get("test");
        Dataset test = DatasetFiles.read(TestData.projectDir().resolve("data/test"));
        double[] predicted;
        try (Ensemble models = folder.models()) {
            predicted = models.predictLog2(test);
        }
        Log2MseReport again = RunRunner.score(test, predicted);
        assertEquals(recorded.samples(), again.samples());
        assertEquals(recorded.overall(), again.overall(), 1e-9, "overall test log2-MSE");
        for (Group g : Group.TASK_GROUPS) {
            assertEquals(recorded.groups().get(g.k() + "," + g.m()), again.byGroup().get(g).log2Mse(), 1e-9,
                    "(" + g + ") test log2-MSE");
        }
    }
}

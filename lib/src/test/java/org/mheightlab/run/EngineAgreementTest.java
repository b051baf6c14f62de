package org.mheightlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mheightlab.TestData;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.model.Ensemble;
import org.mheightlab.report.RunMetrics;
import org.junit.jupiter.api.Test;

/**
 * Both engines train and predict the same small Run 9, and agree. Stated tolerances:
 * <ul>
 *   <li><b>the same model, either engine</b>: a run folder trained on one engine, loaded on the other, predicts
 *   every test sample's log2 ĥ within {@value #SAME_MODEL} of its own engine's prediction (only rounding
 *   differs);</li>
 *   <li><b>training on either engine</b>: the two runs start from the same weights (Run 9 draws them in Java from
 *   its seed) and see the same batches, but a hundred optimiser steps amplify the engines' different rounding
 *   (and their AdamW kernels), so they agree as two seeds of one run do: overall test log2-MSE within
 *   {@value #OVERALL_RELATIVE} relative of each other, every group within {@value #GROUP_ABSOLUTE} +
 *   {@value #GROUP_RELATIVE} relative.</li>
 * </ul>
 */
class EngineAgreementTest {

    static final double SAME_MODEL = 1e-3;
    static final double OVERALL_RELATIVE = 0.25;
    static final double GROUP_ABSOLUTE = 0.1;
    static final double GROUP_RELATIVE = 0.3;

    @Test
    void mxnetAndPytorchTrainAndPredictTheSameSmallRun9() throws Exception {
        Path root = Files.createTempDirectory("mh-engines");
        RunMetrics[] metrics = new RunMetrics[2];
        Dataset test = DatasetFiles.read(TestData.projectDir().resolve("data/test"));
        String[] engines = {"mxnet", "pytorch"};
        double sameModel = 0;
        for (int e = 0; e < 2; e++) {
            RunOverrides small = RunOverrides.parse(Map.of("epochs", "3", "limitPerGroup", "300",
                    "generatedPerK", "1000", "engine", engines[e], "reason", "engine agreement test"));
            Path out = root.resolve(engines[e]);
            RunRunner.Outcome outcome = RunRunner.run(small.applyTo(RunDefinition.load("run9")),
                    new RunRunner.Options(TestData.projectDir(), out, null, l -> { }, r -> { }).withOverrides(small));
            metrics[e] = outcome.metrics();
            RunFolder folder = RunFolder.open(out);
            assertEquals(engines[e], folder.definition().training().engine());
            assertTrue(folder.provenance().get("engine").getAsString().toLowerCase().startsWith(engines[e]),
                    folder.provenance().toString());
            double[] own;
            double[] other;
            try (Ensemble models = folder.models()) {
                own = models.predictLog2(test);
            }
            try (Ensemble models = folder.models(engines[1 - e])) {
                other = models.predictLog2(test);
            }
            for (int i = 0; i < test.size(); i++) {
                sameModel = Math.max(sameModel, Math.abs(own[i] - other[i]));
            }
        }
        assertTrue(sameModel <= SAME_MODEL, "one model's predictions on the two engines differ by up to " + sameModel);
        double a = metrics[0].splits().get("test").overall();
        double b = metrics[1].splits().get("test").overall();
        assertTrue(Math.abs(a - b) <= OVERALL_RELATIVE * Math.max(a, b), "overall test log2-MSE: mxnet " + a
                + ", pytorch " + b);
        for (Group g : Group.TASK_GROUPS) {
            double ga = metrics[0].splits().get("test").groups().get(g.k() + "," + g.m());
            double gb = metrics[1].splits().get("test").groups().get(g.k() + "," + g.m());
            assertTrue(Math.abs(ga - gb) <= GROUP_ABSOLUTE + GROUP_RELATIVE * Math.max(ga, gb),
                    "(" + g + ") test log2-MSE: mxnet " + ga + ", pytorch " + gb);
        }
        System.out.printf("engines agree: one model on both engines within %.1e; trained on each, overall test "
                + "log2-MSE mxnet %.4f, pytorch %.4f%n", sameModel, a, b);
    }
}

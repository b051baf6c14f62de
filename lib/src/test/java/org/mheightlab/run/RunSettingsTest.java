package org.mheightlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.mheightlab.TestData;
import tech.tablesaw.api.Table;

/**
 * The settings table a notebook shows for a run: architecture, loss, schedule, augmentation and data sizes, read
 * from a real run folder (trained here on the bundled data with a tiny budget) and from every bundled definition.
 */
class RunSettingsTest {

    @TempDir
    Path tmp;

    private static RunDefinition tiny(String name) {
        Path data = TestData.projectDir().resolve("data");
        RunDefinition def = RunDefinition.load(name);
        return def.withData(def.data().withFiles(data.resolve("train").toString(), data.resolve("test").toString())
                .withLimitPerGroup(20)).withTraining(def.training().withMaxEpochs(2));
    }

    private Path train(String name) {
        return RunRunner.run(tiny(name), new RunRunner.Options(TestData.projectDir(), tmp.resolve("runs/" + name), null,
                line -> { }, r -> { })).folder();
    }

    /** The value of the row (aspect, setting); fails naming the table when it is missing. */
    private static String value(Table t, String aspect, String setting) {
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("aspect").get(i).equals(aspect) && t.stringColumn("setting").get(i).equals(setting)) {
                return t.stringColumn("this recording").get(i);
            }
        }
        throw new AssertionError("no row " + aspect + " / " + setting + " in\n" + t.printAll());
    }

    @Test
    void aTrainedRawRunShowsArchitectureLossScheduleAugmentationAndDataSizes() {
        Path folder = train("run7");
        Table t = RunSettings.table(folder);
        assertEquals(List.of("aspect", "setting", "write-up", "run definition", "this recording", "source"),
                t.columnNames());
        assertTrue(value(t, RunSettings.ARCHITECTURE, "network").contains("residual blocks 1024→512→256→128"),
                t.printAll());
        assertEquals("[1024, 512, 256, 128]", value(t, RunSettings.ARCHITECTURE, "model.widths"));
        assertTrue(value(t, RunSettings.ARCHITECTURE, "parameters").matches("[0-9,]+"), t.printAll());
        String loss = value(t, RunSettings.LOSS, "loss");
        assertTrue(loss.contains("log2-MSE") && loss.contains("tier weights easy 3.0, medium 1.5, hard 1.0")
                && loss.contains("L2 1.0E-4"), loss);
        assertEquals("3.0", value(t, RunSettings.LOSS, "training.groupWeights.tiers.easy"));
        assertEquals("exponential:0.95+plateau:15:0.7:1.0E-6", value(t, RunSettings.SCHEDULE, "training.schedule"));
        assertTrue(value(t, RunSettings.SCHEDULE, "optimiser").contains("AdamW lr 0.001"));
        assertEquals("2", value(t, RunSettings.STOPPING, "training.maxEpochs"), "the run as run, with its overrides");
        assertEquals("noise:0.05", value(t, RunSettings.AUGMENTATION, "augmentation[0].type"));
        assertEquals("3", value(t, RunSettings.AUGMENTATION, "augmentation[0].copies"));
        assertEquals("[hard]", value(t, RunSettings.AUGMENTATION, "augmentation[0].groups"));
        assertEquals("[easy]", value(t, RunSettings.AUGMENTATION, "augmentation[2].groups"));
        assertEquals("split-then-augment", value(t, RunSettings.AUGMENTATION, "order"));
        assertTrue(value(t, RunSettings.AUGMENTATION, "leaking validation samples").startsWith("0 "));
        assertEquals("20", value(t, RunSettings.DATA, "data.limitPerGroup"));
        // 9 groups × 20 = 180 rows, 15 % to validation; the test set is limited the same way.
        assertEquals("180 samples", value(t, RunSettings.DATA_SIZES, "test"));
        String training = value(t, RunSettings.DATA_SIZES, "training");
        String validation = value(t, RunSettings.DATA_SIZES, "validation");
        int trainN = Integer.parseInt(training.split(" ")[0]);
        assertEquals(180, trainN + Integer.parseInt(validation.split(" ")[0]), training + " / " + validation);
        // 3 / 2 / 1 noise copies of every hard / medium / easy training original: between 2 and 4 samples each.
        String perEpoch = value(t, RunSettings.DATA_SIZES, "trained on per epoch");
        int seen = Integer.parseInt(perEpoch.split(" ")[0].replace(",", ""));
        assertTrue(seen > 2 * trainN && seen < 4 * trainN && perEpoch.contains(" samples"), perEpoch);
        assertTrue(value(t, RunSettings.OUTCOME, "member 0").startsWith("2 epochs, best epoch"), t.printAll());
        for (String aspect : RunSettings.ASPECTS) {
            if (!aspect.equals(RunSettings.OTHER)) {
                assertTrue(t.stringColumn("aspect").contains(aspect), aspect + " in\n" + t.printAll());
            }
        }
        assertFalse(t.stringColumn("aspect").contains(RunSettings.OTHER), "every key has its aspect:\n" + t.printAll());
    }

    @Test
    void aTrainedTokenRunShowsItsModelPerKAndTheGeneratedCodes() {
        Path folder = train("run8");
        Table t = RunSettings.table(folder);
        assertTrue(value(t, RunSettings.ARCHITECTURE, "network").startsWith("TokenHeightNet, one per k"), t.printAll());
        assertEquals("[64, 64]", value(t, RunSettings.ARCHITECTURE, "model.tokenWidths"));
        assertEquals("minor-tokens", value(t, RunSettings.ARCHITECTURE, "model.kind"));
        assertTrue(value(t, RunSettings.ARCHITECTURE, "parameters").startsWith("k4 "), t.printAll());
        assertTrue(value(t, RunSettings.LOSS, "loss").contains("every labelled (code, m)"));
        assertEquals("cosine-restarts:12:1:1.0E-5", value(t, RunSettings.SCHEDULE, "training.schedule"),
                "the schedule as the run held it (runs/run8.json writes 0.00001)");
        assertEquals("[]", value(t, RunSettings.AUGMENTATION, "augmentation"));
        assertEquals("25000", value(t, RunSettings.DATA, "data.generated.perK.4"), "the definition's count");
        assertTrue(value(t, RunSettings.DATA_SIZES, "generated codes (labelled)").startsWith("k4 20 codes"),
                "limitPerGroup caps the generated codes: " + t.printAll());
        assertTrue(value(t, RunSettings.DATA_SIZES, "test").endsWith("(code, m) rows"), t.printAll());
        assertTrue(value(t, RunSettings.DATA_SIZES, "trained on per epoch").startsWith("k4 "), t.printAll());
        assertTrue(value(t, RunSettings.OUTCOME, "member k6").startsWith("2 epochs"), t.printAll());
        assertFalse(t.stringColumn("aspect").contains(RunSettings.OTHER), t.printAll());
    }

    @Test
    void aCurriculumRunAndALeakyRunSayWhatTheirSizesMean() {
        Table run4 = RunSettings.table(train("run4"));
        assertTrue(value(run4, RunSettings.DATA_SIZES, "trained on per epoch").endsWith("less the tiers the curriculum "
                + "has not admitted yet)"), run4.printAll());
        Table run6 = RunSettings.table(train("run6"));
        assertEquals("augment-then-split", value(run6, RunSettings.AUGMENTATION, "order"));
        String leaking = value(run6, RunSettings.AUGMENTATION, "leaking validation samples");
        assertTrue(Integer.parseInt(leaking.split(" ")[0]) > 0, leaking);
        assertTrue(value(run6, RunSettings.DATA_SIZES, "validation").contains("augmented copies included"),
                run6.printAll());
    }

    static java.util.List<String> bundledRuns() {
        return RunDefinition.BUNDLED;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("bundledRuns")
    void everyBundledDefinitionHasEachAspect(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("run.json"), RunDefinition.load(name).toJson());
        Table t = RunSettings.table(dir);
        for (String aspect : List.of(RunSettings.RUN, RunSettings.ARCHITECTURE, RunSettings.LOSS, RunSettings.SCHEDULE,
                RunSettings.STOPPING, RunSettings.AUGMENTATION, RunSettings.DATA)) {
            assertTrue(t.stringColumn("aspect").contains(aspect), name + ": " + aspect + " in\n" + t.printAll());
        }
        assertFalse(t.stringColumn("aspect").contains(RunSettings.OTHER), name + ":\n" + t.printAll());
        assertEquals(name, value(t, RunSettings.RUN, "name"));
        assertFalse(value(t, RunSettings.ARCHITECTURE, "network").contains("null"), t.printAll());
        assertFalse(value(t, RunSettings.LOSS, "loss").contains("null"), t.printAll());
    }

    @Test
    void summariesFollowTheDefinition(@TempDir Path dir) throws IOException {
        Path run4 = Files.createDirectories(dir.resolve("run4"));
        Files.writeString(run4.resolve("run.json"), RunDefinition.load("run4").toJson());
        Table t = RunSettings.table(run4);
        assertTrue(value(t, RunSettings.LOSS, "loss").contains("curriculum epoch 0 easy, epoch 31 easy+medium, "
                + "epoch 61 easy+medium+hard (with a hard-tier ramp)"), t.printAll());
        assertEquals("2.0", value(t, RunSettings.LOSS, "training.curriculum.phases[2].hardRamp.base"));
        Path run3 = Files.createDirectories(dir.resolve("run3"));
        Files.writeString(run3.resolve("run.json"), RunDefinition.load("run3").toJson());
        String network = value(RunSettings.table(run3), RunSettings.ARCHITECTURE, "network");
        assertTrue(network.contains("8 and 16-head attention paths") && network.contains("4-expert mixture head"),
                network);
        Path run1 = Files.createDirectories(dir.resolve("run1"));
        Files.writeString(run1.resolve("run.json"), RunDefinition.load("run1").toJson());
        Table t1 = RunSettings.table(run1);
        assertTrue(value(t1, RunSettings.LOSS, "loss").endsWith("with weights: all 1"), t1.printAll());
        assertTrue(value(t1, RunSettings.ARCHITECTURE, "network").contains("k/m embeddings 32, 8-head self-attention"),
                t1.printAll());
        assertEquals("[]", value(t1, RunSettings.AUGMENTATION, "augmentation"));
    }
}

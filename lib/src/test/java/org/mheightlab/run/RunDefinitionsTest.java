package org.mheightlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.mheightlab.TestData;
import org.mheightlab.augment.LeakageGuard;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.model.HeightModel;
import org.mheightlab.report.RunMetrics;
import org.mheightlab.train.EpochRecord;

/** Every bundled run definition trains end to end on the bundled data with a small budget. */
class RunDefinitionsTest {

    @TempDir
    Path tmp;

    static RunDefinition small(String name, int epochs) {
        RunDefinition def = RunDefinition.load(name);
        RunDefinition.DataSpec d = def.data();
        return def.withData(d.withValidationFraction(0.2).withLimitPerGroup(40))
                .withTraining(def.training().withMaxEpochs(epochs));
    }

    static RunRunner.Options options(Path out, List<EpochRecord> epochs) {
        return new RunRunner.Options(TestData.projectDir(), out, null, line -> { }, epochs::add);
    }

    /** The bundled runs on rows of P (the token run trains in TokenRunTest). */
    static List<String> rawRuns() {
        return RunDefinition.BUNDLED.stream()
                .filter(r -> !(RunDefinition.load(r).model() instanceof org.mheightlab.model.MinorTokenModel)).toList();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("rawRuns")
    void trainsEndToEndAndWritesARunFolder(String name) throws Exception {
        List<EpochRecord> epochs = new ArrayList<>();
        RunRunner.Outcome outcome = RunRunner.run(small(name, 4), options(tmp.resolve(name), epochs));
        assertTrue(epochs.size() >= 2, "at least two epochs ran");
        assertTrue(epochs.get(epochs.size() - 1).trainLoss() < epochs.get(0).trainLoss(),
                "training loss must decrease: " + epochs.stream().map(EpochRecord::trainLoss).toList());
        Path folder = outcome.folder();
        for (String f : List.of("run.json", "provenance.json", "history.csv", "predictions.csv", "metrics.json",
                "per_group_performance.txt", "model/member-0-0000.params")) {
            assertTrue(Files.isRegularFile(folder.resolve(f)), f);
        }
        RunMetrics metrics = RunFolder.open(folder).metrics();
        assertEquals(360, metrics.splits().get("test").samples());
        assertEquals(9, metrics.splits().get("test").groups().size());
        assertTrue(Double.isFinite(metrics.splits().get("test").overall()));
        assertEquals(epochs.size() + 1, Files.readAllLines(folder.resolve("history.csv")).size());
        String table = Files.readString(folder.resolve("per_group_performance.txt"));
        for (Group g : Group.TASK_GROUPS) {
            assertTrue(table.contains(g.toString()), table);
        }
        assertTrue(table.contains("balanced") && table.contains("gap(val-train)"), table);
        assertTrue(Files.readString(folder.resolve("provenance.json")).contains("\"sha256\""));
        // The folder reloads as a model that predicts the same numbers the run scored.
        try (HeightModel m = RunFolder.open(folder).models()) {
            Dataset test = RunRunner.limit(DatasetFiles.read(TestData.projectDir().resolve("data/test")), 40,
                    small(name, 4).training().seed() + 1);
            double mse = RunRunner.score(test, m.predictLog2(test)).overall();
            assertEquals(metrics.splits().get("test").overall(), mse, 1e-6);
        }
    }

    @Test
    void runSixLeaksAndTheGuardRefusesItUnlessAskedToReproduceIt() {
        RunDefinition run6 = small("run6", 2);
        assertEquals(RunDefinition.Order.AUGMENT_THEN_SPLIT, run6.order());
        List<EpochRecord> epochs = new ArrayList<>();
        RunRunner.Outcome outcome = RunRunner.run(run6, options(tmp.resolve("run6"), epochs));
        assertFalse(outcome.leakage().clean(), "augment-then-split must leak");

        RunDefinition guarded = run6.withAllowLeakage(false);
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> RunRunner.run(guarded, options(tmp.resolve("guarded"), new ArrayList<>())));
        assertTrue(e.getMessage().contains("Split before you augment"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("guarded")), "a refused run writes nothing");
    }

    @Test
    void ensembleAveragesItsMembersInLog2Space() throws Exception {
        RunDefinition one = small("run7", 2);
        RunDefinition two = one.withName("ensemble", "two run7 members").withMembers(2);
        RunRunner.Outcome outcome = RunRunner.run(two, options(tmp.resolve("ens"), new ArrayList<>()));
        assertEquals(2, outcome.members().size());
        assertTrue(Files.exists(tmp.resolve("ens/model/member-1-0000.params")));
        assertTrue(Files.exists(tmp.resolve("ens/model/member-0-best-checkpoint.params")));
        Dataset test = RunRunner.limit(DatasetFiles.read(TestData.projectDir().resolve("data/test")), 40,
                one.training().seed() + 1);
        try (HeightModel ensemble = RunFolder.open(tmp.resolve("ens")).models()) {
            double[] mean = ensemble.predictLog2(test);
            assertEquals(outcome.metrics().splits().get("test").overall(), RunRunner.score(test, mean).overall(), 1e-6);
        }
    }

    @Test
    void sameSeedSameTraining() {
        RunDefinition def = small("run7", 2);
        List<EpochRecord> a = new ArrayList<>();
        List<EpochRecord> b = new ArrayList<>();
        RunRunner.run(def, options(tmp.resolve("a"), a));
        RunRunner.run(def, options(tmp.resolve("b"), b));
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).validationLoss(), b.get(i).validationLoss(), 1e-5 * a.get(i).validationLoss());
        }
    }

    @Test
    void badRunDefinitionsGiveClearErrors() throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, RunDefinition.load("run7").toJson().replace("\"split-then-augment\"", "\"shuffle\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDefinition.load(f.toString()));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("order"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunDefinition.load("run99"));
        assertTrue(e.getMessage().contains("run7"), e.getMessage());
        Files.writeString(f, RunDefinition.load("run7").toJson().replace("noise:0.05", "blur:2"));
        e = assertThrows(IllegalArgumentException.class, () -> RunDefinition.load(f.toString()));
        assertTrue(e.getMessage().contains("unknown augmentation"), e.getMessage());
    }
}

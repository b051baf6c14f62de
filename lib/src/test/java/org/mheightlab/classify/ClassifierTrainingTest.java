package org.mheightlab.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;

/** The classification pipeline trains, improves with the summary's fixes, warns, checkpoints and pretrains. */
class ClassifierTrainingTest {

    static final int EPOCHS = 6;
    static final int STEPS = 15;
    static final int BATCH = 64;
    static final long SEED = 7;

    static MultimodalDataset data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        System.setProperty("ai.djl.offline", "true");
        data = MultimodalNpz.read(TestData.projectDir().resolve("data/classify.npz"));
    }

    @Test
    void improvedConfigurationReachesAHigherValidationF1ThanTheOriginalUnderTheSameSeedAndBudget() {
        ClassifierRun.Outcome original = ClassifierRun.train(data, ClassifierSpec.original(),
                ClassifierTrainingConfig.original(EPOCHS, STEPS, BATCH, SEED), ClassifierRun.Options.quiet());
        ClassifierRun.Outcome improved = ClassifierRun.train(data, ClassifierSpec.improved(),
                ClassifierTrainingConfig.improved(EPOCHS, STEPS, BATCH, SEED), ClassifierRun.Options.quiet());
        try (Model a = original.model(); Model b = improved.model()) {
            double f1Original = original.result().best().validation().f1();
            double f1Improved = improved.result().best().validation().f1();
            System.out.printf("validation F1: original %.4f (%s), improved %.4f (%s)%n", f1Original,
                    original.result().stopReason(), f1Improved, improved.result().stopReason());
            assertTrue(f1Improved > f1Original, "improved " + f1Improved + " vs original " + f1Original);
            // The improved model predicts both classes at its best epoch.
            assertEquals(-1, improved.result().best().validation().singleClass());
            assertTrue(improved.result().best().warnings().isEmpty(), improved.result().best().warnings().toString());
            // Both model sizes of the summary, as parameter counts.
            assertTrue(improved.result().parameterCount() > 10 * original.result().parameterCount(),
                    improved.result().parameterCount() + " vs " + original.result().parameterCount());
            // Restore-best: evaluating the returned model reproduces the best epoch's validation F1.
            MultimodalDataset val = ClassifierRun.split(data, 0.2, SEED)[1];
            double[] p = ClassifierTrainer.probabilities(improved.model(), val);
            int[] predicted = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                predicted[i] = p[i] >= 0.5 ? 1 : 0;
            }
            assertEquals(f1Improved, ClassMetrics.of(val.labels(), predicted, 0).f1(), 1e-9);
        }
    }

    @Test
    void singleClassWarningFiresWhenTheInputsCarryNoSignal() {
        List<Modality> blank = new ArrayList<>();
        for (Modality m : data.modalities()) {
            blank.add(new Modality(m.name(), m.tokens(), m.width(), new float[m.values().length]));
        }
        MultimodalDataset noSignal = new MultimodalDataset(blank, data.labels(), null, data.split());
        List<String> seen = new ArrayList<>();
        ClassifierRun.Outcome o = ClassifierRun.train(noSignal, ClassifierSpec.original().withAuxWeight(0),
                ClassifierTrainingConfig.original(2, 5, BATCH, SEED),
                ClassifierRun.Options.quiet().withOnEpoch(e -> seen.addAll(e.warnings())));
        try (Model m = o.model()) {
            // With no signal every sample gets the same logits, so one class is predicted for all of them.
            assertTrue(o.result().best().validation().singleClass() >= 0);
            assertTrue(seen.stream().anyMatch(w -> w.contains("predicts only class") && w.contains("validation")),
                    seen.toString());
            assertEquals(seen, o.result().warnings());
        }
    }

    @Test
    void checkpointsHistoryAndProvenanceAreWritten() throws Exception {
        Path dir = tmp.resolve("ckpt");
        Path file = TestData.projectDir().resolve("data/classify.npz");
        ClassifierRun.Outcome o = ClassifierRun.train(file, ClassifierSpec.original(),
                ClassifierTrainingConfig.original(2, 3, BATCH, SEED).withPatience(-1),
                new ClassifierRun.Options(dir, false, null, 0.2, e -> { }));
        o.model().close();
        assertTrue(Files.size(dir.resolve("best.params")) > 0);
        assertTrue(Files.isRegularFile(dir.resolve("epoch-000.params")));
        assertTrue(Files.isRegularFile(dir.resolve("epoch-001.params")));
        List<String> history = Files.readAllLines(dir.resolve("history.csv"));
        assertEquals(3, history.size());
        assertTrue(history.get(0).contains("val_f1"));
        String json = Files.readString(dir.resolve("classifier.json"));
        assertTrue(json.contains("\"sha256\"") && json.contains("\"seed\": 7") && json.contains("\"engine\""), json);
        // The saved best parameters load into a fresh classifier of the same shape and predict the same.
        try (Model fresh = ClassifierTrainer.newModel(ClassifierSpec.original(), 4, Device.cpu())) {
            fresh.getBlock().initialize(fresh.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                    Batches.shapes(data.modalities(), 1));
            fresh.getBlock().loadParameters(fresh.getNDManager(),
                    new java.io.DataInputStream(Files.newInputStream(dir.resolve("best.params"))));
            MultimodalDataset val = ClassifierRun.split(data, 0.2, SEED)[1];
            double[] p = ClassifierTrainer.probabilities(fresh, val);
            int[] predicted = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                predicted[i] = p[i] >= 0.5 ? 1 : 0;
            }
            assertEquals(o.result().best().validation().f1(), ClassMetrics.of(val.labels(), predicted, 0).f1(), 1e-9);
        }
    }

    @Test
    void pretrainingLowersTheReconstructionLossAndItsEncoderLoadsOnlyIntoTheSameShape() {
        ClassifierSpec spec = ClassifierSpec.original();
        MultimodalDataset train = ClassifierRun.split(data, 0.2, SEED)[0];
        EncoderPretrainer.Result r = new EncoderPretrainer(new EncoderPretrainer.Config(3, 15, BATCH, 1e-3, 0.25,
                SEED), s -> { }).pretrain(spec, train, Device.cpu());
        Path dir = tmp.resolve("encoder");
        try (Model m = r.model()) {
            assertTrue(r.losses().get(2) < r.losses().get(0), r.losses().toString());
            EncoderCheckpoint.save(r.encoder(), train.modalities(), dir, java.util.Map.of());
            try (NDManager nd = NDManager.newBaseManager()) {
                MultimodalEncoder fresh = new MultimodalEncoder(spec, train.modalities().size());
                fresh.initialize(nd, ai.djl.ndarray.types.DataType.FLOAT32, Batches.shapes(train.modalities(), 1));
                EncoderCheckpoint.load(dir, fresh, train.modalities(), nd);
                var saved = r.encoder().getParameters();
                var loaded = fresh.getParameters();
                assertEquals(saved.size(), loaded.size());
                for (int i = 0; i < saved.size(); i++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(saved.valueAt(i).getArray().toFloatArray(),
                            loaded.valueAt(i).getArray().toFloatArray(), saved.keyAt(i));
                }
            }
        }
        ClassifierRun.Outcome o = ClassifierRun.train(data, spec, ClassifierTrainingConfig.original(1, 3, BATCH, SEED),
                new ClassifierRun.Options(null, true, dir, 0.2, e -> { }));
        try (Model m = o.model()) {
            assertEquals(1, o.result().history().size());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassifierRun.train(data,
                spec.withEncoder(32, 2, 4), ClassifierTrainingConfig.original(1, 3, BATCH, SEED),
                new ClassifierRun.Options(null, true, dir, 0.2, x -> { })));
        assertTrue(e.getMessage().contains("was trained for"), e.getMessage());
    }

    @Test
    void lossesAndMetricsMatchTheirDefinitions() {
        ClassMetrics m = ClassMetrics.of(new int[] {1, 1, 0, 0, 1}, new int[] {1, 0, 0, 1, 1}, 0);
        assertEquals(2.0 / 3, m.precision(), 1e-12);
        assertEquals(2.0 / 3, m.recall(), 1e-12);
        assertEquals(2.0 / 3, m.f1(), 1e-12);
        assertEquals(0.6, m.accuracy(), 1e-12);
        assertEquals(0, ClassMetrics.of(new int[] {1, 0}, new int[] {0, 0}, 0).singleClass());
        try (NDManager nd = NDManager.newBaseManager()) {
            var logits = nd.create(new float[] {2f, 0f, 0f, 1f}, new ai.djl.ndarray.types.Shape(2, 2));
            var labels = nd.create(new float[] {0f, 0f});
            var weights = nd.create(new float[] {1f, 3f});
            double p0 = Math.exp(2) / (Math.exp(2) + 1);
            double p1 = 1 / (1 + Math.E);
            double ce = (-Math.log(p0) - 3 * Math.log(p1)) / 4;
            assertEquals(ce, new ClassificationLoss(false, 2).compute(logits, labels, weights).getFloat(), 1e-5);
            assertEquals(ce, new ClassificationLoss(true, 0).compute(logits, labels, weights).getFloat(), 1e-5);
            double focal = (-Math.pow(1 - p0, 2) * Math.log(p0) - 3 * Math.pow(1 - p1, 2) * Math.log(p1)) / 4;
            assertEquals(focal, new ClassificationLoss(true, 2).compute(logits, labels, weights).getFloat(), 1e-5);
        }
    }
}

package org.mheightlab.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.classify.ClassifierRun;
import org.mheightlab.classify.ClassifierSpec;
import org.mheightlab.classify.ClassifierTrainingConfig;
import org.mheightlab.classify.Modality;
import org.mheightlab.classify.MultimodalDataset;
import org.mheightlab.classify.MultimodalNpz;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.ResidualMlpModel;
import org.mheightlab.model.RowInputs;
import org.mheightlab.run.RunDefinition;

/**
 * Issue 17: a training whose loss stops being a number stops at that step, whatever caused it, with one message
 * naming the epoch and step and what to change, and leaves nothing behind. No setting inside its range diverges on
 * the bundled data, so the cause is injected through the library API: a label or a feature that is not finite.
 */
class DivergenceTest {

    @TempDir
    Path tmp;

    /** 180 bundled test rows (20 per group); the first gets the height {@code height}. */
    private static Dataset rows(double height) {
        Dataset all = DatasetFiles.read(TestData.projectDir().resolve("data/test"));
        Dataset.Builder b = Dataset.builder();
        for (int i = 0; i < 180; i++) {
            int r = i * (all.size() / 180);
            b.add(all.id(r), all.n(r), all.k(r), all.m(r), all.p(r), i == 0 ? height : all.height(r));
        }
        return b.build();
    }

    @Test
    void theHeightTrainerStopsAtTheFirstNonFiniteLoss() {
        TrainingConfig config = RunDefinition.load("run7").training().withMaxEpochs(3).withStopping(0, 0);
        RowInputs train = new RowInputs(rows(Double.POSITIVE_INFINITY), FeatureEncoder.task());
        RowInputs validation = new RowInputs(rows(4.0), FeatureEncoder.task());
        List<EpochRecord> epochs = new ArrayList<>();
        Path checkpoint = tmp.resolve("best.params");
        try (Model model = Model.newInstance("diverging", ai.djl.Device.cpu(), Engines.djlName(config.engine()))) {
            model.setBlock(new ResidualMlpModel(0, List.of(32), List.of(0.0), 0, 0).newBlock(0));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new HeightTrainer(config, List.of(), epochs::add, checkpoint).train(model, train, validation));
            // weight · (∞ − ŷ)² comes out NaN or ∞ depending on the engine's order of operations.
            assertTrue(e.getMessage().matches("training diverged: loss (NaN|Infinity) in epoch 0, step 0; .*"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("lower training.learningRate"), e.getMessage());
        }
        assertTrue(epochs.isEmpty(), "no epoch is reported with a non-finite loss");
        assertFalse(Files.exists(checkpoint), "no checkpoint of a diverged model");
    }

    @Test
    void theClassifierStopsAtTheFirstNonFiniteLossAndWritesNoCheckpoint() {
        MultimodalDataset data = MultimodalNpz.read(TestData.projectDir().resolve("data/classify.npz"));
        // The first modality's first value of every sample made NaN: the very first batch's loss is NaN.
        List<Modality> poisoned = new ArrayList<>(data.modalities());
        Modality first = poisoned.get(0);
        float[] values = first.values().clone();
        for (int i = 0; i < data.size(); i++) {
            values[i * first.perSample()] = Float.NaN;
        }
        poisoned.set(0, new Modality(first.name(), first.tokens(), first.width(), values));
        MultimodalDataset bad = new MultimodalDataset(poisoned, data.labels(), null, data.hasSplit() ? data.split()
                : null);
        Path dir = tmp.resolve("ckpt");
        ClassifierRun.Options options = new ClassifierRun.Options(dir, false, null, 0.2, e -> { });
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> ClassifierRun.train(bad,
                ClassifierSpec.original().withAuxWeight(0), ClassifierTrainingConfig.original(2, 3, 32, 7), options));
        assertTrue(e.getMessage().startsWith("training diverged: loss NaN in epoch 0, step 0"), e.getMessage());
        assertTrue(e.getMessage().contains("--lr"), "the classifier's hint names its option: " + e.getMessage());
        assertFalse(Files.exists(dir.resolve("best.params")) || Files.exists(dir.resolve("epoch-000.params")),
                "no checkpoint of a diverged model");
    }
}

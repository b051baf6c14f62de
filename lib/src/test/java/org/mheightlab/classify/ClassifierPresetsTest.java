package org.mheightlab.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mheightlab.train.LearningRateSchedule;

/** The two presets state the summary (shared/seeds/004): its original and improved settings. */
class ClassifierPresetsTest {

    @Test
    void originalPresetIsTheSummarysStartingPoint() {
        ClassifierTrainingConfig c = ClassifierTrainingConfig.original(10, 200, 16, 7);
        // ReduceLROnPlateau (lines 11, 26); no parameters given, so PyTorch's defaults.
        assertEquals("plateau:10:0.1:0.0", LearningRateSchedule.parse(c.schedule()).spec());
        assertEquals(0, c.patience());
        assertFalse(c.focal() || c.weightedSampler() || c.classWeighted());
        ClassifierSpec s = ClassifierSpec.original();
        assertEquals(64, s.dModel());
        assertEquals(2, s.layers());
        assertEquals(4, s.heads());
        assertEquals(0.1, s.modalityDropout());
        assertEquals(1.0, s.auxWeight());
    }

    @Test
    void improvedPresetAppliesTheSummarysFixesAndRunFlags() {
        ClassifierTrainingConfig c = ClassifierTrainingConfig.improved(10, 200, 16, 7);
        assertEquals("cosine-restarts:10:2:1e-6", c.schedule());
        assertEquals(10, c.patience());
        assertTrue(c.focal() && c.weightedSampler() && c.classWeighted());
        ClassifierSpec s = ClassifierSpec.improved();
        assertEquals(256, s.dModel());
        assertEquals(4, s.layers());
        assertEquals(8, s.heads());
        assertEquals(0.0, s.modalityDropout());
        assertEquals(0.5, s.auxWeight());
    }
}

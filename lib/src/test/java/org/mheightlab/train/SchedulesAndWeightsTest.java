package org.mheightlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mheightlab.data.Group;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.run.RunDefinition;

class SchedulesAndWeightsTest {

    @Test
    void cosineWarmRestartsFollowsSgdr() {
        LearningRateSchedule s = LearningRateSchedule.parse("cosine-restarts:10:2:1e-6");
        assertEquals(1e-3, s.rate(0, 1e-3, Double.NaN), 1e-15);
        assertEquals(1e-6 + (1e-3 - 1e-6) * 0.5, s.rate(5, 1e-3, Double.NaN), 1e-12);
        assertEquals(1e-3, s.rate(10, 1e-3, Double.NaN), 1e-15, "restart after T0");
        assertEquals(1e-3, s.rate(30, 1e-3, Double.NaN), 1e-15, "second period is T0*2 = 20 long");
        assertTrue(s.rate(29, 1e-3, Double.NaN) < 2e-5);
    }

    @Test
    void exponentialAndPlateau() {
        assertEquals(1e-3 * Math.pow(0.97, 4), LearningRateSchedule.parse("exponential:0.97").rate(4, 1e-3, 0), 1e-15);
        LearningRateSchedule p = LearningRateSchedule.parse("plateau:2:0.5:1e-5").fresh();
        double[] losses = {1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
        double lr = 0;
        for (int e = 0; e < losses.length; e++) {
            lr = p.rate(e, 1e-3, e == 0 ? Double.NaN : losses[e - 1]);
        }
        assertEquals(2.5e-4, lr, 1e-12, "halved after each run of more than 2 epochs without a new best");
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("cosine-restarts:10"));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("linear"));
    }

    @Test
    void runFourCurriculumRampsTheHardWeight() {
        Curriculum c = new Curriculum(List.of(
                new Curriculum.Phase(0, List.of("easy"), null, Map.of()),
                new Curriculum.Phase(31, List.of("easy", "medium"), null, Map.of()),
                new Curriculum.Phase(61, List.of("easy", "medium", "hard"), new Curriculum.Ramp(2.0, 0.08, 5.0, 60),
                        Map.of("4,5", 1.5))));
        Group hard = new Group(6, 3);
        assertEquals(0.0, c.weight(hard, 10));
        assertEquals(0.0, c.weight(new Group(4, 4), 30));
        assertEquals(1.0, c.weight(new Group(4, 4), 31));
        assertEquals(2.0 + 0.08, c.weight(hard, 61), 1e-12);
        assertEquals(5.0, c.weight(hard, 200), 1e-12);
        assertEquals(1.5 * (2.0 + 0.08 * 20), c.weight(new Group(4, 5), 80), 1e-12);
        assertEquals(1.5 * 5.0, c.weight(new Group(4, 5), 100), 1e-12);
        assertEquals(1.0, c.weight(new Group(4, 2), 100));
    }

    @Test
    void groupWeightsPreferGroupThenTier() {
        GroupWeights w = new GroupWeights(Map.of("4,5", 5.0), Map.of("easy", 3.0, "medium", 1.5));
        assertEquals(5.0, w.weight(new Group(4, 5)));
        assertEquals(3.0, w.weight(new Group(5, 2)));
        assertEquals(1.5, w.weight(new Group(6, 2)));
        assertEquals(1.0, w.weight(new Group(6, 3)));
        assertThrows(IllegalArgumentException.class, () -> new GroupWeights(Map.of(), Map.of("extreme", 1.0)));
    }

    @Test
    void tierMonitorStopsOnlyAfterEasyHasBeenBelowTheThreshold() {
        EpochListener.TierMonitor monitor = new EpochListener.TierMonitor(0.15);
        assertNull(monitor.onEpochEnd(epoch(0, 0.9)), "early epochs above the threshold never stop");
        assertNull(monitor.onEpochEnd(epoch(1, 0.12)));
        assertTrue(monitor.onEpochEnd(epoch(2, 0.2)).contains("tier monitor"));
        EpochListener.EarlyStopping stop = new EpochListener.EarlyStopping(2);
        assertNull(stop.onEpochEnd(epoch(0, 1.0)));
        assertNull(stop.onEpochEnd(epoch(1, 1.1)));
        assertTrue(stop.onEpochEnd(epoch(2, 1.2)).contains("early stopping"));
        // Under a curriculum whose last phase starts at epoch 5, epochs before it never stop training: the best of
        // epoch 0 is followed by four worse epochs, and the patience of 2 counts from epoch 5.
        EpochListener.EarlyStopping armed = new EpochListener.EarlyStopping(2, 5);
        assertNull(armed.onEpochEnd(epoch(0, 1.0)));
        for (int e = 1; e <= 5; e++) {
            assertNull(armed.onEpochEnd(epoch(e, 1.5)), "epoch " + e);
        }
        assertTrue(armed.onEpochEnd(epoch(6, 1.5)).contains("armed when the curriculum's last phase began, epoch 5"));
        assertEquals(61, RunDefinition.load("run4").training().curriculum().lastPhaseStart());
        assertEquals(0, RunDefinition.load("run1").training().curriculum().lastPhaseStart());
    }

    private static EpochRecord epoch(int e, double easyLoss) {
        Group[] groups = {new Group(4, 2), new Group(6, 3)};
        Log2MseReport r = Log2MseReport.of(new double[] {0, 0}, new double[] {Math.sqrt(easyLoss), 1}, groups);
        return new EpochRecord(e, 1.0, r, 1e-3, 10, 0.1);
    }
}

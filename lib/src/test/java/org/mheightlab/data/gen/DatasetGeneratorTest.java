package org.mheightlab.data.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.LabelVerifier;

class DatasetGeneratorTest {

    @Test
    void sameSeedSameDatasetWhateverTheThreadCount() {
        GeneratorConfig cfg = GeneratorConfig.taskGroups(60, new EntryDistribution.Course(), 42);
        Dataset one = new DatasetGenerator(1, n -> { }).generate(cfg).dataset();
        Dataset three = new DatasetGenerator(3, n -> { }).generate(cfg).dataset();
        assertEquals(9 * 60, one.size());
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.p(i), three.p(i));
            assertEquals(one.height(i), three.height(i));
        }
        Dataset other = new DatasetGenerator(2, n -> { })
                .generate(GeneratorConfig.taskGroups(60, new EntryDistribution.Course(), 43)).dataset();
        assertTrue(!java.util.Arrays.deepEquals(one.p(0), other.p(0)), "a different seed must give other codes");
    }

    @Test
    void labelsAreExactAndGroupsHaveTheirCounts() {
        AtomicLong progress = new AtomicLong();
        GeneratorConfig cfg = new GeneratorConfig(9, Map.of(new Group(4, 5), 40, new Group(6, 3), 25),
                new EntryDistribution.Gaussian(2.0), 1, false);
        Dataset d = new DatasetGenerator(2, progress::addAndGet).generate(cfg).dataset();
        assertEquals(Map.of(new Group(4, 5), 40, new Group(6, 3), 25), d.countsByGroup());
        assertEquals(65, progress.get());
        LabelVerifier.Report r = new LabelVerifier(2, 0.0, n -> { }).verify(d);
        assertTrue(r.allMatch());
    }

    @Test
    void courseDistributionLooksLikeDs1() {
        GeneratorConfig cfg = GeneratorConfig.taskGroups(200, new EntryDistribution.Course(), 9);
        Dataset d = new DatasetGenerator(2, n -> { }).generate(cfg).dataset();
        double maxAbs = 0;
        for (int i = 0; i < d.size(); i++) {
            for (double[] row : d.p(i)) {
                for (double v : row) {
                    assertEquals(Math.rint(v), v);
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
            }
            assertTrue(Double.isFinite(d.height(i)));
        }
        assertEquals(100, maxAbs);
    }

    @Test
    void infiniteHeightsAreRedrawnUnlessKept() {
        // Entries in {−1, 0, 1}: many codes have n−m columns of rank < k.
        Map<Group, Integer> counts = Map.of(new Group(4, 3), 50);
        DatasetGenerator.Result dropped = new DatasetGenerator(2, n -> { })
                .generate(new GeneratorConfig(9, counts, new EntryDistribution.UniformInt(1), 3, false));
        assertTrue(dropped.redrawnInfinite() > 0);
        for (int i = 0; i < 50; i++) {
            assertTrue(Double.isFinite(dropped.dataset().height(i)));
        }
        Dataset kept = new DatasetGenerator(2, n -> { })
                .generate(new GeneratorConfig(9, counts, new EntryDistribution.UniformInt(1), 3, true)).dataset();
        long infinite = java.util.stream.IntStream.range(0, 50).filter(i -> Double.isInfinite(kept.height(i))).count();
        assertTrue(infinite > 0);
        ExactHeightCalculator calc = new ExactHeightCalculator();
        for (int i = 0; i < 50; i++) {
            assertEquals(calc.profile(kept.p(i)).height(3), kept.height(i));
        }
    }

    @Test
    void aDistributionThatNeverGivesFiniteHeightsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetGenerator(1, n -> { })
                .generate(new GeneratorConfig(9, Map.of(new Group(4, 5), 1), new EntryDistribution.UniformInt(1), 3,
                        false)));
        assertTrue(e.getMessage().contains("--keep-infinite"), e.getMessage());
    }

    @Test
    void parsesDistributionsAndRejectsBadOnes() {
        assertEquals(new EntryDistribution.UniformInt(7), EntryDistribution.parse("uniform-int:7"));
        assertEquals(new EntryDistribution.Gaussian(0.5), EntryDistribution.parse("gaussian:0.5"));
        assertEquals(new EntryDistribution.UniformReal(3.0), EntryDistribution.parse("uniform-real:3"));
        assertEquals("course", EntryDistribution.parse("course").spec());
        for (String bad : new String[] {"gaussian", "gaussian:-1", "uniform-int:x", "poisson:3", "course:2"}) {
            assertThrows(IllegalArgumentException.class, () -> EntryDistribution.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new GeneratorConfig(9, Map.of(new Group(6, 4), 1),
                new EntryDistribution.Course(), 1, false));
    }
}

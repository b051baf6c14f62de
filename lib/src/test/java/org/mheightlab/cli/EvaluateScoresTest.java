package org.mheightlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;

/** How evaluate scores data with infinite labels: finite-only log2-MSE and the "very large" count. */
class EvaluateScoresTest {

    private static final double[][] P42 = {{1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}, {1, 2, 3, 4, 6}, {1, 2, 3, 4, 7}};
    private static final double[][] P43 = P42;

    @Test
    void infiniteLabelsAreCountedAndVeryLargeIsAboveTheGroupsLargestFiniteLabel() {
        double inf = Double.POSITIVE_INFINITY;
        Dataset d = Dataset.builder()
                .add(null, 9, 4, 2, P42, 4.0)      // log2 2
                .add(null, 9, 4, 2, P42, 16.0)     // log2 4: the group's largest finite label
                .add(null, 9, 4, 2, P42, inf)      // predicted 4.5 > 4: very large
                .add(null, 9, 4, 2, P42, inf)      // predicted 3.0: not
                .add(null, 9, 4, 3, P43, inf)      // group without finite labels: bound is the overall max, 4
                .build();
        double[] pred = {3.0, 4.0, 4.5, 3.0, 5.0};
        EvaluateCommand.Scores s = EvaluateCommand.Scores.of(d, pred);
        assertEquals(3, s.infiniteTotal());
        assertEquals(2, s.veryLargeTotal());
        assertEquals(2, s.finite().samples());
        assertEquals((1.0 + 0.0) / 2, s.finite().overall(), 1e-12);
        assertEquals(2, s.infinite().get(new Group(4, 2))[0]);
        assertEquals(1, s.infinite().get(new Group(4, 2))[1]);
        assertEquals(1, s.infinite().get(new Group(4, 3))[1]);
    }

    @Test
    void withoutFiniteLabelsNothingCountsAsVeryLarge() {
        Dataset d = Dataset.builder().add(null, 9, 4, 2, P42, Double.POSITIVE_INFINITY).build();
        EvaluateCommand.Scores s = EvaluateCommand.Scores.of(d, new double[] {50.0});
        assertEquals(1, s.infiniteTotal());
        assertEquals(0, s.veryLargeTotal());
        assertEquals(0, s.finite().samples());
    }
}

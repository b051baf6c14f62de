package org.mheightlab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;

class Log2MseReportTest {

    @Test
    void overallPerGroupPerTierAndBalanced() {
        Group easy = new Group(4, 2);
        Group medium = new Group(5, 3);
        Group hard = new Group(4, 5);
        double[] truth = {1, 1, 1, 2, 3};
        double[] pred = {2, 1, 1, 4, 0};
        Group[] groups = {easy, easy, easy, medium, hard};
        Log2MseReport r = Log2MseReport.of(truth, pred, groups);
        assertEquals((1 + 0 + 0 + 4 + 9) / 5.0, r.overall(), 1e-12);
        assertEquals(1 / 3.0, r.byGroup().get(easy).log2Mse(), 1e-12);
        assertEquals(4.0, r.tier(Tier.MEDIUM), 1e-12);
        assertEquals(9.0, r.tier(Tier.HARD), 1e-12);
        assertEquals((1 / 3.0 + 4 + 9) / 3, r.balanced(), 1e-12);
        assertEquals(5, r.samples());
    }
}

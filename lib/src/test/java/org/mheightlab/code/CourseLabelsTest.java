package org.mheightlab.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mheightlab.TestData;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.LabelVerifier;
import org.mheightlab.data.io.CoursePickleFormat;

/** The exact engine reproduces every label of the real course data DS-1. */
class CourseLabelsTest {

    @Test
    void reproducesAllDs1Labels() {
        Dataset ds1 = CoursePickleFormat.read(TestData.ds1Inputs(), TestData.ds1Heights());
        assertEquals(32_087, ds1.size());
        LabelVerifier.Report report = new LabelVerifier(Runtime.getRuntime().availableProcessors(), 1e-6, n -> { })
                .verify(ds1);
        assertEquals(32_087, report.matches(), () -> "mismatches: " + report.mismatches());
        for (LabelVerifier.GroupResult g : report.groups()) {
            assertTrue(g.maxAbsLog2Diff() <= 1e-6, g.toString());
        }
        assertEquals(9, report.groups().size());
    }

    /** The LP reference itself reproduces real labels, so agreement with it means something. */
    @Test
    void linearProgrammingReferenceReproducesDs1Labels() {
        Dataset ds1 = CoursePickleFormat.read(TestData.ds1Inputs(), TestData.ds1Heights());
        int checked = 0;
        for (org.mheightlab.data.Group g : ds1.groups()) {
            int[] idx = ds1.indices(g);
            for (int i = 0; i < 3; i++) {
                int s = idx[i * 97 % idx.length];
                double lp = LpHeightReference.compact(ds1.p(s), ds1.m(s));
                assertEquals(ds1.height(s), lp, 1e-9 * ds1.height(s), "sample " + s + " " + g);
                checked++;
            }
        }
        assertEquals(27, checked);
    }
}

package org.mheightlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.io.DatasetFiles;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class StructureChartsTest {

    private static Dataset test;

    @BeforeAll
    static void load() {
        test = DatasetFiles.read(TestData.projectDir().resolve("data/test"));
    }

    @Test
    void theCocircuitBoundNeverExceedsTheTrueHeight() {
        // Every sample of the bundled test set, not a sample of it: the bound is a theorem, so one violation
        // anywhere is a bug in the minors or the bound.
        List<StructureCharts.BoundPoints> points = StructureCharts.boundPoints(test, Integer.MAX_VALUE);
        int compared = 0;
        for (StructureCharts.BoundPoints p : points) {
            for (int i = 0; i < p.truth().length; i++) {
                // 1e-9 bits: log2 of the minors and of the height round differently, nothing more
                assertTrue(p.bound()[i] <= p.truth()[i] + 1e-9, p.group() + " sample " + i + ": bound "
                        + p.bound()[i] + " above log2 h " + p.truth()[i]);
                assertTrue(p.bound()[i] >= 0, "a height is at least 1, and so is the bound");
            }
            compared += p.truth().length + p.skipped();
        }
        assertEquals(test.size(), compared);
    }

    @Test
    void theGapTableHasTheNineGroups() {
        Table t = StructureCharts.cocircuitGap(test, 200);
        assertEquals(Group.TASK_GROUPS.size(), t.rowCount());
        for (int r = 0; r < t.rowCount(); r++) {
            assertEquals(Group.TASK_GROUPS.get(r).toString(), t.stringColumn("group").get(r));
            int samples = t.intColumn("samples").get(r);
            assertTrue(samples > 0 && samples <= 200);
            double mean = t.doubleColumn("mean gap (bits)").get(r);
            double max = t.doubleColumn("max gap (bits)").get(r);
            double exact = t.doubleColumn("share exact").get(r);
            assertTrue(mean >= -1e-6 && mean <= max + 1e-6, "mean " + mean + ", max " + max);
            assertTrue(exact >= 0 && exact <= 1);
        }
    }

    @Test
    void theBoundChartHasOneTracePerGroupAndTheDiagonal() {
        Figure f = StructureCharts.cocircuitBound(test, 50);
        assertEquals(Group.TASK_GROUPS.size() + 1, f.getTraces().length);
        String js = f.asJavascript("mh_test");
        assertTrue(js.contains("(4,5)") && js.contains("y = x"));
    }

    @Test
    void theLearningCurveHasOneTracePerGroupAndOverall(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("learning-curve.csv");
        StringBuilder sb = new StringBuilder("codes_per_k,group,test_log2_mse,seconds_per_epoch\n");
        int[] sizes = {1000, 4000, 16000};
        for (int s = 0; s < sizes.length; s++) {
            sb.append(sizes[s]).append(",overall,").append(0.5 / (s + 1)).append(',').append(2.0 * (s + 1)).append('\n');
            for (Group g : List.of(new Group(4, 2), new Group(5, 3), new Group(6, 3))) {
                sb.append(sizes[s]).append(",\"").append(g.k()).append(',').append(g.m()).append("\",")
                        .append(0.4 / (s + 1)).append(',').append(2.0 * (s + 1)).append('\n');
            }
        }
        Files.writeString(csv, sb.toString());
        Figure f = StructureCharts.learningCurve(csv);
        assertEquals(4, f.getTraces().length);
        assertTrue(f.asJavascript("mh_curve").contains("overall"));
        Table t = StructureCharts.learningCurveTable(csv);
        assertEquals(3, t.rowCount());
        assertEquals(List.of("codes per k", "s/epoch", "overall", "(4,2)", "(5,3)", "(6,3)"), t.columnNames());
        assertEquals(6.0, t.doubleColumn("s/epoch").get(2), 1e-12);
        assertEquals(0.25, t.doubleColumn("overall").get(1), 1e-12);
    }

    @Test
    void aLearningCurveWithoutItsColumnsIsRefusedByName(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "codes_per_k,group,test_log2_mse\n1000,overall,0.5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StructureCharts.learningCurve(csv));
        assertTrue(e.getMessage().contains("seconds_per_epoch"), e.getMessage());
    }

    @Test
    void runSettingsFlattenTheDefinition(@TempDir Path dir) throws IOException {
        Files.copy(TestData.projectDir().resolve("docs/run7/run.json"), dir.resolve("run.json"));
        Table t = org.mheightlab.run.RunSettings.table(dir);
        List<String> names = t.stringColumn("setting").asList();
        assertEquals("run7", t.stringColumn("this recording").get(names.indexOf("name")));
        assertEquals("250", t.stringColumn("this recording").get(names.indexOf("training.maxEpochs")));
        assertEquals("[1024, 512, 256, 128]", t.stringColumn("this recording").get(names.indexOf("model.widths")));
        assertEquals("noise:0.05", t.stringColumn("this recording").get(names.indexOf("augmentation[0].type")));
        assertEquals("3.0", t.stringColumn("this recording").get(names.indexOf("training.groupWeights.tiers.easy")));
        assertEquals("{}", t.stringColumn("this recording").get(names.indexOf("training.groupWeights.groups")));
    }
}

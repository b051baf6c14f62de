package org.mheightlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.report.RunMetrics;
import tech.tablesaw.api.Table;

/**
 * The write-ups' criteria and reported figures set against a real recording: docs/run7 (Run 7 in full), as it is and
 * with its run.json renamed to another run, so that run's write-up applies to the same numbers.
 */
class WriteUpVerdictsTest {

    private static final WriteUpRecord RECORD = WriteUpRecord.bundled();
    private static final Path RUN7 = TestData.projectDir().resolve("docs/run7");
    private static final RunMetrics.Scores VALIDATION = RunFolder.open(RUN7).metrics().splits().get("validation");
    private static final RunMetrics.Scores TRAIN = RunFolder.open(RUN7).metrics().splits().get("train");
    private static final RunMetrics.Scores TEST = RunFolder.open(RUN7).metrics().splits().get("test");

    /** Write-up facts no run folder records (the rest of the measures are read from the folder). */
    private static final Set<String> FACTS = Set.of("data.samples", "predictions.min", "predictions.max");

    /** docs/run7's files in {@code dir}, with run.json's name set to {@code name}. */
    private static Path recordingAs(Path dir, String name) throws IOException {
        for (String f : List.of("run.json", "metrics.json", "provenance.json", "history.csv")) {
            Files.copy(RUN7.resolve(f), dir.resolve(f));
        }
        JsonObject def = JsonParser.parseString(Files.readString(dir.resolve("run.json"))).getAsJsonObject();
        def.addProperty("name", name);
        Files.writeString(dir.resolve("run.json"), def.toString());
        return dir;
    }

    private static int row(Table t, String column, String value) {
        int row = t.stringColumn(column).asList().indexOf(value);
        assertTrue(row >= 0, value + " not in\n" + t.printAll());
        return row;
    }

    private static String four(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    @Test
    void run7IsJudgedByItsReadmeAndReportsNoFiguresOfItsOwn() {
        Table verdicts = WriteUpVerdicts.table(RUN7);
        assertEquals("Run 7 judged by its write-up", verdicts.name());
        assertEquals(RECORD.of("run7").orElseThrow().criteria().size(), verdicts.rowCount());
        int leak = row(verdicts, "criterion", "no data leakage");
        assertEquals("0", verdicts.stringColumn("this recording").get(leak));
        assertEquals("pass", verdicts.stringColumn("verdict").get(leak));
        int target = row(verdicts, "criterion", "validation log2-MSE below the 0.374 target");
        assertEquals(four(VALIDATION.overall()), verdicts.stringColumn("this recording").get(target));
        assertEquals(four(TEST.overall()), verdicts.stringColumn("on test").get(target));
        assertEquals("fail", verdicts.stringColumn("verdict").get(target), "1.22 is not below 0.374");

        // The readme is a plan: it reports no figures of Run 7 itself.
        Table beside = WriteUpVerdicts.beside(RUN7);
        assertEquals("Run 7: the write-up's figures beside this recording", beside.name());
        assertEquals(0, beside.rowCount());
        assertEquals(List.of("figure", "split", "write-up", "this recording", "on test", "source"),
                beside.columnNames());
    }

    @Test
    void run1sFiguresStandBesideTheSameMeasuresOfARecording(@TempDir Path dir) throws IOException {
        Table t = WriteUpVerdicts.beside(recordingAs(dir, "run1"));
        assertEquals("Run 1: the write-up's figures beside this recording", t.name());
        assertEquals(RECORD.of("run1").orElseThrow().results().size(), t.rowCount());

        int g42 = row(t, "figure", "(4,2)");
        assertEquals("validation", t.stringColumn("split").get(g42));
        assertEquals("0.103", t.stringColumn("write-up").get(g42));
        assertEquals(four(VALIDATION.groups().get("4,2")), t.stringColumn("this recording").get(g42));
        assertEquals(four(TEST.groups().get("4,2")), t.stringColumn("on test").get(g42));
        assertEquals("001_5a7d0baf04cc00c9.txt:23", t.stringColumn("source").get(g42));

        int g45 = row(t, "figure", "(4,5)");
        assertEquals("1.386", t.stringColumn("write-up").get(g45));
        assertEquals(four(VALIDATION.groups().get("4,5")), t.stringColumn("this recording").get(g45));

        int overall = row(t, "figure", "overall");
        assertEquals("validation", t.stringColumn("split").get(overall), "the first overall is the validation one");
        assertEquals("0.495", t.stringColumn("write-up").get(overall));
        assertEquals(four(VALIDATION.overall()), t.stringColumn("this recording").get(overall));
        assertEquals(four(TEST.overall()), t.stringColumn("on test").get(overall));

        int ratio = row(t, "figure", "validation ÷ train");
        assertEquals("2.5", t.stringColumn("write-up").get(ratio));
        assertEquals(four(VALIDATION.overall() / TRAIN.overall()), t.stringColumn("this recording").get(ratio));
        assertEquals("", t.stringColumn("on test").get(ratio), "a ratio of two splits has no test counterpart");

        // The recording trained 42 epochs: the write-up's epoch 100 and 200 figures have no counterpart in it.
        int late = row(t, "figure", "loss in epoch 200");
        assertEquals("-", t.stringColumn("this recording").get(late));

        // Judged by Run 1's target, the same recording fails it.
        Table verdicts = WriteUpVerdicts.table(dir);
        assertEquals(1, verdicts.rowCount());
        assertEquals("fail", verdicts.stringColumn("verdict").get(0));
    }

    @Test
    void run6sDataFiguresAreReadFromTheRunFoldersFiles(@TempDir Path dir) throws IOException {
        recordingAs(dir, "run6");
        // docs/run7 keeps no predictions.csv; a small one with known rows: validation 2 easy, 1 medium, 1 hard.
        Files.writeString(dir.resolve("predictions.csv"), String.join("\n",
                "split,index,id,k,m,height,predicted,log2_error",
                "test,0,,4,2,10.0,10.0,0.0",
                "validation,0,,4,2,10.0,10.0,0.0",
                "validation,1,,5,2,10.0,10.0,0.0",
                "validation,2,,4,4,10.0,10.0,0.0",
                "validation,3,,6,3,10.0,10.0,0.0", ""));
        Table t = WriteUpVerdicts.beside(dir);
        assertEquals(RECORD.of("run6").orElseThrow().results().size(), t.rowCount());

        int blowUp = row(t, "figure", "augmentation blow-up (×)");
        assertEquals("26", t.stringColumn("write-up").get(blowUp));
        // history.csv: 68,850 samples trained on per epoch from 22,950 training originals (3 / 2 / 1 copies).
        assertEquals("3", t.stringColumn("this recording").get(blowUp));
        assertEquals("68850", t.stringColumn("this recording").get(row(t, "figure",
                "training samples after augmentation")));
        assertEquals(String.valueOf(68850 + VALIDATION.samples()), t.stringColumn("this recording").get(row(t,
                "figure", "samples after augmentation")));
        int samples = row(t, "figure", "samples");
        assertEquals("421200", t.stringColumn("write-up").get(samples));
        assertEquals(String.valueOf(VALIDATION.samples()), t.stringColumn("this recording").get(samples));

        int hardShare = row(t, "figure", "hard tier's share (%)");
        assertEquals("65.4", t.stringColumn("write-up").get(hardShare));
        assertEquals("25", t.stringColumn("this recording").get(hardShare));
        assertEquals("50", t.stringColumn("this recording").get(row(t, "figure", "easy tier's share (%)")));
        assertEquals("2", t.stringColumn("this recording").get(row(t, "figure", "easy tier's samples")));

        int easy = row(t, "figure", "easy tier");
        assertEquals("0.44", t.stringColumn("write-up").get(easy));
        assertEquals(four(VALIDATION.tiers().get("easy")), t.stringColumn("this recording").get(easy));
        assertEquals(four(TEST.tiers().get("easy")), t.stringColumn("on test").get(easy));

        // Facts no run folder records.
        assertEquals("-", t.stringColumn("this recording").get(row(t, "figure", "samples before augmentation")));
        assertEquals("14800000", t.stringColumn("write-up").get(row(t, "figure", "largest prediction")));
    }

    @Test
    void run4sCriteriaReadTheWorstGroupsAndTheEpochsTrained(@TempDir Path dir) throws IOException {
        Table t = WriteUpVerdicts.table(recordingAs(dir, "run4"));
        assertEquals(RECORD.of("run4").orElseThrow().criteria().size(), t.rowCount());
        int all = row(t, "criterion", "every group below 0.5");
        double worst = VALIDATION.groups().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(four(worst), t.stringColumn("this recording").get(all));
        int easy = row(t, "criterion", "easy groups below 0.15");
        double worstEasy = List.of("4,2", "4,3", "5,2").stream().mapToDouble(g -> VALIDATION.groups().get(g))
                .max().orElseThrow();
        double worstEasyTest = List.of("4,2", "4,3", "5,2").stream().mapToDouble(g -> TEST.groups().get(g))
                .max().orElseThrow();
        assertEquals(four(worstEasy), t.stringColumn("this recording").get(easy));
        assertEquals(four(worstEasyTest), t.stringColumn("on test").get(easy));
        int epochs = row(t, "criterion", "training stops around epoch 100-120");
        assertEquals("42", t.stringColumn("this recording").get(epochs));
        assertEquals("100 to 120", t.stringColumn("write-up").get(epochs));
        assertEquals("fail", t.stringColumn("verdict").get(epochs));
    }

    @Test
    void everyMeasureOfTheRunsIsOneARecordingGivesOrANamedWriteUpFact() {
        List<String> unknown = new ArrayList<>();
        for (var run : RECORD.runs().entrySet()) {
            for (WriteUpRecord.Criterion c : run.getValue().criteria()) {
                if (!WriteUpVerdicts.measurable(c.measure())) {
                    unknown.add(run.getKey() + " criterion " + c.measure());
                }
            }
            for (WriteUpRecord.Result r : run.getValue().results()) {
                if (!WriteUpVerdicts.measurable(r.measure()) && !FACTS.contains(r.measure())) {
                    unknown.add(run.getKey() + " result " + r.measure());
                }
                assertTrue(Double.isFinite(r.value()), run.getKey() + " " + r.measure());
            }
        }
        assertTrue(unknown.isEmpty(), "measures outside the language: " + unknown);
    }

    @Test
    void resultsAndCriteriaMayBeAbsentFromAnEntry() {
        WriteUpRecord r = WriteUpRecord.parse("{\"run9\": {\"writeUp\": \"x.txt\", \"title\": \"t\", \"settings\": []}}");
        assertEquals(List.of(), r.of("run9").orElseThrow().results());
        assertEquals(List.of(), r.of("run9").orElseThrow().criteria());
    }
}

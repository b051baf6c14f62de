package org.mheightlab.run;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import org.mheightlab.report.RunMetrics;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A recording judged by its write-up's own expected outcomes and success criteria ({@link WriteUpRecord}): per
 * criterion the bound, our value on the recording, and pass or fail. The write-ups measured on their validation
 * split, so the criteria are judged there; the test value stands beside it, since a leaky validation split
 * (Run 6's) flatters only the first.
 */
public final class WriteUpVerdicts {

    private WriteUpVerdicts() {
    }

    /** The verdict table of the run folder {@code runDir} (empty when its run's write-up states no criteria). */
    public static Table table(Path runDir) {
        RunFolder folder = RunFolder.open(runDir);
        String run = folder.definition().name();
        RunMetrics metrics = folder.metrics();
        JsonObject provenance = folder.provenance();
        StringColumn kind = StringColumn.create("kind");
        StringColumn name = StringColumn.create("criterion");
        StringColumn bound = StringColumn.create("write-up");
        StringColumn validation = StringColumn.create("this recording");
        StringColumn test = StringColumn.create("on test");
        StringColumn verdict = StringColumn.create("verdict");
        StringColumn source = StringColumn.create("source");
        WriteUpRecord.WriteUp writeUp = WriteUpRecord.bundled().of(run).orElse(null);
        for (WriteUpRecord.Criterion c : writeUp == null ? java.util.List.<WriteUpRecord.Criterion>of()
                : writeUp.criteria()) {
            double ours = measure(c.measure(), metrics, provenance, "validation");
            double onTest = c.measure().startsWith("validation.") ? measure(c.measure(), metrics, provenance, "test")
                    : Double.NaN;
            kind.append(c.kind());
            name.append(c.name());
            bound.append(c.bound());
            validation.append(format(ours));
            test.append(Double.isNaN(onTest) ? "" : format(onTest));
            verdict.append(Double.isNaN(ours) ? "not measured" : c.holds(ours) ? "pass" : "fail");
            source.append(c.where());
        }
        return Table.create("Run " + run + " judged by its write-up").addColumns(kind, name, bound, validation, test,
                verdict, source);
    }

    /** {@code measure} on the recording; {@code split} replaces "validation" in validation.* measures. */
    private static double measure(String measure, RunMetrics metrics, JsonObject provenance, String split) {
        if (measure.equals("gap")) {
            return metrics.splits().get("validation").overall() - metrics.splits().get("train").overall();
        }
        if (measure.equals("leakingValidationSamples")) {
            return provenance == null || provenance.get("leakingValidationSamples") == null ? Double.NaN
                    : provenance.get("leakingValidationSamples").getAsDouble();
        }
        RunMetrics.Scores scores = metrics.splits().get(split);
        String part = measure.substring(measure.indexOf('.') + 1);
        if (scores == null) {
            return Double.NaN;
        }
        if (part.equals("overall")) {
            return scores.overall();
        }
        Double tier = scores.tiers().get(part);
        return tier == null ? Double.NaN : tier;
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "-" : v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.4f", v);
    }
}

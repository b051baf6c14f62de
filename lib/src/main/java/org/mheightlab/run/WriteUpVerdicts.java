package org.mheightlab.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;
import org.mheightlab.report.RunMetrics;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A recording set against its write-up ({@link WriteUpRecord}): {@link #table} judges it by the write-up's own
 * expected outcomes and success criteria, {@link #beside} sets the figures the write-up reports beside the same
 * measures of the recording. The write-ups measured on their validation split, so both read the recording's
 * validation split there; the test value stands beside it, since a leaky validation split (Run 6's) flatters only
 * the first.
 */
public final class WriteUpVerdicts {

    private static final List<String> SPLITS = List.of("train", "validation", "test");

    /** The measures of {@link WriteUpRecord}'s language that a run folder can give; any other is a write-up fact. */
    private static final Pattern MEASURABLE = Pattern.compile(
            "gap|gap\\.ratio|leakingValidationSamples|epochs|augmentation\\.(samples|trainSamples|blowUp)"
                    + "|(train|validation|test)\\.(overall|balanced|samples|easy|medium|hard|group\\.max"
                    + "|group\\.\\d+,\\d+|(easy|medium|hard)\\.max|(samples|share)\\.(easy|medium|hard))"
                    + "|(train\\.loss|validation\\.(loss|easy|medium|hard|balanced)|learningRate)@\\d+");

    /** Validation scores of the kept model, which the test split has too (not counts, shares or epochs). */
    private static final Pattern VALIDATION_SCORE = Pattern.compile(
            "validation\\.(overall|balanced|easy|medium|hard|group\\.max|group\\.\\d+,\\d+|(easy|medium|hard)\\.max)");

    private WriteUpVerdicts() {
    }

    /** The verdict table of the run folder {@code runDir} (empty when its run's write-up states no criteria). */
    public static Table table(Path runDir) {
        Recording recording = Recording.open(runDir);
        StringColumn kind = StringColumn.create("kind");
        StringColumn name = StringColumn.create("criterion");
        StringColumn bound = StringColumn.create("write-up");
        StringColumn validation = StringColumn.create("this recording");
        StringColumn test = StringColumn.create("on test");
        StringColumn verdict = StringColumn.create("verdict");
        StringColumn source = StringColumn.create("source");
        for (WriteUpRecord.Criterion c : recording.criteria()) {
            double ours = recording.measure(c.measure());
            kind.append(c.kind());
            name.append(c.name());
            bound.append(c.bound());
            validation.append(format(ours));
            test.append(onTest(c.measure()).map(m -> format(recording.measure(m))).orElse(""));
            verdict.append(Double.isNaN(ours) ? "not measured" : c.holds(ours) ? "pass" : "fail");
            source.append(c.where());
        }
        return Table.create(runTitle(recording.run()) + " judged by its write-up").addColumns(kind, name, bound,
                validation, test, verdict, source);
    }

    /**
     * The figures the write-up reports for the run of {@code runDir} beside the same measures of this recording: one
     * row per figure ({@link WriteUpRecord.Result}), with our value on the split the write-up measured on ("-" where
     * the folder cannot give it, e.g. a write-up's sample counts by tier without a predictions.csv), our test value
     * beside a validation score, and the write-up's line. Empty when the write-up reports no figures for the run.
     */
    public static Table beside(Path runDir) {
        Recording recording = Recording.open(runDir);
        StringColumn figure = StringColumn.create("figure");
        StringColumn split = StringColumn.create("split");
        StringColumn writeUp = StringColumn.create("write-up");
        StringColumn ours = StringColumn.create("this recording");
        StringColumn test = StringColumn.create("on test");
        StringColumn source = StringColumn.create("source");
        for (WriteUpRecord.Result r : recording.results()) {
            figure.append(figure(r.measure()));
            split.append(split(r.measure()));
            writeUp.append(WriteUpRecord.plain(r.value()));
            ours.append(format(recording.measure(r.measure())));
            test.append(onTest(r.measure()).map(m -> format(recording.measure(m))).orElse(""));
            source.append(r.where());
        }
        return Table.create(runTitle(recording.run()) + ": the write-up's figures beside this recording")
                .addColumns(figure, split, writeUp, ours, test, source);
    }

    /** Whether a run folder can give {@code measure} (else it is a fact only the write-up states). */
    static boolean measurable(String measure) {
        return MEASURABLE.matcher(measure).matches();
    }

    /** The same score on test, for a validation score (a leaky validation split flatters only the first). */
    private static Optional<String> onTest(String measure) {
        return VALIDATION_SCORE.matcher(measure).matches()
                ? Optional.of("test" + measure.substring("validation".length())) : Optional.empty();
    }

    /** "Run 1" for run1; other names as they are. */
    private static String runTitle(String run) {
        return run.matches("run\\d+") ? "Run " + run.substring(3) : "Run " + run;
    }

    /** The split a measure reads, as the write-up measured it ("" for a figure of no one split). */
    private static String split(String measure) {
        if (measure.equals("gap") || measure.equals("gap.ratio")) {
            return "validation, train";
        }
        int dot = measure.indexOf('.');
        String first = dot < 0 ? measure : measure.substring(0, dot);
        return SPLITS.contains(first) ? first : "";
    }

    /** A measure in words: "(4,5)", "easy tier", "overall", "loss in epoch 100". */
    private static String figure(String measure) {
        int at = measure.indexOf('@');
        if (at >= 0) {
            return figure(measure.substring(0, at)) + " in epoch " + measure.substring(at + 1);
        }
        switch (measure) {
            case "gap":
                return "validation − train";
            case "gap.ratio":
                return "validation ÷ train";
            case "leakingValidationSamples":
                return "leaking validation samples";
            case "epochs":
                return "epochs trained";
            case "augmentation.samples":
                return "samples after augmentation";
            case "augmentation.trainSamples":
                return "training samples after augmentation";
            case "augmentation.blowUp":
                return "augmentation blow-up (×)";
            case "learningRate":
                return "learning rate";
            case "data.samples":
                return "samples before augmentation";
            case "predictions.min":
                return "smallest prediction";
            case "predictions.max":
                return "largest prediction";
            default:
                break;
        }
        String split = split(measure);
        if (split.isEmpty()) {
            return measure;
        }
        String part = measure.substring(split.length() + 1);
        if (part.equals("group.max")) {
            return "worst group";
        }
        if (part.startsWith("group.")) {
            return "(" + part.substring("group.".length()) + ")";
        }
        if (part.startsWith("samples.")) {
            return part.substring("samples.".length()) + " tier's samples";
        }
        if (part.startsWith("share.")) {
            return part.substring("share.".length()) + " tier's share (%)";
        }
        if (part.endsWith(".max")) {
            return "worst " + part.substring(0, part.length() - ".max".length()) + " group";
        }
        if (part.equals("balanced")) {
            return "balanced (tiers equal)";
        }
        return Tier.byLabel(part).isPresent() ? part + " tier" : part;
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "-" : v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * What a run folder can say about a measure: metrics.json (scores and sample counts per split),
     * provenance.json (leakage, epochs), history.csv (per-epoch figures, samples trained on) and predictions.csv
     * (the validation and test rows, hence counts by tier). The two CSV files are read when a measure first needs
     * them; a figure a file does not hold is NaN.
     */
    private static final class Recording {

        private final String run;
        private final RunMetrics metrics;
        private final JsonObject provenance;
        private final Path historyFile;
        private final Path predictionsFile;
        private final WriteUpRecord.WriteUp writeUp;
        private List<CSVRecord> history;
        private Map<String, Map<Tier, Integer>> tierCounts;
        private Map<String, Integer> splitCounts;

        private Recording(RunFolder folder) {
            run = folder.definition().name();
            metrics = folder.metrics();
            provenance = folder.provenance();
            historyFile = folder.historyFile();
            predictionsFile = folder.predictionsFile();
            writeUp = WriteUpRecord.bundled().of(run).orElse(null);
        }

        static Recording open(Path runDir) {
            return new Recording(RunFolder.open(runDir));
        }

        String run() {
            return run;
        }

        List<WriteUpRecord.Criterion> criteria() {
            return writeUp == null ? List.of() : writeUp.criteria();
        }

        List<WriteUpRecord.Result> results() {
            return writeUp == null ? List.of() : writeUp.results();
        }

        /** {@code measure} (WriteUpRecord's language) on this recording, NaN where it cannot say. */
        double measure(String measure) {
            if (!measurable(measure)) {
                return Double.NaN;
            }
            switch (measure) {
                case "gap":
                    return score("validation", "overall") - score("train", "overall");
                case "gap.ratio":
                    return score("validation", "overall") / score("train", "overall");
                case "leakingValidationSamples":
                    return provenanceNumber("leakingValidationSamples");
                case "epochs":
                    return epochsTrained();
                case "augmentation.trainSamples":
                    return trainedPerEpoch();
                case "augmentation.samples":
                    return trainedPerEpoch() + score("validation", "samples");
                case "augmentation.blowUp":
                    // The training side's: samples trained on per epoch over its originals. Where the split came
                    // after augmentation (Run 6) that is, in expectation, the whole set's ratio the write-up gives.
                    return trainedPerEpoch() / score("train", "samples");
                default:
                    break;
            }
            int at = measure.indexOf('@');
            if (at >= 0) {
                return atEpoch(measure.substring(0, at), Integer.parseInt(measure.substring(at + 1)));
            }
            int dot = measure.indexOf('.');
            return score(measure.substring(0, dot), measure.substring(dot + 1));
        }

        /** One split's figure from metrics.json, or from predictions.csv for counts by tier. */
        private double score(String split, String part) {
            if (part.startsWith("samples.") || part.startsWith("share.")) {
                Tier tier = Tier.byLabel(part.substring(part.indexOf('.') + 1)).orElseThrow();
                Map<Tier, Integer> counts = tierCounts().get(split);
                if (counts == null) {
                    return Double.NaN;
                }
                int n = counts.getOrDefault(tier, 0);
                return part.startsWith("samples.") ? n : 100.0 * n / splitCounts.get(split);
            }
            RunMetrics.Scores s = metrics.splits().get(split);
            if (s == null) {
                return Double.NaN;
            }
            switch (part) {
                case "overall":
                    return s.overall();
                case "balanced":
                    return s.balanced();
                case "samples":
                    return s.samples();
                case "group.max":
                    return worst(s, null);
                default:
                    break;
            }
            if (part.startsWith("group.")) {
                Double v = s.groups().get(part.substring("group.".length()));
                return v == null ? Double.NaN : v;
            }
            if (part.endsWith(".max")) {
                return worst(s, Tier.byLabel(part.substring(0, part.length() - ".max".length())).orElseThrow());
            }
            Double tier = s.tiers().get(part);
            return tier == null ? Double.NaN : tier;
        }

        /** The worst group's log2-MSE (of {@code tier}, or of all groups when null). */
        private static double worst(RunMetrics.Scores s, Tier tier) {
            double worst = Double.NaN;
            for (Map.Entry<String, Double> g : s.groups().entrySet()) {
                if (tier == null || Group.parse(g.getKey()).tier().orElse(null) == tier) {
                    worst = Double.isNaN(worst) ? g.getValue() : Math.max(worst, g.getValue());
                }
            }
            return worst;
        }

        private double provenanceNumber(String key) {
            JsonElement v = provenance == null ? null : provenance.get(key);
            return v == null || v.isJsonNull() ? Double.NaN : v.getAsDouble();
        }

        /** The longest training of the run's members (provenance.json). */
        private double epochsTrained() {
            if (provenance == null || !provenance.has("members")) {
                return Double.NaN;
            }
            double most = Double.NaN;
            for (JsonElement m : provenance.getAsJsonArray("members")) {
                JsonElement e = m.getAsJsonObject().get("epochs");
                if (e != null) {
                    most = Double.isNaN(most) ? e.getAsDouble() : Math.max(most, e.getAsDouble());
                }
            }
            return most;
        }

        /**
         * The training samples after augmentation: the most the first member trained on in an epoch (a curriculum
         * phase or a stopped epoch trains on fewer).
         */
        private double trainedPerEpoch() {
            double most = Double.NaN;
            for (CSVRecord r : history()) {
                if (r.isMapped("samples") && !r.get("samples").isEmpty()) {
                    double n = Double.parseDouble(r.get("samples"));
                    most = Double.isNaN(most) ? n : Math.max(most, n);
                }
            }
            return most;
        }

        /** A history.csv figure of epoch {@code epoch} (from 1) of the first member. */
        private double atEpoch(String base, int epoch) {
            String column = switch (base) {
                case "train.loss" -> "train_loss";
                case "validation.loss" -> "val_loss";
                case "validation.easy" -> "val_easy";
                case "validation.medium" -> "val_medium";
                case "validation.hard" -> "val_hard";
                case "validation.balanced" -> "val_balanced";
                case "learningRate" -> "learning_rate";
                default -> null;
            };
            for (CSVRecord r : history()) {
                if (column != null && r.isMapped(column) && r.get("epoch").equals(String.valueOf(epoch - 1))) {
                    String v = r.get(column);
                    return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
                }
            }
            return Double.NaN;
        }

        /** The first member's rows of history.csv (none without the file). */
        private List<CSVRecord> history() {
            if (history == null) {
                history = new ArrayList<>();
                if (Files.isRegularFile(historyFile)) {
                    forEachRow(historyFile, r -> {
                        if (history.isEmpty() || r.get("member").equals(history.get(0).get("member"))) {
                            history.add(r);
                        }
                    });
                }
            }
            return history;
        }

        /** Rows per tier and in all, per split of predictions.csv (validation and test; none without the file). */
        private Map<String, Map<Tier, Integer>> tierCounts() {
            if (tierCounts == null) {
                tierCounts = new HashMap<>();
                splitCounts = new HashMap<>();
                if (Files.isRegularFile(predictionsFile)) {
                    forEachRow(predictionsFile, r -> {
                        String split = r.get("split");
                        splitCounts.merge(split, 1, Integer::sum);
                        Map<Tier, Integer> counts = tierCounts.computeIfAbsent(split, s -> new EnumMap<>(Tier.class));
                        new Group(Integer.parseInt(r.get("k")), Integer.parseInt(r.get("m"))).tier()
                                .ifPresent(t -> counts.merge(t, 1, Integer::sum));
                    });
                }
            }
            return tierCounts;
        }

        /** Streams the rows of a CSV file with a header (predictions.csv may be large). */
        private static void forEachRow(Path file, Consumer<CSVRecord> row) {
            try (Reader in = Files.newBufferedReader(file);
                 CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
                p.forEach(row);
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot read", e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": not a readable table: " + e.getMessage(), e);
            }
        }
    }
}

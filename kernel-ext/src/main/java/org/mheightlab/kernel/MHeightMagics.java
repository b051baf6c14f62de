package org.mheightlab.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.code.HeightProfile;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Tier;
import org.mheightlab.data.gen.DatasetGenerator;
import org.mheightlab.data.gen.EntryDistribution;
import org.mheightlab.data.gen.GeneratorConfig;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.report.RunCharts;
import org.mheightlab.report.RunMetrics;
import org.mheightlab.run.RunDefinition;
import org.mheightlab.run.RunFolder;
import org.mheightlab.run.RunOverrides;
import org.mheightlab.run.RunRunner;
import org.mheightlab.run.RunSettings;
import org.mheightlab.run.WriteUpVerdicts;
import org.mheightlab.train.EpochRecord;
import tech.tablesaw.api.Table;

/**
 * What the notebook magics do, independent of any kernel: each returns the {@link DisplayData} a cell shows
 * (HTML plus a short text/plain part, so saved notebooks stay small). The notebooks call the same library API
 * a Java user would; these are shortcuts.
 *
 * <ul>
 *   <li>{@code %mh_data PATH} — load a dataset, show its per-group counts;</li>
 *   <li>{@code %mh_generate COUNT [SEED] [DIST]} — generate a labelled dataset, show its counts;</li>
 *   <li>{@code %%mh_height [M]} — exact heights of the matrix P typed in the cell;</li>
 *   <li>{@code %%mh_train RUN [OUT]} — run a run definition; cell lines {@code key = value} are the
 *   {@link RunOverrides} of {@code mheight train} ({@code epochs}, {@code limitPerGroup}, {@code train},
 *   {@code test}, {@code generatedPerK}, {@code compare}, and {@code overwrite = true} to replace an earlier run
 *   folder, which is refused otherwise, as on the command line); the environment
 *   variables {@code MHEIGHT_EPOCHS} and {@code MHEIGHT_LIMIT_PER_GROUP} set defaults for headless runs. A cell
 *   that names a recording ({@code recorded = ../docs/run1}) opens it instead of training: the recorded folder is
 *   copied to OUT, so the cells after it read the same folder either way; {@code retrain = true} (or
 *   {@code MHEIGHT_RETRAIN=1}, as CI sets with the small settings) trains instead;</li>
 *   <li>{@code %mh_table RUN_DIR} — the per-group / per-tier table of a run;</li>
 *   <li>{@code %mh_beside RUN_DIR} — the figures the run's write-up reports (per-group tables, headline scores,
 *   data sizes) beside the same measures on the run folder;</li>
 *   <li>{@code %mh_writeup RUN_DIR} — the run judged by its write-up's expected outcomes and success criteria
 *   (bound, our value, pass or fail, the line of the write-up);</li>
 *   <li>{@code %mh_settings RUN_DIR} — what a run was trained with (architecture, loss, schedule, stopping,
 *   augmentation, data and data sizes, how it ended), from its run folder;</li>
 *   <li>{@code %mh_compare RUN_A RUN_B} — two runs side by side;</li>
 *   <li>{@code %mh_history RUN_DIR}, {@code %mh_scatter RUN_DIR [log|linear]}, {@code %mh_bars RUN_DIR} — the
 *   training history, predicted against true heights with y = x, and per-group bars against the group-mean
 *   baseline, as Plotly figures.</li>
 * </ul>
 */
public final class MHeightMagics {

    private Dataset current;

    /** The dataset the last {@code %mh_data} or {@code %mh_generate} produced (null before). */
    public Dataset current() {
        return current;
    }

    public DisplayData data(List<String> args) {
        require(args, 1, "%mh_data PATH");
        current = DatasetFiles.read(Path.of(args.get(0)));
        return counts("Dataset " + args.get(0), current);
    }

    public DisplayData generate(List<String> args) {
        require(args, 1, "%mh_generate COUNT [SEED] [DIST]");
        int count = Integer.parseInt(args.get(0));
        long seed = args.size() > 1 ? Long.parseLong(args.get(1)) : 1L;
        EntryDistribution dist = EntryDistribution.parse(args.size() > 2 ? args.get(2) : "course");
        current = new DatasetGenerator(Runtime.getRuntime().availableProcessors(), n -> { })
                .generate(GeneratorConfig.taskGroups(count, dist, seed)).dataset();
        return counts("Generated (" + dist.spec() + ", seed " + seed + ")", current);
    }

    public DisplayData height(List<String> args, String body) {
        double[][] p = parseMatrix(body);
        HeightProfile h = new ExactHeightCalculator().profile(p);
        List<List<String>> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int m = 1; m < h.n(); m++) {
            if (!args.isEmpty() && m != Integer.parseInt(args.get(0))) {
                continue;
            }
            String v = h.isFinite(m) ? String.valueOf(h.height(m)) : "inf";
            rows.add(List.of(String.valueOf(m), v));
            text.append("h_").append(m).append(" = ").append(v).append('\n');
        }
        return display(Html.table("n=" + h.n() + ", k=" + h.k(), List.of("m", "h_m"), rows), text.toString());
    }

    /**
     * Runs a run definition with the overrides in the cell; {@code progress} receives a one-line status each
     * epoch (the kernel shows it by updating a single display).
     */
    public Table train(List<String> args, String body, Consumer<String> progress) {
        require(args, 1, "%%mh_train RUN [OUT]");
        Map<String, String> o = new java.util.LinkedHashMap<>();
        // Small settings for headless runs (CI), as d2l-java does: environment defaults the cell can override.
        String envEpochs = System.getenv("MHEIGHT_EPOCHS");
        String envLimit = System.getenv("MHEIGHT_LIMIT_PER_GROUP");
        if (envEpochs != null && !envEpochs.isBlank()) {
            o.put("epochs", envEpochs.strip());
        }
        if (envLimit != null && !envLimit.isBlank()) {
            o.put("limitPerGroup", envLimit.strip());
        }
        Map<String, String> cell = overrides(body);
        // recorded / retrain belong to the cell, not to the run: they choose between opening a recording and
        // training, so they are taken out before the rest become the run's overrides.
        String recorded = cell.remove(RECORDED);
        String retrainText = cell.remove(RETRAIN);
        o.putAll(cell);
        // The same overrides and output rule as mheight train: an earlier run folder is replaced only when the
        // cell says overwrite = true.
        RunOverrides overrides = RunOverrides.parse(o);
        RunDefinition def = overrides.applyTo(RunDefinition.load(args.get(0)));
        Path out = Path.of(args.size() > 1 ? args.get(1) : "runs-out/" + def.name());
        overrides.checkOutput("%%mh_train OUT", out, def);
        if (recorded != null && !retrain(retrainText)) {
            RunFolder copy = RunFolder.copyOf(Path.of(recorded), out, overrides.overwrite());
            progress.accept(openedNote(recorded, out, copy));
            return RunCharts.perGroupTable(copy.metrics());
        }
        int max = def.training().maxEpochs();
        RunRunner.Outcome outcome = RunRunner.run(def, new RunRunner.Options(Path.of(""), out, overrides.compare(),
                line -> { }, r -> progress.accept(status(r, max))).withOverrides(overrides));
        return RunCharts.perGroupTable(RunFolder.open(outcome.folder()).metrics());
    }

    /** Cell key naming the recorded run folder the cell opens instead of training (unless retrain is true). */
    static final String RECORDED = "recorded";
    /** Cell key: true trains the run even where the cell names a recording. */
    static final String RETRAIN = "retrain";
    /** Environment variable that makes retrain the default (CI sets it, with the small settings). */
    static final String RETRAIN_ENV = "MHEIGHT_RETRAIN";

    /** Whether a cell trains: its own retrain line decides, else MHEIGHT_RETRAIN (1/true), else it opens. */
    static boolean retrain(String cellValue) {
        String v = cellValue != null ? cellValue : System.getenv(RETRAIN_ENV);
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(RETRAIN + " is true or false, got '" + v.strip() + "'");
        };
    }

    /** What a cell that opened a recording says: where from, how it was recorded, and how to train instead. */
    static String openedNote(String recorded, Path out, RunFolder copy) {
        com.google.gson.JsonObject provenance = copy.provenance();
        String how = "";
        if (provenance != null && provenance.has("overrides")) {
            com.google.gson.JsonObject ov = provenance.getAsJsonObject("overrides");
            if (ov.has("reason")) {
                how = " It was recorded with an override (" + ov.get("reason").getAsString() + ").";
            }
        }
        return "Opened the recorded run " + recorded + " (copied to " + out + "); nothing was trained here." + how
                + " Write 'retrain = true' in this cell to train it again here.";
    }

    static String status(EpochRecord r, int maxEpochs) {
        return String.format(Locale.ROOT, "epoch %d/%d  train %.4f  validation %.4f  (easy %.4f, medium %.4f, hard %.4f)"
                        + "  lr %.2e", r.epoch() + 1, maxEpochs, r.trainLoss(), r.validationLoss(),
                r.validation().tier(Tier.EASY), r.validation().tier(Tier.MEDIUM), r.validation().tier(Tier.HARD),
                r.learningRate());
    }

    /** The per-group / per-tier table of a run, as a Tablesaw table (rendered as HTML in the notebook). */
    public Table table(List<String> args) {
        require(args, 1, "%mh_table RUN_DIR");
        return RunCharts.perGroupTable(RunFolder.open(Path.of(args.get(0))).metrics());
    }

    /** The settings a run folder was trained with ({@link RunSettings#table}), as a Tablesaw table. */
    public Table settings(List<String> args) {
        require(args, 1, "%mh_settings RUN_DIR");
        return RunSettings.table(Path.of(args.get(0)));
    }

    /** The run judged by its write-up ({@link WriteUpVerdicts#table}), as a Tablesaw table. */
    public Table writeUp(List<String> args) {
        require(args, 1, "%mh_writeup RUN_DIR");
        return WriteUpVerdicts.table(Path.of(args.get(0)));
    }

    /** The write-up's own figures beside the run's ({@link WriteUpVerdicts#beside}), as a Tablesaw table. */
    public Table beside(List<String> args) {
        require(args, 1, "%mh_beside RUN_DIR");
        return WriteUpVerdicts.beside(Path.of(args.get(0)));
    }

    public tech.tablesaw.plotly.components.Figure history(List<String> args) {
        require(args, 1, "%mh_history RUN_DIR");
        RunFolder folder = RunFolder.open(Path.of(args.get(0)));
        return RunCharts.history(folder.historyFile(), folder.metrics().run());
    }

    public tech.tablesaw.plotly.components.Figure scatter(List<String> args) {
        require(args, 1, "%mh_scatter RUN_DIR [log|linear]");
        boolean log = args.size() < 2 || !args.get(1).equalsIgnoreCase("linear");
        RunFolder folder = RunFolder.open(Path.of(args.get(0)));
        return RunCharts.predictedVsTrue(folder.predictionsFile(), folder.metrics().run(), log);
    }

    public tech.tablesaw.plotly.components.Figure bars(List<String> args) {
        require(args, 1, "%mh_bars RUN_DIR");
        return RunCharts.groupBars(RunFolder.open(Path.of(args.get(0))).metrics());
    }

    public DisplayData compare(List<String> args) {
        require(args, 2, "%mh_compare RUN_A RUN_B");
        RunMetrics a = RunFolder.open(Path.of(args.get(0))).metrics();
        RunMetrics b = RunFolder.open(Path.of(args.get(1))).metrics();
        RunMetrics.Scores ta = a.splits().get("test");
        RunMetrics.Scores tb = b.splits().get("test");
        List<List<String>> rows = new ArrayList<>();
        for (String g : ta.groups().keySet()) {
            Double vb = tb.groups().get(g);
            rows.add(List.of("(" + g + ")", f(ta.groups().get(g)), vb == null ? "-" : f(vb),
                    vb == null ? "-" : String.format(Locale.ROOT, "%+.4f", ta.groups().get(g) - vb)));
        }
        for (String t : ta.tiers().keySet()) {
            Double vb = tb.tiers().get(t);
            rows.add(List.of(t, f(ta.tiers().get(t)), vb == null ? "-" : f(vb),
                    vb == null ? "-" : String.format(Locale.ROOT, "%+.4f", ta.tiers().get(t) - vb)));
        }
        rows.add(List.of("balanced", f(ta.balanced()), f(tb.balanced()),
                String.format(Locale.ROOT, "%+.4f", ta.balanced() - tb.balanced())));
        rows.add(List.of("overall", f(ta.overall()), f(tb.overall()),
                String.format(Locale.ROOT, "%+.4f", ta.overall() - tb.overall())));
        return display(Html.table("test log2-MSE: " + a.run() + " vs " + b.run(), List.of("group", a.run(), b.run(),
                "change"), rows), String.format(Locale.ROOT, "%s %.4f vs %s %.4f", a.run(), ta.overall(), b.run(),
                tb.overall()));
    }

    private static DisplayData counts(String title, Dataset d) {
        List<List<String>> rows = new ArrayList<>();
        d.countsByGroup().forEach((g, c) -> rows.add(List.of(g.toString(), g.tier().map(Tier::label).orElse("-"),
                String.valueOf(c))));
        rows.add(List.of("total", "", String.valueOf(d.size())));
        return display(Html.table(title, List.of("group", "tier", "samples"), rows),
                title + ": " + d.size() + " samples in " + d.groups().size() + " groups");
    }

    static DisplayData display(String html, String text) {
        DisplayData out = new DisplayData(text);
        out.putHTML(html);
        return out;
    }

    static Map<String, String> overrides(String body) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : body == null ? new String[0] : body.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("override lines are 'key = value', got '" + t + "'");
            }
            String key = t.substring(0, eq).strip();
            if (!key.equals(RECORDED) && !key.equals(RETRAIN)) {
                RunOverrides.requireKey(key); // refused at its line, before any other line is read
            }
            out.put(key, t.substring(eq + 1).strip());
        }
        return out;
    }

    static double[][] parseMatrix(String body) {
        List<double[]> rows = new ArrayList<>();
        for (String line : body.split("[;\n]")) {
            String t = line.replace('[', ' ').replace(']', ' ').replace(',', ' ').strip();
            if (t.isEmpty()) {
                continue;
            }
            String[] cells = t.split("\\s+");
            double[] r = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                r[i] = Double.parseDouble(cells[i]);
            }
            rows.add(r);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("%%mh_height needs the matrix P in the cell, one row per line");
        }
        return rows.toArray(double[][]::new);
    }

    private static void require(List<String> args, int n, String usage) {
        if (args.size() < n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}

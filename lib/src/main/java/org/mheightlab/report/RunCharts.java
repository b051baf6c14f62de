package org.mheightlab.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Tablesaw tables and charts of a run folder: the per-group table, the training history, predicted against true
 * heights with the y = x line, and per-group bars against the group-mean baseline. Notebooks show them inline;
 * a Java user can write them to HTML with Tablesaw.
 */
public final class RunCharts {

    private RunCharts() {
    }

    /**
     * Per group and tier: test, validation, train log2-MSE, the gap, the group-mean baseline and any other
     * baseline the run measured on test (a split named "NAME baseline", e.g. Run 8's ridge, as a column "NAME
     * baseline"), so the table shows what the network has to beat.
     */
    public static Table perGroupTable(RunMetrics m) {
        RunMetrics.Scores test = m.splits().get("test");
        RunMetrics.Scores val = m.splits().get("validation");
        RunMetrics.Scores train = m.splits().get("train");
        RunMetrics.Scores base = m.splits().get("group-mean baseline");
        Map<String, RunMetrics.Scores> extras = new java.util.LinkedHashMap<>();
        m.splits().forEach((split, scores) -> {
            if (split.endsWith(" baseline") && !split.equals("group-mean baseline")) {
                extras.put(split, scores);
            }
        });
        StringColumn name = StringColumn.create("group");
        StringColumn tier = StringColumn.create("tier");
        DoubleColumn t = DoubleColumn.create("test");
        DoubleColumn v = DoubleColumn.create("validation");
        DoubleColumn tr = DoubleColumn.create("train");
        DoubleColumn gap = DoubleColumn.create("gap (val - train)");
        DoubleColumn b = DoubleColumn.create("group-mean baseline");
        List<DoubleColumn> extraColumns = extras.keySet().stream().map(DoubleColumn::create).toList();
        List<RunMetrics.Scores> extraScores = List.copyOf(extras.values());
        for (String g : test.groups().keySet()) {
            name.append("(" + g + ")");
            tier.append(Group.parse(g).tier().map(Tier::label).orElse("-"));
            add(t, v, tr, gap, b, test.groups().get(g), val.groups().get(g), train.groups().get(g), base.groups().get(g));
            for (int i = 0; i < extraColumns.size(); i++) {
                extraColumns.get(i).append(round(extraScores.get(i).groups().get(g)));
            }
        }
        for (String tl : test.tiers().keySet()) {
            name.append(tl);
            tier.append("tier");
            add(t, v, tr, gap, b, test.tiers().get(tl), val.tiers().get(tl), train.tiers().get(tl), base.tiers().get(tl));
            for (int i = 0; i < extraColumns.size(); i++) {
                extraColumns.get(i).append(round(extraScores.get(i).tiers().get(tl)));
            }
        }
        name.append("balanced");
        tier.append("");
        add(t, v, tr, gap, b, test.balanced(), val.balanced(), train.balanced(), base.balanced());
        for (int i = 0; i < extraColumns.size(); i++) {
            extraColumns.get(i).append(round(extraScores.get(i).balanced()));
        }
        name.append("overall");
        tier.append("");
        add(t, v, tr, gap, b, test.overall(), val.overall(), train.overall(), base.overall());
        for (int i = 0; i < extraColumns.size(); i++) {
            extraColumns.get(i).append(round(extraScores.get(i).overall()));
        }
        Table table = Table.create("Run " + m.run() + ": log2-MSE").addColumns(name, tier, t, v, tr, gap, b);
        extraColumns.forEach(table::addColumns);
        return table;
    }

    /**
     * Several runs' test log2-MSE side by side, one column per run (named by the run), one row per group, tier,
     * balanced and overall: an ablation study or any set of variants scored on the same test set. {@code runs}
     * maps a column label to the run's metrics, in column order.
     */
    public static Table testScores(String title, Map<String, RunMetrics> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to compare");
        }
        RunMetrics.Scores first = runs.values().iterator().next().splits().get("test");
        StringColumn name = StringColumn.create("group");
        List<String> rows = new ArrayList<>();
        for (String g : first.groups().keySet()) {
            name.append("(" + g + ")");
            rows.add("g:" + g);
        }
        for (String t : first.tiers().keySet()) {
            name.append(t);
            rows.add("t:" + t);
        }
        name.append("balanced");
        rows.add("balanced");
        name.append("overall");
        rows.add("overall");
        Table table = Table.create(title).addColumns(name);
        runs.forEach((label, metrics) -> {
            RunMetrics.Scores test = metrics.splits().get("test");
            if (test == null) {
                throw new IllegalArgumentException(label + ": its metrics have no test split");
            }
            DoubleColumn c = DoubleColumn.create(label);
            for (String row : rows) {
                c.append(round(row.equals("balanced") ? test.balanced() : row.equals("overall") ? test.overall()
                        : row.startsWith("g:") ? test.groups().get(row.substring(2))
                        : test.tiers().get(row.substring(2))));
            }
            table.addColumns(c);
        });
        return table;
    }

    private static void add(DoubleColumn t, DoubleColumn v, DoubleColumn tr, DoubleColumn gap, DoubleColumn b,
                            Double test, Double val, Double train, Double base) {
        t.append(round(test));
        v.append(round(val));
        tr.append(round(train));
        gap.append(round(val - train));
        b.append(round(base));
    }

    private static double round(Double x) {
        return x == null ? Double.NaN : Math.round(x * 1e4) / 1e4;
    }

    /**
     * Train and validation loss, and the validation loss of each tier, per epoch (log scale). An ensemble shows
     * its first member; a minor-token run (one model per k: members k4, k5, k6) shows train and validation loss
     * of every k.
     */
    public static Figure history(Path historyCsv, String run) {
        List<CSVRecord> rows = csv(historyCsv);
        List<String> members = rows.stream().map(r -> r.get("member")).distinct().toList();
        boolean perK = !members.isEmpty() && members.get(0).startsWith("k");
        List<Trace> traces = new ArrayList<>();
        if (perK) {
            for (String member : members) {
                for (String s : new String[] {"train_loss", "val_loss"}) {
                    traces.add(series(rows, member, s, member + " " + s.replace('_', ' ')));
                }
            }
        } else {
            for (String s : new String[] {"train_loss", "val_loss", "val_easy", "val_medium", "val_hard"}) {
                traces.add(series(rows, members.isEmpty() ? "0" : members.get(0), s, s.replace('_', ' ')));
            }
        }
        Layout layout = Layout.builder().title("Training history of " + run).height(420).width(720)
                .xAxis(Axis.builder().title("epoch").build())
                .yAxis(Axis.builder().title("log2-MSE").type(Axis.Type.LOG).build()).build();
        return new Figure(layout, traces.toArray(Trace[]::new));
    }

    private static Trace series(List<CSVRecord> rows, String member, String column, String name) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (CSVRecord r : rows) {
            if (r.get("member").equals(member) && !r.get(column).isEmpty()) {
                x.add(Double.parseDouble(r.get("epoch")));
                y.add(Double.parseDouble(r.get(column)));
            }
        }
        return ScatterTrace.builder(toArray(x), toArray(y)).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name).build();
    }

    /** Predicted against true height on the test set, with the y = x line; log or linear axes. */
    public static Figure predictedVsTrue(Path predictionsCsv, String run, boolean logAxes) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (CSVRecord r : csv(predictionsCsv)) {
            if (r.get("split").equals("test")) {
                x.add(Double.parseDouble(r.get("height")));
                y.add(Double.parseDouble(r.get("predicted")));
            }
        }
        double lo = Math.max(1.0, Math.min(x.stream().mapToDouble(d -> d).min().orElse(1),
                y.stream().mapToDouble(d -> d).min().orElse(1)));
        double hi = Math.max(x.stream().mapToDouble(d -> d).max().orElse(2), y.stream().mapToDouble(d -> d).max().orElse(2));
        Trace points = ScatterTrace.builder(toArray(x), toArray(y)).mode(ScatterTrace.Mode.MARKERS).name("test samples")
                .build();
        Trace diagonal = ScatterTrace.builder(new double[] {lo, hi}, new double[] {lo, hi}).mode(ScatterTrace.Mode.LINE)
                .name("y = x").build();
        Axis.Type type = logAxes ? Axis.Type.LOG : Axis.Type.LINEAR;
        Layout layout = Layout.builder().title("Predicted vs true m-height, " + run
                        + (logAxes ? " (log axes)" : " (linear axes)")).height(480).width(560)
                .xAxis(Axis.builder().title("true h_m").type(type).build())
                .yAxis(Axis.builder().title("predicted h_m").type(type).build()).build();
        return new Figure(layout, points, diagonal);
    }

    /** Test log2-MSE per group beside the group-mean baseline. */
    public static Figure groupBars(RunMetrics m) {
        Map<String, Double> test = m.splits().get("test").groups();
        Map<String, Double> base = m.splits().get("group-mean baseline").groups();
        Object[] names = test.keySet().stream().map(g -> "(" + g + ")").toArray();
        double[] t = test.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = test.keySet().stream().mapToDouble(base::get).toArray();
        Trace model = BarTrace.builder(names, t).name(m.run()).build();
        Trace baseline = BarTrace.builder(names, b).name("group-mean baseline").build();
        Layout layout = Layout.builder().title("Test log2-MSE per group, " + m.run()).height(420).width(720)
                .barMode(Layout.BarMode.GROUP).xAxis(Axis.builder().title("group (k,m)").build())
                .yAxis(Axis.builder().title("log2-MSE").build()).build();
        return new Figure(layout, model, baseline);
    }

    private static double[] toArray(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<CSVRecord> csv(Path file) {
        try (Reader r = Files.newBufferedReader(file);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            return p.getRecords();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (is it a run folder's file?): " + e.getMessage(), e);
        }
    }
}

package org.mheightlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;

/**
 * The text table of {@code per_group_performance.txt}: per group, per tier, balanced and overall log2-MSE on
 * test, validation and train, the train–validation gap, the group-mean baseline, any other baseline the run
 * measured (a split named "NAME baseline", e.g. Run 8's ridge, as a column NAME) and, when given, another run's
 * test score with the difference ("vs Run 2").
 */
public final class PerGroupTable {

    private PerGroupTable() {
    }

    public static String render(RunMetrics metrics, RunMetrics other, String title) {
        RunMetrics.Scores test = metrics.splits().get("test");
        RunMetrics.Scores val = metrics.splits().get("validation");
        RunMetrics.Scores train = metrics.splits().get("train");
        RunMetrics.Scores base = metrics.splits().get("group-mean baseline");
        RunMetrics.Scores vs = other == null ? null : other.splits().get("test");
        List<String> extraNames = new ArrayList<>();
        List<RunMetrics.Scores> extras = new ArrayList<>();
        metrics.splits().forEach((name, scores) -> {
            if (name.endsWith(" baseline") && !name.equals("group-mean baseline")) {
                extraNames.add(name.substring(0, name.length() - " baseline".length()));
                extras.add(scores);
            }
        });
        String otherName = other == null ? null : other.run();
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n');
        sb.append(String.format(Locale.ROOT, "log2-MSE = mean((log2 h - log2 h_hat)^2); test %d, validation %d, train %d "
                + "samples%n%n", test.samples(), val.samples(), train.samples()));
        List<String> header = new ArrayList<>(List.of("group", "tier", "test", "validation", "train", "gap(val-train)",
                "group-mean"));
        header.addAll(extraNames);
        if (vs != null) {
            header.add("vs " + otherName);
            header.add("change");
        }
        sb.append(row(header)).append('\n');
        for (String g : test.groups().keySet()) {
            String tier = Group.parse(g).tier().map(Tier::label).orElse("-");
            sb.append(row(line("(" + g + ")", tier, test.groups().get(g), val.groups().get(g), train.groups().get(g),
                    base.groups().get(g), extras.stream().map(e -> e.groups().get(g)).toList(),
                    vs == null ? null : vs.groups().get(g), vs != null))).append('\n');
        }
        sb.append('\n');
        for (String t : test.tiers().keySet()) {
            sb.append(row(line(t, "tier", test.tiers().get(t), val.tiers().get(t), train.tiers().get(t),
                    base.tiers().get(t), extras.stream().map(e -> e.tiers().get(t)).toList(),
                    vs == null ? null : vs.tiers().get(t), vs != null))).append('\n');
        }
        sb.append(row(line("balanced", "-", test.balanced(), val.balanced(), train.balanced(), base.balanced(),
                extras.stream().map(e -> (Double) e.balanced()).toList(), vs == null ? null : vs.balanced(), vs != null)))
                .append('\n');
        sb.append(row(line("overall", "-", test.overall(), val.overall(), train.overall(), base.overall(),
                extras.stream().map(e -> (Double) e.overall()).toList(), vs == null ? null : vs.overall(), vs != null)))
                .append('\n');
        return sb.toString();
    }

    private static List<String> line(String name, String tier, Double test, Double val, Double train, Double base,
                                     List<Double> extras, Double other, boolean compare) {
        List<String> cells = new ArrayList<>(List.of(name, tier, f(test), f(val), f(train),
                val == null || train == null ? "-" : f(val - train), f(base)));
        extras.forEach(e -> cells.add(f(e)));
        if (compare) {
            cells.add(f(other));
            cells.add(other == null || test == null ? "-" : String.format(Locale.ROOT, "%+.4f", test - other));
        }
        return cells;
    }

    private static String f(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String row(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(i < 2 ? String.format("%-9s", c) : String.format("%15s", c));
        }
        return sb.toString().stripTrailing();
    }
}

package org.mheightlab.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.mheightlab.code.Minors;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Charts and tables of the structure Run 8 is built on: how close the cocircuit lower bound (read off the k×k
 * minors of G, see {@link Minors#cocircuitLowerBound}) comes to the true height, and the learning curve
 * of the token model (test log2-MSE against the number of training codes per k).
 *
 * <p>The bound is a feature, not a label: it is computed from P alone, and the chart shows how much of the
 * height it already explains and how much (the gap) the model has to learn.
 */
public final class StructureCharts {

    /** A gap below this (bits) counts as an exact bound: rounding in log2 of the minors, not a real gap. */
    static final double EXACT_GAP = 1e-9;

    /** Header of the learning-curve CSV (docs/run8-study/learning-curve.csv). */
    public static final List<String> LEARNING_CURVE_COLUMNS =
            List.of("codes_per_k", "group", "test_log2_mse", "seconds_per_epoch");

    private StructureCharts() {
    }

    /** Per sample of a group: true log2 h and the cocircuit bound, both in bits. */
    record BoundPoints(Group group, double[] truth, double[] bound, int skipped) {
    }

    /**
     * The cocircuit bound against the true height for at most {@code maxPerGroup} samples per group, taken evenly
     * spread over the group (files are often ordered, so the first rows would not be representative). Samples
     * with an infinite height or an infinite bound (rank-deficient column sets) have no point on a log axis and
     * are counted as skipped.
     */
    static List<BoundPoints> boundPoints(Dataset data, int maxPerGroup) {
        if (!data.isLabelled()) {
            throw new IllegalArgumentException("the cocircuit bound is compared with true heights: the dataset "
                    + "has no heights");
        }
        if (maxPerGroup < 1) {
            throw new IllegalArgumentException("maxPerGroup must be ≥ 1, got " + maxPerGroup);
        }
        // Minors reuses work arrays: one instance per (n, k), used on this thread only.
        Map<Long, Minors> minors = new HashMap<>();
        List<BoundPoints> out = new ArrayList<>();
        for (Group g : data.groups()) {
            int[] idx = data.indices(g);
            int take = Math.min(maxPerGroup, idx.length);
            List<Double> truth = new ArrayList<>();
            List<Double> bound = new ArrayList<>();
            int skipped = 0;
            for (int s = 0; s < take; s++) {
                int i = idx[(int) ((long) s * idx.length / take)];
                int n = data.n(i);
                int k = data.k(i);
                Minors f = minors.computeIfAbsent((long) n << 32 | k, key -> new Minors(n, k));
                double b = f.cocircuitLowerBound(f.log2Minors(data.p(i)), data.m(i));
                double t = Math.log(data.height(i)) / Math.log(2);
                if (!Double.isFinite(b) || !Double.isFinite(t)) {
                    skipped++;
                    continue;
                }
                truth.add(t);
                bound.add(b);
            }
            out.add(new BoundPoints(g, toArray(truth), toArray(bound), skipped));
        }
        return out;
    }

    /**
     * The cocircuit lower bound log2 against the true log2 h_m, one trace per group (at most {@code maxPerGroup}
     * points each) and the y = x line: every point lies on or below it, and its distance below is what the
     * token model learns on top of the bound.
     */
    public static Figure cocircuitBound(Dataset data, int maxPerGroup) {
        List<BoundPoints> points = boundPoints(data, maxPerGroup);
        List<Trace> traces = new ArrayList<>();
        double lo = 0;
        double hi = 1;
        for (BoundPoints p : points) {
            for (int i = 0; i < p.truth().length; i++) {
                lo = Math.min(lo, Math.min(p.truth()[i], p.bound()[i]));
                hi = Math.max(hi, Math.max(p.truth()[i], p.bound()[i]));
            }
            // Rounded to 1e-4 bits: invisible on the chart, and it keeps saved notebooks and reports small.
            traces.add(ScatterTrace.builder(round(p.truth()), round(p.bound())).mode(ScatterTrace.Mode.MARKERS)
                    .marker(Marker.builder().size(4).opacity(0.6).build()).name(p.group().toString()).build());
        }
        traces.add(ScatterTrace.builder(new double[] {lo, hi}, new double[] {lo, hi}).mode(ScatterTrace.Mode.LINE)
                .name("y = x (bound exact)").build());
        Layout layout = Layout.builder().title("Cocircuit lower bound against the true m-height").height(520)
                .width(620).xAxis(Axis.builder().title("true log2 h_m").build())
                .yAxis(Axis.builder().title("cocircuit bound, log2").build()).build();
        return new Figure(layout, traces.toArray(Trace[]::new));
    }

    /**
     * Per group, over the same samples as {@link #cocircuitBound}: how many were compared, the mean and max gap
     * (true log2 h − bound, bits) and the share of samples whose bound is exact (gap below 1e-9 bits).
     */
    public static Table cocircuitGap(Dataset data, int maxPerGroup) {
        StringColumn group = StringColumn.create("group");
        StringColumn tier = StringColumn.create("tier");
        IntColumn codes = IntColumn.create("samples");
        DoubleColumn mean = DoubleColumn.create("mean gap (bits)");
        DoubleColumn max = DoubleColumn.create("max gap (bits)");
        DoubleColumn exact = DoubleColumn.create("share exact");
        IntColumn skipped = IntColumn.create("skipped (infinite)");
        for (BoundPoints p : boundPoints(data, maxPerGroup)) {
            double sum = 0;
            double worst = Double.NaN;
            int exactCount = 0;
            for (int i = 0; i < p.truth().length; i++) {
                double gap = p.truth()[i] - p.bound()[i];
                sum += gap;
                worst = Double.isNaN(worst) ? gap : Math.max(worst, gap);
                if (gap < EXACT_GAP) {
                    exactCount++;
                }
            }
            int count = p.truth().length;
            group.append(p.group().toString());
            tier.append(p.group().tier().map(Tier::label).orElse("-"));
            codes.append(count);
            mean.append(count == 0 ? Double.NaN : round(sum / count));
            max.append(round(worst));
            exact.append(count == 0 ? Double.NaN : round((double) exactCount / count));
            skipped.append(p.skipped());
        }
        return Table.create("Cocircuit bound: gap to the true height per group")
                .addColumns(group, tier, codes, mean, max, exact, skipped);
    }

    /** One row of the learning-curve CSV. */
    record CurvePoint(int codesPerK, String group, double testLog2Mse, double secondsPerEpoch) {
    }

    /**
     * Test log2-MSE against training codes per k (log axes: sizes double, errors fall by factors), one trace per
     * group plus the overall score, from a CSV with header codes_per_k,group,test_log2_mse,seconds_per_epoch
     * (group "4,2" or "overall"). Hovering a point shows the seconds per epoch measured at that size.
     */
    public static Figure learningCurve(Path csv) {
        Map<String, List<CurvePoint>> series = bySeries(readCurve(csv));
        List<Trace> traces = new ArrayList<>();
        series.forEach((name, pts) -> {
            double[] x = pts.stream().mapToDouble(CurvePoint::codesPerK).toArray();
            double[] y = pts.stream().mapToDouble(CurvePoint::testLog2Mse).toArray();
            String[] text = pts.stream().map(p -> String.format(java.util.Locale.ROOT, "%.1f s/epoch",
                    p.secondsPerEpoch())).toArray(String[]::new);
            ScatterTrace.ScatterBuilder b = ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .name(name.equals("overall") ? "overall" : "(" + name + ")").text(text);
            traces.add(b.build());
        });
        Layout layout = Layout.builder().title("Learning curve: test log2-MSE against training codes per k")
                .height(460).width(720).xAxis(Axis.builder().title("training codes per k").type(Axis.Type.LOG).build())
                .yAxis(Axis.builder().title("test log2-MSE").type(Axis.Type.LOG).build()).build();
        return new Figure(layout, traces.toArray(Trace[]::new));
    }

    /**
     * The learning curve as a table: one row per training size, with its seconds per epoch, the overall score and
     * one column per group.
     */
    public static Table learningCurveTable(Path csv) {
        List<CurvePoint> points = readCurve(csv);
        Map<String, List<CurvePoint>> series = bySeries(points);
        TreeSet<Integer> sizes = new TreeSet<>();
        points.forEach(p -> sizes.add(p.codesPerK()));
        IntColumn size = IntColumn.create("codes per k");
        DoubleColumn seconds = DoubleColumn.create("s/epoch");
        sizes.forEach(size::append);
        // Seconds per epoch belong to the training run at one size; every row of that size repeats it, so any
        // row gives it (the overall row if present).
        for (int s : sizes) {
            List<CurvePoint> atSize = points.stream().filter(p -> p.codesPerK() == s).toList();
            CurvePoint pick = atSize.stream().filter(p -> p.group().equals("overall")).findFirst()
                    .orElse(atSize.get(0));
            seconds.append(round(pick.secondsPerEpoch()));
        }
        Table t = Table.create("Learning curve (test log2-MSE)").addColumns(size, seconds);
        series.forEach((name, pts) -> {
            DoubleColumn c = DoubleColumn.create(name.equals("overall") ? "overall" : "(" + name + ")");
            for (int s : sizes) {
                c.append(pts.stream().filter(p -> p.codesPerK() == s).findFirst()
                        .map(p -> round(p.testLog2Mse())).orElse(Double.NaN));
            }
            t.addColumns(c);
        });
        return t;
    }

    /** The CSV's points grouped into series: overall first, then the groups in (k, m) order, sizes ascending. */
    private static Map<String, List<CurvePoint>> bySeries(List<CurvePoint> points) {
        Map<Group, List<CurvePoint>> groups = new TreeMap<>();
        List<CurvePoint> overall = new ArrayList<>();
        for (CurvePoint p : points) {
            if (p.group().equals("overall")) {
                overall.add(p);
            } else {
                groups.computeIfAbsent(Group.parse(p.group()), g -> new ArrayList<>()).add(p);
            }
        }
        Map<String, List<CurvePoint>> out = new LinkedHashMap<>();
        if (!overall.isEmpty()) {
            out.put("overall", sorted(overall));
        }
        groups.forEach((g, pts) -> out.put(g.k() + "," + g.m(), sorted(pts)));
        return out;
    }

    private static List<CurvePoint> sorted(List<CurvePoint> pts) {
        return pts.stream().sorted((a, b) -> Integer.compare(a.codesPerK(), b.codesPerK())).toList();
    }

    static List<CurvePoint> readCurve(Path csv) {
        try (Reader r = Files.newBufferedReader(csv);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            for (String c : LEARNING_CURVE_COLUMNS) {
                if (!p.getHeaderMap().containsKey(c)) {
                    throw new IllegalArgumentException(csv + " has no column '" + c + "' (a learning curve has "
                            + String.join(",", LEARNING_CURVE_COLUMNS) + ")");
                }
            }
            List<CurvePoint> out = new ArrayList<>();
            for (CSVRecord rec : p) {
                String group = rec.get("group").strip();
                if (!group.equals("overall")) {
                    Group.parse(group); // fails with the expected format if the group is malformed
                }
                try {
                    out.add(new CurvePoint(Integer.parseInt(rec.get("codes_per_k").strip()), group,
                            Double.parseDouble(rec.get("test_log2_mse").strip()),
                            Double.parseDouble(rec.get("seconds_per_epoch").strip())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(csv + " line " + (rec.getRecordNumber() + 1) + ": " + e.getMessage(),
                            e);
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(csv + " has no rows");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the learning curve " + csv, e);
        }
    }

    private static double[] round(double[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = round(xs[i]);
        }
        return out;
    }

    private static double round(double x) {
        return Double.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x;
    }

    private static double[] toArray(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

package org.mheightlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.HeightModel;
import org.mheightlab.run.LabelledData;
import org.mheightlab.run.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mheight evaluate}: score a trained run on a labelled dataset, per group and tier.
 *
 * <p>Infinite labels (codes whose m-height is unbounded) have no finite log2 error, and one of them turned
 * every mean into Infinity. They are counted apart: the log2-MSE is over the finite labels only, and for the
 * infinite ones the report says how many the model called "very large", meaning log2 ĥ above the largest
 * finite log2 label of the same group in the evaluated data (or of the whole data when the group has no finite
 * label). Unlabelled data is refused (it made every score NaN).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a trained run folder on a labelled dataset: log2-MSE per group, tier, balanced, overall.",
                "Infinite labels are counted apart and left out of the log2-MSE; a prediction counts as \"very large\"",
                "when log2 ĥ exceeds the largest finite log2 label of its group in DATA.",
                "Example: mheight evaluate runs-out/run7 data/test"})
final class EvaluateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A run folder written by mheight train.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "A labelled dataset (.csv, .npz, or pickle pair).")
    Path data;

    @Override
    public Integer call() {
        RunFolder folder = RunFolder.open(model);
        String name = folder.definition().name();
        try (HeightModel m = folder.models()) {
            Dataset d = LabelledData.forEvaluation(data, FeatureEncoder.task());
            double[] pred = m.predictLog2(d);
            for (int i = 0; i < pred.length; i++) {
                if (!Double.isFinite(pred[i])) {
                    throw new IllegalArgumentException(model + ": the model predicts " + pred[i] + " for sample " + i
                            + " of " + data + " (parameters hold NaN or infinity?); refusing to report scores");
                }
            }
            Scores s = Scores.of(d, pred);
            print(name, d, s);
        }
        return 0;
    }

    /** Finite-label report, and per group the infinite labels and how many of them were predicted very large. */
    record Scores(Log2MseReport finite, Map<Group, int[]> infinite, int infiniteTotal, int veryLargeTotal) {

        static Scores of(Dataset d, double[] log2Pred) {
            Map<Group, Double> largestFinite = new TreeMap<>();
            double largestOverall = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < d.size(); i++) {
                double h = d.height(i);
                if (Double.isFinite(h)) {
                    double l = log2(h);
                    largestFinite.merge(d.group(i), l, Math::max);
                    largestOverall = Math.max(largestOverall, l);
                }
            }
            List<Double> truth = new ArrayList<>();
            List<Double> pred = new ArrayList<>();
            List<Group> groups = new ArrayList<>();
            Map<Group, int[]> infinite = new TreeMap<>();
            int inf = 0;
            int veryLarge = 0;
            for (int i = 0; i < d.size(); i++) {
                Group g = d.group(i);
                if (Double.isInfinite(d.height(i))) {
                    int[] c = infinite.computeIfAbsent(g, x -> new int[2]);
                    c[0]++;
                    inf++;
                    double bound = largestFinite.getOrDefault(g, largestOverall);
                    // With no finite label at all there is no yardstick: nothing counts as very large.
                    if (Double.isFinite(bound) && log2Pred[i] > bound) {
                        c[1]++;
                        veryLarge++;
                    }
                } else {
                    truth.add(log2(d.height(i)));
                    pred.add(log2Pred[i]);
                    groups.add(g);
                }
            }
            Log2MseReport r = Log2MseReport.of(truth.stream().mapToDouble(Double::doubleValue).toArray(),
                    pred.stream().mapToDouble(Double::doubleValue).toArray(), groups.toArray(Group[]::new));
            return new Scores(r, infinite, inf, veryLarge);
        }
    }

    private void print(String run, Dataset d, Scores s) {
        Log2MseReport r = s.finite();
        boolean anyInf = s.infiniteTotal() > 0;
        System.out.printf(Locale.ROOT, "%s on %s (%d samples)%n", run, data, d.size());
        if (anyInf) {
            System.out.printf(Locale.ROOT, "infinite labels: %d of %d samples, left out of the log2-MSE; %d of them "
                            + "predicted very large (log2 ĥ above the largest finite log2 label of the group in %s)%n",
                    s.infiniteTotal(), d.size(), s.veryLargeTotal(), data);
            System.out.printf(Locale.ROOT, "%-9s %-7s %8s %10s %9s %10s%n", "group", "tier", "finite", "log2-MSE",
                    "infinite", "very-large");
        } else {
            System.out.printf(Locale.ROOT, "%-9s %-7s %8s %10s%n", "group", "tier", "samples", "log2-MSE");
        }
        java.util.Set<Group> all = new java.util.TreeSet<>(d.groups());
        for (Group g : all) {
            Log2MseReport.GroupScore gs = r.byGroup().get(g);
            String tier = g.tier().map(Tier::label).orElse("-");
            int finite = gs == null ? 0 : gs.samples();
            String mse = gs == null ? "n/a" : num(gs.log2Mse());
            if (anyInf) {
                int[] c = s.infinite().getOrDefault(g, new int[2]);
                System.out.printf(Locale.ROOT, "%-9s %-7s %8d %10s %9d %10d%n", g, tier, finite, mse, c[0], c[1]);
            } else {
                System.out.printf(Locale.ROOT, "%-9s %-7s %8d %10s%n", g, tier, finite, mse);
            }
        }
        for (Tier t : r.byTier().keySet()) {
            System.out.printf(Locale.ROOT, "%-9s %-7s %8s %10s%n", t.label(), "tier", "", num(r.tier(t)));
        }
        System.out.printf(Locale.ROOT, "%-9s %-7s %8s %10s%n", "balanced", "", "", num(r.balanced()));
        System.out.printf(Locale.ROOT, "%-9s %-7s %8d %10s%n", "overall", "", r.samples(), num(r.overall()));
    }

    /** "n/a" where a score has no samples (a group or tier with only infinite labels), never "NaN". */
    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static double log2(double h) {
        return Math.log(h) / Math.log(2);
    }
}

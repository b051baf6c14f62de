package org.mheightlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.run.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mheight evaluate}: score a trained run on a labelled dataset, per group and tier. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a trained run folder on a labelled dataset: log2-MSE per group, tier, balanced, overall.",
                "Example: mheight evaluate runs-out/run7 data/test"})
final class EvaluateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A run folder written by mheight train.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "A labelled dataset (.csv, .npz, or pickle pair).")
    Path data;

    @Override
    public Integer call() {
        try (TrainedModel m = TrainedModel.load(model)) {
            Dataset d = DatasetFiles.read(data);
            double[] pred = m.predictLog2(d);
            double[] truth = new double[d.size()];
            Group[] groups = new Group[d.size()];
            for (int i = 0; i < truth.length; i++) {
                truth[i] = Math.log(d.height(i)) / Math.log(2);
                groups[i] = d.group(i);
            }
            Log2MseReport r = Log2MseReport.of(truth, pred, groups);
            System.out.printf(Locale.ROOT, "%s on %s (%d samples)%n", m.definition().name(), data, d.size());
            System.out.printf(Locale.ROOT, "%-9s %-7s %8s %10s%n", "group", "tier", "samples", "log2-MSE");
            for (Log2MseReport.GroupScore g : r.groupScores()) {
                System.out.printf(Locale.ROOT, "%-9s %-7s %8d %10.4f%n", g.group(),
                        g.group().tier().map(Tier::label).orElse("-"), g.samples(), g.log2Mse());
            }
            for (Tier t : r.byTier().keySet()) {
                System.out.printf(Locale.ROOT, "%-9s %-7s %8s %10.4f%n", t.label(), "tier", "", r.tier(t));
            }
            System.out.printf(Locale.ROOT, "%-9s %-7s %8s %10.4f%n", "balanced", "", "", r.balanced());
            System.out.printf(Locale.ROOT, "%-9s %-7s %8d %10.4f%n", "overall", "", r.samples(), r.overall());
        }
        return 0;
    }
}

package org.mheightlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.LabelVerifier;
import org.mheightlab.data.io.DatasetFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mheight verify}: recompute every label and report matches per group. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recompute every label of a dataset with the exact engine and print matches per group.",
                "Exits 1 if any label differs by more than the tolerance (in |log2|), 2 on bad input.",
                "Example: mheight verify ../shared/data/course/DS-1-samples_n_k_m_P.pkl"})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DATA", description = "A .csv, a .npz, or a pickle inputs file X_n_k_m_P.pkl (or prefix X).")
    Path data;

    @Option(names = "--heights", paramLabel = "FILE", description = "The heights pickle (default: X_mHeights.pkl beside DATA).")
    Path heights;

    @Option(names = "--tolerance", defaultValue = "1e-6",
            description = "Largest |log2 label − log2 exact| counted as a match (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads; 0 = all cores (default).")
    int threads;

    @Override
    public Integer call() {
        // NaN would count no label as a match and a negative tolerance none either: "0 of 180 match" is a lie.
        OptionCheck.atLeast("--tolerance", tolerance, 0);
        OptionCheck.atLeast("--threads", threads, 0);
        Dataset dataset = DatasetFiles.read(data, heights);
        LabelVerifier.Report report;
        long start = System.nanoTime();
        try (Progress progress = new Progress("verify", dataset.size())) {
            // P lives in the first file read (the inputs pickle of a pair), so refusals name that one.
            Path source = DatasetFiles.files(data).get(0);
            report = new LabelVerifier(Threads.resolve(threads), tolerance, progress.step()).verify(dataset, source);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-8s %8s %8s %14s%n", "group", "samples", "match", "max|log2 diff|");
        for (LabelVerifier.GroupResult g : report.groups()) {
            System.out.printf("%-8s %8d %8d %14.3g%n", g.group(), g.samples(), g.matches(), g.maxAbsLog2Diff());
        }
        System.out.printf("%d of %d labels match (tolerance %.1g in log2) in %.1f s%n", report.matches(),
                report.samples(), tolerance, seconds);
        for (LabelVerifier.Mismatch mm : report.mismatches()) {
            System.out.printf("  mismatch: sample %d %s label %s, exact %s%n", mm.index(), mm.group(),
                    HeightCommand.format(mm.label()), HeightCommand.format(mm.computed()));
        }
        return report.allMatch() ? 0 : 1;
    }
}

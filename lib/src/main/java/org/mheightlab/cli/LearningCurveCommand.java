package org.mheightlab.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.report.RunMetrics;
import org.mheightlab.run.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mheight learning-curve RUN_DIR...}: the test log2-MSE per group of runs that differ in how many codes
 * they generated per k, with the training time per epoch, as one CSV (the table docs/run8.md and the Run 8
 * notebook plot). Made from the run folders only, so anyone can redo it from the commands that trained them.
 */
@Command(name = "learning-curve", mixinStandardHelpOptions = true,
        description = {"Collect the test log2-MSE per group and the time per epoch of several run folders",
                "(one per training size, e.g. made with train --generated-per-k N) into a CSV.",
                "Example: mheight learning-curve runs-out/run8-5000 runs-out/run8-15000 runs-out/run8 --out lc.csv"})
final class LearningCurveCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run folders written by mheight train.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "CSV", description = "Write the CSV here (default: print it).")
    Path out;

    @Mixin
    OverwriteOption overwrite;

    @Override
    public Integer call() throws IOException {
        if (out != null) {
            // The run folders read and every file in them are inputs: the curve written over one, or into one,
            // would change a run.
            List<Path> inputs = new java.util.ArrayList<>();
            for (Path run : runs) {
                inputs.addAll(OutputGuard.folderInputs(run));
            }
            OutputGuard.files("--out", overwrite.overwrite, List.of(out), inputs);
        }
        StringWriter w = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            csv.printRecord("codes_per_k", "group", "test_log2_mse", "seconds_per_epoch");
            for (Path run : runs) {
                long codes = codesPerK(run);
                double seconds = secondsPerEpoch(run);
                RunMetrics.Scores test = RunFolder.open(run).metrics().splits().get("test");
                for (Map.Entry<String, Double> g : test.groups().entrySet()) {
                    csv.printRecord(codes, g.getKey(), num(g.getValue()), num(seconds));
                }
                csv.printRecord(codes, "overall", num(test.overall()), num(seconds));
            }
        }
        if (out == null) {
            System.out.print(w);
        } else {
            AtomicFiles.writeString(out, w.toString(), overwrite.overwrite);
            System.out.println("wrote " + out);
        }
        return 0;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** The largest generated count of any k, from provenance.json (0 for a run that generated nothing). */
    private static long codesPerK(Path run) {
        JsonObject p = RunFolder.open(run).provenance();
        if (p == null) {
            throw new IllegalArgumentException(run + " is not a complete run folder (no provenance)");
        }
        JsonObject data = p.getAsJsonObject("data");
        long most = 0;
        if (data != null && data.has("generated")) {
            for (JsonElement part : data.getAsJsonObject("generated").getAsJsonArray("byK")) {
                most = Math.max(most, part.getAsJsonObject().get("codes").getAsLong());
            }
        }
        return most;
    }

    /**
     * One epoch of the whole run: the mean epoch time of each member (one per k for a token run), summed,
     * since the members train one after the other.
     */
    private static double secondsPerEpoch(Path run) throws IOException {
        Path f = RunFolder.open(run).historyFile();
        Map<String, List<Double>> byMember = new LinkedHashMap<>();
        try (var reader = Files.newBufferedReader(f)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader)) {
                byMember.computeIfAbsent(r.get("member"), m -> new ArrayList<>()).add(Double.parseDouble(r.get("seconds")));
            }
        }
        double total = 0;
        for (List<Double> s : byMember.values()) {
            total += s.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }
        return total;
    }
}

package org.mheightlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mheightlab.classify.HeightThresholdTask;
import org.mheightlab.classify.MultimodalDataset;
import org.mheightlab.classify.MultimodalNpz;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.provenance.FileDigest;
import org.mheightlab.provenance.Json;
import org.mheightlab.Bounds;
import org.mheightlab.provenance.OurRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mheight classify make-data}: derive the multimodal classification dataset from labelled codes. */
@Command(name = "make-data", mixinStandardHelpOptions = true,
        description = {"Derive a multimodal .npz classification dataset from a labelled m-height dataset:",
                "label 1 when a code's height is in the top --positive-fraction of its (k,m) group.",
                "Modalities: rows and columns of P (tokens), the one-hot group, summary statistics; aux = log2 h",
                "standardised within its group; split = stratified train/validation.",
                "Example (the bundled file): mheight classify make-data --from data/train --per-group 300 "
                        + "--positive-fraction 0.3 --val-fraction 0.2 --seed 11 --out data/classify.npz"})
final class ClassifyDataCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "DATA", description = "Labelled m-height dataset.")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "Output .npz file.")
    Path out;

    @Option(names = "--per-group", defaultValue = "300", description = "Samples per (k,m) group (default: 300).")
    int perGroup;

    @Option(names = "--positive-fraction", defaultValue = "0.3",
            description = "Share of each group labelled 1 (default: 0.3).")
    double positiveFraction;

    @Option(names = "--val-fraction", defaultValue = "0.2", description = "Validation share (default: 0.2).")
    double valFraction;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the sampling and split (default: 11).")
    long seed;

    @Mixin
    OverwriteOption overwrite;

    @Override
    public Integer call() {
        if (!out.getFileName().toString().endsWith(".npz")) {
            throw new IllegalArgumentException("--out must name a .npz file, got " + out);
        }
        OptionCheck.within("--per-group", perGroup, Bounds.closed(1, Bounds.PER_K.max()));
        OptionCheck.range("--positive-fraction", positiveFraction, 0, false, 1, false);
        OptionCheck.range("--val-fraction", valFraction, 0, true, 1, false);
        Path sidecar = out.resolveSibling(out.getFileName() + ".provenance.json");
        OutputGuard.files("--out", overwrite.overwrite, List.of(out, sidecar), DatasetFiles.files(from));
        Dataset source = DatasetFiles.read(from);
        HeightThresholdTask.Settings settings = new HeightThresholdTask.Settings(perGroup, positiveFraction,
                valFraction, seed);
        MultimodalDataset data = HeightThresholdTask.derive(source, from, settings);
        // The .npz and its sidecar are one commit, so the sidecar always describes the file beside it.
        try (AtomicFiles.Batch batch = AtomicFiles.batch(overwrite.overwrite)) {
            Path staged = batch.write(out, MultimodalNpz.writer(data));
            Map<String, Object> p = OurRecord.start("classification-dataset");
            p.put("command", String.format(Locale.ROOT, "mheight classify make-data --from %s --per-group %d "
                    + "--positive-fraction %s --val-fraction %s --seed %d --out %s", from, perGroup, positiveFraction,
                    valFraction, seed, out));
            p.put("source", DatasetFiles.files(from).stream()
                    .map(f -> Json.object("file", f.toString(), "sha256", FileDigest.sha256(f))).toList());
            p.put("samples", data.size());
            p.put("positives", data.positives());
            p.put("validation", (int) java.util.Arrays.stream(data.split()).filter(s -> s == 1).count());
            p.put("modalities", data.modalities().stream().map(m -> m.name() + ":" + m.tokens() + "x" + m.width())
                    .toList());
            p.put("files", List.of(Json.object("file", out.getFileName().toString(), "sha256", FileDigest.sha256(staged))));
            batch.writeString(sidecar, Json.write(p));
            batch.commit();
        }
        System.out.println(data.describe());
        System.out.println("wrote " + out);
        System.out.println("wrote " + sidecar);
        return 0;
    }
}

package org.mheightlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mheightlab.data.Group;
import org.mheightlab.data.gen.DatasetGenerator;
import org.mheightlab.data.gen.EntryDistribution;
import org.mheightlab.data.gen.GenerationProvenance;
import org.mheightlab.data.gen.GeneratorConfig;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.io.DatasetFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mheight generate}: draw codes, label them exactly, write a dataset and its provenance. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Draw random codes, label them with exact m-heights, and write a dataset plus a",
                "provenance sidecar (<output>.provenance.json). The same seed gives the same bytes for any",
                "thread count.",
                "Example: mheight generate --out data/train --count 3000 --seed 1"})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "PATH",
            description = "Output: a .csv or .npz file, or a pickle prefix X (writes X_n_k_m_P.pkl and X_mHeights.pkl).")
    Path out;

    @Option(names = "--dist", defaultValue = "course", paramLabel = "DIST",
            description = "Entry distribution: course, uniform-int:R, uniform-real:R or gaussian:S (default: ${DEFAULT-VALUE}).")
    String distribution;

    @Option(names = "--count", defaultValue = "1000", description = "Samples per group (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--group", paramLabel = "K,M[=COUNT]",
            description = "A group to generate, with its own count if given; repeatable. Default: the nine task groups.")
    List<String> groups;

    @Option(names = "--n", defaultValue = "9", description = "Code length n (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep-infinite", description = "Keep codes whose height is infinite (default: redraw them).")
    boolean keepInfinite;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads; 0 = all cores (default).")
    int threads;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (count < 0) {
            throw new IllegalArgumentException("--count must be ≥ 0, got " + count);
        }
        Map<Group, Integer> counts = new LinkedHashMap<>();
        if (groups == null || groups.isEmpty()) {
            for (Group g : Group.TASK_GROUPS) {
                counts.put(g, count);
            }
        } else {
            for (String spec : groups) {
                String[] parts = spec.split("=");
                counts.put(Group.parse(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1].trim()) : count);
            }
        }
        GeneratorConfig config = new GeneratorConfig(n, counts, EntryDistribution.parse(distribution), seed,
                keepInfinite);
        DatasetFormat format = output.format(out);
        DatasetGenerator.Result result;
        try (Progress progress = new Progress("generate", config.total())) {
            result = new DatasetGenerator(Threads.resolve(threads), progress.step()).generate(config);
        }
        List<Path> files = DatasetFiles.write(result.dataset(), out, format, output.pickle());
        Path sidecar = GenerationProvenance.sidecarFor(files.get(0));
        GenerationProvenance.write(sidecar, GenerationProvenance.record(config, result, files, command(format)));
        System.out.printf("generated %d samples (%s), redrew %d codes with an infinite height%n",
                result.dataset().size(), config.distribution().spec(), result.redrawnInfinite());
        result.dataset().countsByGroup().forEach((g, c) -> System.out.printf("  %s  %d%n", g, c));
        for (Path f : files) {
            System.out.println("wrote " + f);
        }
        System.out.println("wrote " + sidecar);
        return 0;
    }

    /** The command that regenerates this output (thread count left out: it does not change the bytes). */
    private String command(DatasetFormat format) {
        StringBuilder sb = new StringBuilder("mheight generate --out ").append(out)
                .append(" --format ").append(format.name().toLowerCase(java.util.Locale.ROOT))
                .append(" --dist ").append(distribution).append(" --n ").append(n).append(" --seed ").append(seed)
                .append(" --count ").append(count);
        if (groups != null) {
            for (String g : groups) {
                sb.append(" --group ").append(g.replace(" ", ""));
            }
        }
        if (keepInfinite) {
            sb.append(" --keep-infinite");
        }
        if (format == DatasetFormat.PICKLE) {
            sb.append(" --protocol ").append(output.protocol).append(" --numpy ").append(output.numpy);
        }
        return sb.toString();
    }
}

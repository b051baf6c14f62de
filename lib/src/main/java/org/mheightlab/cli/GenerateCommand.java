package org.mheightlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.data.Group;
import org.mheightlab.data.gen.DatasetGenerator;
import org.mheightlab.data.gen.EntryDistribution;
import org.mheightlab.data.gen.GenerationProvenance;
import org.mheightlab.data.gen.GeneratorConfig;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.io.DatasetFormat;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.provenance.Json;
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
            description = "Entry distribution: course, course-mix, uniform-int:R, uniform-real:R, gaussian:S, or a mixture mix:0.6*course-mix+0.4*gaussian:1 (default: ${DEFAULT-VALUE}).")
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

    @Mixin
    OverwriteOption overwrite;

    @Override
    public Integer call() {
        OptionCheck.atLeast("--count", count, 0);
        OptionCheck.atLeast("--threads", threads, 0);
        output.check();
        Map<Group, Integer> counts = new LinkedHashMap<>();
        if (groups == null || groups.isEmpty()) {
            for (Group g : Group.TASK_GROUPS) {
                counts.put(g, count);
            }
        } else {
            for (String spec : groups) {
                counts.put(parseGroup(spec), parseCount(spec));
            }
        }
        if (n < 2 || n > ExactHeightCalculator.MAX_N) {
            throw new IllegalArgumentException("--n must be 2 to " + ExactHeightCalculator.MAX_N + ", got " + n);
        }
        checkMemory(counts);
        GeneratorConfig config = new GeneratorConfig(n, counts, EntryDistribution.parse(distribution), seed,
                keepInfinite);
        DatasetFormat format = output.format(out);
        List<Path> outputs = DatasetFiles.outputFiles(out, format);
        Path sidecar = GenerationProvenance.sidecarFor(outputs.get(0));
        List<Path> checked = new ArrayList<>(outputs);
        checked.add(sidecar);
        OutputGuard.files("--out", overwrite.overwrite, checked, List.of());
        DatasetGenerator.Result result;
        try (Progress progress = new Progress("generate", config.total())) {
            result = new DatasetGenerator(Threads.resolve(threads), progress.step()).generate(config);
        }
        List<Path> files;
        // The data files and the sidecar describing them are one commit: an interrupted or failed generate
        // leaves the old dataset and its old provenance, never a mix.
        try (AtomicFiles.Batch batch = AtomicFiles.batch(overwrite.overwrite)) {
            files = DatasetFiles.stage(batch, result.dataset(), out, format, output.pickle());
            batch.writeString(sidecar, Json.write(GenerationProvenance.record(config, result, files, batch::staged,
                    command(format))));
            batch.commit();
        }
        System.out.printf("generated %d samples (%s), redrew %d codes with an infinite height%n",
                result.dataset().size(), config.distribution().spec(), result.redrawnInfinite());
        result.dataset().countsByGroup().forEach((g, c) -> System.out.printf("  %s  %d%n", g, c));
        for (Path f : files) {
            System.out.println("wrote " + f);
        }
        System.out.println("wrote " + sidecar);
        return 0;
    }

    /** K,M of a {@code --group K,M[=COUNT]} value. */
    private static Group parseGroup(String spec) {
        String[] parts = spec.split("=", -1);
        String km = parts[0].trim();
        if (parts.length > 2 || !km.matches("\\d+\\s*,\\s*\\d+")) {
            throw badGroup(spec, "K,M must be two whole numbers");
        }
        try {
            return Group.parse(km);
        } catch (IllegalArgumentException e) {
            throw badGroup(spec, e.getMessage());
        }
    }

    /** COUNT of a {@code --group K,M=COUNT} value, or --count when it has none. */
    private int parseCount(String spec) {
        String[] parts = spec.split("=", -1);
        if (parts.length < 2) {
            return count;
        }
        String c = parts[1].trim();
        String problem = c.matches("\\d+") ? org.mheightlab.Bounds.wholeNumberProblem(c, false)
                : "not a whole number ≥ 0";
        if (problem != null) {
            throw badGroup(spec, "COUNT '" + c + "' is " + problem);
        }
        return Integer.parseInt(c);
    }

    private static IllegalArgumentException badGroup(String spec, String why) {
        return new IllegalArgumentException("--group '" + spec + "': " + why + "; expected K,M or K,M=COUNT "
                + "(for example 4,2 or 4,2=500)");
    }

    /**
     * Refuses a generation that cannot fit in this JVM's heap before drawing anything: the dataset is held in
     * memory until it is written. The estimate per sample is the generator's working arrays plus the dataset's
     * (with its builder's growth), plus the encoded bytes for .npz, which is built in memory.
     */
    private void checkMemory(Map<Group, Integer> counts) {
        long total = 0;
        double bytes = 0;
        boolean npz = output.format(out) == DatasetFormat.NPZ;
        for (Map.Entry<Group, Integer> e : counts.entrySet()) {
            int k = Math.max(1, Math.min(e.getKey().k(), n - 1));
            int cols = Math.max(1, n - k);
            double perSample = 48 + 4.0 * k + k * (16 + 8.0 * cols) // generator: P rows, height, slot
                    + 2 * (100 + 8.0 * k * cols)                     // dataset: values, fields, id, growth
                    + (npz ? 3 * (16 + 8.0 * k * cols) : 0);         // .npz: arrays and archive bytes
            total += e.getValue();
            bytes += perSample * e.getValue();
        }
        int groupCount = Math.max(1, counts.size());
        org.mheightlab.MemoryBudget.require(groups == null || groups.isEmpty() ? "--count" : "--count/--group", total,
                "samples in all", bytes / Math.max(1, total), org.mheightlab.MemoryBudget.Pool.HEAP,
                fit -> " (" + fit / groupCount + " per group for " + groupCount + " groups)",
                "Generate in parts with different seeds");
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

package org.mheightlab.data.gen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mheightlab.data.Group;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.provenance.FileDigest;
import org.mheightlab.provenance.Json;
import org.mheightlab.provenance.OurRecord;

/**
 * The sidecar written next to a generated dataset: everything needed to make it again (seed, distribution,
 * counts, tool version, the command) and the SHA-256 of each file written. No timestamp, so regenerating
 * gives the same bytes.
 */
public final class GenerationProvenance {

    private GenerationProvenance() {
    }

    /** The sidecar path for a dataset written at {@code output}. */
    public static Path sidecarFor(Path output) {
        return output.resolveSibling(output.getFileName() + ".provenance.json");
    }

    public static Map<String, Object> record(GeneratorConfig config, DatasetGenerator.Result result,
                                             List<Path> files, String command) {
        return record(config, result, files, f -> f, command);
    }

    /**
     * As {@link #record(GeneratorConfig, DatasetGenerator.Result, List, String)}, digesting {@code content.apply(f)}
     * for each file f: the staged temporary file, so the sidecar is committed together with the data it describes.
     */
    public static Map<String, Object> record(GeneratorConfig config, DatasetGenerator.Result result,
                                             List<Path> files, java.util.function.UnaryOperator<Path> content,
                                             String command) {
        Map<String, Object> r = OurRecord.start("generated-dataset");
        r.put("command", command);
        r.put("seed", config.seed());
        r.put("n", config.n());
        r.put("distribution", config.distribution().spec());
        r.put("keepInfinite", config.keepInfinite());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (Map.Entry<Group, Integer> e : config.counts().entrySet()) {
            counts.put(e.getKey().k() + "," + e.getKey().m(), e.getValue());
        }
        r.put("counts", counts);
        r.put("samples", result.dataset().size());
        r.put("redrawnInfinite", result.redrawnInfinite());
        List<Object> fs = new ArrayList<>();
        for (Path f : files) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", f.getFileName().toString());
            entry.put("sha256", FileDigest.sha256(content.apply(f)));
            fs.add(entry);
        }
        r.put("files", fs);
        return r;
    }

    public static void write(Path sidecar, Map<String, Object> record) {
        AtomicFiles.writeString(sidecar, Json.write(record));
    }
}

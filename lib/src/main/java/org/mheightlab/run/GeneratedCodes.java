package org.mheightlab.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.mheightlab.Version;
import org.mheightlab.data.Group;
import org.mheightlab.data.ProfileSet;
import org.mheightlab.data.gen.EntryDistribution;
import org.mheightlab.data.gen.ProfileGenerator;
import org.mheightlab.data.io.ProfileNpz;
import org.mheightlab.provenance.FileDigest;

/**
 * The generated training codes of a run ({@link RunDefinition.GeneratedData}): drawn and labelled for every m by
 * the exact engine on all cores, and cached as {@code .npz} under {@code CACHE_DIR} by a hash of what determines
 * them (n, k, count, distribution, seed, tool version), so a second run with the same spec reads them back
 * instead of labelling again. The cache is written atomically; a cache file that cannot be read is an error
 * naming it (delete it to regenerate), never silently replaced.
 */
final class GeneratedCodes {

    /** Folder name of the cache, beside the run folders. */
    static final String CACHE_DIR = ".mheight-cache";

    /** One k's codes and where they came from (for provenance). */
    record Part(int k, ProfileSet codes, Path file, String sha256, boolean reused, double seconds) {
        Map<String, Object> provenance() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("k", k);
            p.put("codes", codes.size());
            p.put("labels", codes.labelCount());
            p.put("cache", file.toString());
            p.put("sha256", sha256);
            p.put("reusedCache", reused);
            p.put("labelSeconds", Math.round(seconds * 100) / 100.0);
            return p;
        }
    }

    private GeneratedCodes() {
    }

    static Map<Integer, Part> load(RunDefinition.GeneratedData spec, Path cacheDir, int threads, TaskProgress progress,
                                   Consumer<String> log) {
        Map<Integer, Part> out = new LinkedHashMap<>();
        EntryDistribution distribution = EntryDistribution.parse(spec.distribution());
        for (String key : spec.perK().keySet()) {
            int k = Integer.parseInt(key);
            int count = spec.count(k);
            if (count == 0) {
                continue;
            }
            String id = "n=" + Group.TASK_N + " k=" + k + " count=" + count + " distribution=" + distribution.spec()
                    + " seed=" + spec.seed() + " mheight-lab=" + Version.get();
            Path file = cacheDir.resolve("codes-k" + k + "-" + hash(id) + ".npz");
            long start = System.nanoTime();
            ProfileSet codes;
            boolean reused = Files.isRegularFile(file);
            if (reused) {
                codes = ProfileNpz.read(file);
                if (codes.size() != count || codes.k() != k) {
                    throw new IllegalArgumentException(file + ": cached codes do not match their spec (" + id
                            + "); delete the file to label them again");
                }
                log.accept(String.format(Locale.ROOT, "k = %d: %d generated codes read from the cache %s", k, count,
                        file));
            } else {
                // Said before it starts: labelling many codes takes minutes, and a log has no progress bar.
                log.accept(String.format(Locale.ROOT, "k = %d: labelling %d codes drawn from %s with the exact engine"
                        + " on %d threads", k, count, distribution.spec(), threads));
                try (TaskProgress.Task task = progress.start("label k=" + k, count)) {
                    codes = new ProfileGenerator(threads, task).generate(Group.TASK_N, k, count, distribution,
                            spec.seed());
                }
                ProfileNpz.write(codes, file);
                log.accept(String.format(Locale.ROOT, "k = %d: %d codes drawn from %s and labelled (every m) by the "
                                + "exact engine on %d threads in %.1f s; cached in %s", k, count, distribution.spec(),
                        threads, (System.nanoTime() - start) / 1e9, file));
            }
            out.put(k, new Part(k, codes, file, FileDigest.sha256(file), reused, (System.nanoTime() - start) / 1e9));
        }
        return out;
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.data.io.CoursePickleFormat;
import org.mheightlab.provenance.FileDigest;

/**
 * Item 3's fault test: the real CLI, in a child JVM, writing over an existing valid pickle pair, killed with
 * SIGTERM at random moments. After every kill the folder holds no temporary file and the pair is one dataset —
 * entirely the old one or entirely the new one (and, for generate, with a provenance sidecar whose digests match
 * both files, so no stale provenance either).
 *
 * <p>Half of the kills are at a random time up to the command's measured run time; the other half wait until a
 * temporary file appears (the write phase has begun) and kill within the next few milliseconds, so kills land
 * inside the writes and between the renames too, not only during start-up. Seeded, so a failure reproduces.
 */
class PicklePairFaultTest {

    private static final int KILLS_PER_COMMAND = 10;
    private static final long SEED = 8_2024L;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void sigtermNeverLeavesAMixedPairOrATempFile() throws Exception {
        Random random = new Random(SEED);
        Path dir = Files.createDirectories(tmp.resolve("target"));
        Path target = dir.resolve("t");
        Path inputs = dir.resolve("t_n_k_m_P.pkl");
        Path heights = dir.resolve("t_mHeights.pkl");
        Path sidecar = dir.resolve("t_n_k_m_P.pkl.provenance.json");

        // generate: old = seed 1 with 3000 samples, new = seed 2 with 4000; the sizes tell them apart.
        String[] oldGen = {"generate", "--out", target.toString(), "--group", "4,2=3000", "--seed", "1", "--threads",
                "1", "--overwrite"};
        String[] newGen = {"generate", "--out", target.toString(), "--group", "4,2=4000", "--seed", "2", "--threads",
                "1", "--overwrite"};
        long full = runToEnd(newGen);
        double[] newHeights = CoursePickleFormat.readHeights(heights);
        runToEnd(oldGen);
        double[] oldHeights = CoursePickleFormat.readHeights(heights);
        // The old dataset is restored before each kill by copying its bytes back (cheaper than regenerating).
        Map<Path, byte[]> oldFiles = new TreeMap<>();
        for (Path f : List.of(inputs, heights, sidecar)) {
            oldFiles.put(f, Files.readAllBytes(f));
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < KILLS_PER_COMMAND; i++) {
            restore(oldFiles);
            String what = killDuring(newGen, dir, full, i % 2 == 1, random);
            String state = checkPair(dir, inputs, heights, oldHeights, newHeights, "generate kill " + i + " " + what);
            checkSidecar(sidecar, inputs, heights, "generate kill " + i + " " + what);
            outcomes.merge("generate " + state, 1, Integer::sum);
        }

        // convert: a CSV of 5000 samples over the old pair; convert drops generate's sidecar in the same commit.
        Path csv = tmp.resolve("source.csv");
        runToEnd(new String[] {"generate", "--out", csv.toString(), "--group", "5,3=5000", "--seed", "3",
                "--threads", "1"});
        String[] convert = {"convert", csv.toString(), target.toString(), "--overwrite"};
        long fullConvert = runToEnd(convert);
        double[] convertedHeights = CoursePickleFormat.readHeights(heights);
        for (int i = 0; i < KILLS_PER_COMMAND; i++) {
            restore(oldFiles);
            String what = killDuring(convert, dir, fullConvert, i % 2 == 1, random);
            String state = checkPair(dir, inputs, heights, oldHeights, convertedHeights,
                    "convert kill " + i + " " + what);
            if (state.equals("new")) {
                assertTrue(Files.notExists(sidecar), "convert left generate's provenance beside converted data");
            } else {
                checkSidecar(sidecar, inputs, heights, "convert kill " + i + " " + what);
            }
            outcomes.merge("convert " + state, 1, Integer::sum);
        }
        System.out.println("PicklePairFaultTest outcomes after SIGTERM: " + outcomes);
    }

    private static void restore(Map<Path, byte[]> files) throws IOException {
        for (Map.Entry<Path, byte[]> e : files.entrySet()) {
            Files.write(e.getKey(), e.getValue());
        }
    }

    /** Runs the CLI in a child JVM to completion; returns its wall time in ms. */
    private long runToEnd(String[] args) throws Exception {
        long start = System.nanoTime();
        Process p = start(args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("mheight " + String.join(" ", args) + " did not finish in 60 s");
        }
        assertEquals(0, p.exitValue(), () -> "mheight " + String.join(" ", args) + " failed");
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Starts the command and sends SIGTERM (Process.destroy on Unix): after a random delay up to the full run
     * time, or, when {@code atWrite}, as soon as a temporary file shows up plus 0–20 ms.
     */
    private String killDuring(String[] args, Path dir, long fullMillis, boolean atWrite, Random random)
            throws Exception {
        Process p = start(args);
        String what;
        if (atWrite) {
            long jitter = random.nextInt(21);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(fullMillis * 2 + 2000);
            while (p.isAlive() && temps(dir).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(jitter);
            what = "at write +" + jitter + " ms";
        } else {
            long delay = (long) (random.nextDouble() * fullMillis);
            Thread.sleep(delay);
            what = "after " + delay + " ms";
        }
        boolean aliveAtKill = p.isAlive();
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("mheight did not stop within 30 s of SIGTERM (" + what + ")");
        }
        return what + (aliveAtKill ? "" : " (had already finished)");
    }

    private static Process start(String[] args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.mheightlab.cli.MHeightCli");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Asserts no temp file and a consistent pair; returns "old" or "new". */
    private static String checkPair(Path dir, Path inputs, Path heights, double[] oldHeights, double[] newHeights,
                                    String when) throws IOException {
        assertEquals(List.of(), temps(dir), "temporary files left after " + when);
        // Reading the pair checks that both files are complete and hold the same number of samples.
        double[] h;
        try {
            h = CoursePickleFormat.read(inputs, heights).heights();
        } catch (RuntimeException e) {
            throw new AssertionError("the pair is not one dataset after " + when + ": " + e.getMessage(), e);
        }
        if (java.util.Arrays.equals(h, oldHeights)) {
            return "old";
        }
        assertArrayEquals(newHeights, h, "after " + when + " the heights are neither the old nor the new dataset");
        return "new";
    }

    /** The generate sidecar's digests are those of the two files beside it: it describes this very pair. */
    private static void checkSidecar(Path sidecar, Path inputs, Path heights, String when) throws IOException {
        assertTrue(Files.exists(sidecar), "provenance missing after " + when);
        JsonObject json = JsonParser.parseString(Files.readString(sidecar)).getAsJsonObject();
        Map<String, String> digests = new TreeMap<>();
        for (JsonElement e : json.getAsJsonArray("files")) {
            digests.put(e.getAsJsonObject().get("file").getAsString(), e.getAsJsonObject().get("sha256").getAsString());
        }
        assertEquals(Map.of(inputs.getFileName().toString(), FileDigest.sha256(inputs),
                heights.getFileName().toString(), FileDigest.sha256(heights)), digests,
                "stale provenance after " + when);
    }

    private static List<Path> temps(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")
                    || f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}

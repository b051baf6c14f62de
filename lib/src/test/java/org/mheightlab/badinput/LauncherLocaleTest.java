package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;

/**
 * Issue 17: under {@code LC_ALL=C} the JVM decodes file names as ASCII, so a valid file whose path holds "é"
 * was refused with "InvalidPathException: Malformed input". The launcher {@code ./mheight} runs Java with a
 * UTF-8 locale when the user's is not UTF-8. This runs the real launcher script, copied into a folder laid out
 * like the repository, whose {@code lib/target/mheight-lib.jar} is a manifest-only jar pointing at this test's
 * class path (so the launcher finds a built library and does not start Maven).
 */
class LauncherLocaleTest {

    @TempDir
    Path tmp;

    Path launcher;

    @BeforeEach
    void layout() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "bash is not available");
        launcher = Files.copy(TestData.projectDir().resolve("mheight"), tmp.resolve("mheight"));
        assertTrue(launcher.toFile().setExecutable(true));
        Path target = Files.createDirectories(tmp.resolve("lib/target/dependency"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(target.getParent().resolve("mheight-lib.jar"));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    /** Runs the launcher with {@code env} added; returns exit code, stdout and stderr. */
    private String[] launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().remove("LC_ALL");
        pb.environment().putAll(env);
        pb.environment().put("MHEIGHT_JAVA_OPTS", "-Xmx256m");
        Path err = tmp.resolve("stderr.txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        return new String[] {Integer.toString(p.exitValue()), out, Files.readString(err, StandardCharsets.UTF_8)};
    }

    private Path csvUnderAccentedFolder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("données-é"));
        return TinyRun.csv(TinyRun.testSamples(6), dir.resolve("café.csv"));
    }

    @Test
    void asciiLocaleStillReadsANonAsciiPath() throws Exception {
        Path csv = csvUnderAccentedFolder();
        String[] r = launch(Map.of("LC_ALL", "C", "LANG", "C"), "verify", csv.toString());
        assertFalse(r[2].contains("Malformed input"), r[2]);
        assertEquals("0", r[0], "stdout:\n" + r[1] + "\nstderr:\n" + r[2]);
        assertTrue(r[1].contains("6 of 6 labels match"), r[1]);
    }

    @Test
    void unsetLocaleStillReadsANonAsciiPath() throws Exception {
        Path csv = csvUnderAccentedFolder();
        String[] r = launch(Map.of("LANG", "", "LC_CTYPE", "POSIX"), "verify", csv.toString());
        assertEquals("0", r[0], "stdout:\n" + r[1] + "\nstderr:\n" + r[2]);
    }

    /** Under a UTF-8 locale the path reads too; under C a refusal echoes the accented name intact. */
    @Test
    void utf8LocaleReadsThePathAndRefusalsEchoItIntact() throws Exception {
        Path csv = csvUnderAccentedFolder();
        String[] r = launch(Map.of("LC_ALL", "C.UTF-8"), "verify", csv.toString());
        assertEquals("0", r[0], r[2]);
        // The refusal of a missing file echoes the name the JVM decoded: intact, so the arguments were UTF-8.
        Path missing = csv.resolveSibling("manquée.csv");
        r = launch(Map.of("LC_ALL", "C"), "verify", missing.toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].toLowerCase(Locale.ROOT).contains(missing.toString().toLowerCase(Locale.ROOT)), r[2]);
    }
}

package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mheightlab.cli.MHeightCli;

/**
 * The bad-input test harness. One case = one command line run against files the test made in a folder; the
 * case passes when the command refuses the input the way a user needs it to:
 * <ul>
 *   <li>exit code 2 (bad input, not a crash and not a success);</li>
 *   <li>stderr names the file, and the sample and field where the case gives them;</li>
 *   <li>no stack trace anywhere in stdout or stderr;</li>
 *   <li>every file in the watched folders is byte-identical afterwards, and no file was added (no half-written
 *       output, no stray {@code .tmp}).</li>
 * </ul>
 * Usage: {@code BadInput.refused(dir, "verify", csv.toString()).mentions(csv.toString(), "sample 3", "field 'P'")}.
 */
public final class BadInput {

    /** Lines like {@code "\tat org.foo.Bar.baz(Bar.java:12)"} or {@code "Caused by: ..."}: a stack trace. */
    private static final Pattern STACK_TRACE =
            Pattern.compile("(?m)^\\s+at [\\w$.<>/]+\\(|^Caused by: |Exception in thread ");

    private BadInput() {
    }

    /** What one command printed and returned. */
    public record Outcome(int exitCode, String out, String err) {

        /** Asserts stderr contains every fragment (file name, "sample 3", "field 'P'", a hint ...). */
        public Outcome mentions(String... fragments) {
            for (String f : fragments) {
                assertTrue(err.contains(f), () -> "stderr should mention \"" + f + "\" but was:\n" + err);
            }
            return this;
        }

        /** Asserts stderr does not contain the fragment (e.g. the raw "For input string"). */
        public Outcome doesNotMention(String fragment) {
            assertFalse(err.contains(fragment), () -> "stderr should not mention \"" + fragment + "\":\n" + err);
            return this;
        }
    }

    /** Runs {@code mheight ARGS} in this JVM, capturing stdout and stderr. */
    public static Outcome runCli(String... args) {
        return run(MHeightCli::run, args);
    }

    /** Runs any picocli-style entry point that returns an exit code, capturing stdout and stderr. */
    public static Outcome run(Function<String[], Integer> cli, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = cli.apply(args);
            return new Outcome(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * Runs {@code mheight ARGS} and asserts it was refused as bad input with everything in {@code watched}
     * left exactly as it was. Chain {@link Outcome#mentions} for the message.
     */
    public static Outcome refused(Path watched, String... args) {
        return refusedBy(MHeightCli::run, new Path[] {watched}, args);
    }

    /** As {@link #refused(Path, String...)} with several watched folders (say the input's and the output's). */
    public static Outcome refused(Path[] watched, String... args) {
        return refusedBy(MHeightCli::run, watched, args);
    }

    /** As {@link #refused(Path[], String...)} for another command-line entry point (the kernel installer). */
    public static Outcome refusedBy(Function<String[], Integer> cli, Path[] watched, String... args) {
        Map<Path, String> before = snapshot(watched);
        Outcome r = run(cli, args);
        String both = r.out + "\n" + r.err;
        assertEquals(2, r.exitCode, () -> "exit code for " + String.join(" ", args) + "\nstdout:\n" + r.out
                + "\nstderr:\n" + r.err);
        assertFalse(STACK_TRACE.matcher(both).find(), () -> "stack trace in the output:\n" + both);
        assertFalse(r.err.isBlank(), "a refusal must say why on stderr");
        Map<Path, String> after = snapshot(watched);
        assertEquals(before, after, "the watched folders must be byte-identical afterwards (no change, no new file)");
        return r;
    }

    /** Asserts a command accepted the input (exit 0, no stack trace); for the valid inputs of the suite. */
    public static Outcome accepted(String... args) {
        Outcome r = runCli(args);
        assertEquals(0, r.exitCode, () -> "exit code for " + String.join(" ", args) + "\nstdout:\n" + r.out
                + "\nstderr:\n" + r.err);
        assertFalse(STACK_TRACE.matcher(r.out + r.err).find(), () -> "stack trace:\n" + r.err);
        return r;
    }

    /** SHA-256 of every regular file under the folders (hidden ones too), keyed by path; missing folder = empty. */
    public static Map<Path, String> snapshot(Path... roots) {
        Map<Path, String> digests = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) {
                        digests.put(f, sha256(f));
                    } else if (Files.isDirectory(f)) {
                        digests.put(f, "<dir>");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return digests;
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

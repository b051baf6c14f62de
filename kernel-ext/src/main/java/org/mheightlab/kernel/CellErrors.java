package org.mheightlab.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import jdk.jshell.Diag;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * Cell errors in the user's terms: the exception's own class and message, the user's frames as cell and line
 * (with the code of that line) and library frames as they are, without the kernel's frames (JShell, reflection,
 * JJava's message loop, this kernel); compile errors with the cell line and a caret under the column.
 */
final class CellErrors {

    /** Frames of the machinery that runs a cell, never of the user's code or the libraries it calls. */
    private static final List<String> KERNEL_FRAMES = List.of("org.dflib.jjava.", "jdk.jshell.",
            "jdk.internal.reflect.", "java.lang.reflect.Method", "java.lang.Thread",
            "java.util.concurrent.CompletableFuture", "org.mheightlab.kernel.MHeightKernel",
            "org.mheightlab.kernel.ExecutionThread");

    /** A JShell wrapper class: {@code REPL.$JShell$12} or {@code REPL.$JShell$12$Inner}. */
    private static final Pattern WRAPPER = Pattern.compile("(?:.*\\.)?\\$JShell\\$\\d+[A-Z]?(?:\\$(.*))?");

    private final CellSources sources;
    private final StringStyler styler;

    CellErrors(CellSources sources, StringStyler styler) {
        this.sources = sources;
        this.styler = styler;
    }

    /** A cell that did not compile: its diagnostics, already placed in the cell. */
    static final class CompileError extends RuntimeException {
        private final List<String> traceback;

        CompileError(String message, List<String> traceback) {
            super(message);
            this.traceback = List.copyOf(traceback);
        }

        List<String> traceback() {
            return traceback;
        }
    }

    /**
     * Carries an {@link Error} (which JJava's request handler cannot catch) under a class of the same simple
     * name, because Jupyter shows the thrown class's simple name as the error's name.
     */
    abstract static class CarriedError extends RuntimeException {
        CarriedError(Error cause) {
            super(cause.getMessage(), cause);
        }

        static RuntimeException of(Error e) {
            if (e instanceof StackOverflowError s) {
                return new Names.StackOverflowError(s);
            } else if (e instanceof OutOfMemoryError o) {
                return new Names.OutOfMemoryError(o);
            } else if (e instanceof AssertionError a) {
                return new Names.AssertionError(a);
            } else if (e instanceof ExceptionInInitializerError x) {
                return new Names.ExceptionInInitializerError(x);
            } else if (e instanceof NoClassDefFoundError n) {
                return new Names.NoClassDefFoundError(n);
            }
            return new Names.Error(e);
        }
    }

    /** The carriers, named as the errors they carry. */
    static final class Names {
        private Names() {
        }

        static final class StackOverflowError extends CarriedError {
            StackOverflowError(java.lang.Error e) {
                super(e);
            }
        }

        static final class OutOfMemoryError extends CarriedError {
            OutOfMemoryError(java.lang.Error e) {
                super(e);
            }
        }

        static final class AssertionError extends CarriedError {
            AssertionError(java.lang.Error e) {
                super(e);
            }
        }

        static final class ExceptionInInitializerError extends CarriedError {
            ExceptionInInitializerError(java.lang.Error e) {
                super(e);
            }
        }

        static final class NoClassDefFoundError extends CarriedError {
            NoClassDefFoundError(java.lang.Error e) {
                super(e);
            }
        }

        static final class Error extends CarriedError {
            Error(java.lang.Error e) {
                super(e);
            }
        }
    }

    /**
     * The traceback of an exception thrown by a cell's code (or by what it called). {@code translated} is JShell's
     * copy of its stack (from the {@link jdk.jshell.EvalException}), in which the wrapper frames are already
     * snippet frames ({@code #id:line}); the same frames in the exception's causes are translated alike.
     */
    List<String> runtime(Throwable thrown, StackTraceElement[] translated) {
        Throwable t = thrown instanceof CarriedError && thrown.getCause() != null ? thrown.getCause() : thrown;
        java.util.Map<StackTraceElement, StackTraceElement> translation = new java.util.HashMap<>();
        StackTraceElement[] raw = t.getStackTrace();
        for (int i = 0; translated != null && i < Math.min(raw.length, translated.length); i++) {
            translation.put(raw[i], translated[i]);
        }
        List<String> lines = new ArrayList<>();
        StackTraceElement[] enclosing = null;
        String prefix = "";
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            lines.add(styler.primary(prefix + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage())));
            StackTraceElement[] frames = c.getStackTrace().clone();
            for (int i = 0; i < frames.length; i++) {
                frames[i] = translation.getOrDefault(frames[i], frames[i]);
            }
            frames = userFrames(frames);
            int shown = frames.length;
            if (enclosing != null) {
                shown = Math.max(1, frames.length - commonTail(frames, enclosing));
            }
            for (int i = 0; i < shown; i++) {
                frame(frames[i], lines);
            }
            if (shown < frames.length) {
                lines.add(styler.secondary("  ... " + (frames.length - shown) + " more"));
            }
            enclosing = frames;
            prefix = "Caused by: ";
            if (lines.size() > 200) {
                break;
            }
        }
        return lines;
    }

    /** The traceback of a cell that did not compile. */
    CompileError compile(List<Diag> diags, CellSources.Origin origin) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) {
                continue;
            }
            String message = message(d);
            first = first == null ? message.lines().findFirst().orElse(message) : first;
            List<String> messageLines = message.lines().toList();
            lines.add(styler.primary("CompileError: " + messageLines.get(0)));
            for (String more : messageLines.subList(1, messageLines.size())) {
                lines.add(styler.secondary("  " + more.strip()));
            }
            int[] at = origin.lineAndColumn((int) d.getPosition());
            int[] start = origin.lineAndColumn((int) d.getStartPosition());
            int[] end = origin.lineAndColumn((int) d.getEndPosition());
            lines.add(styler.secondary("  " + origin.cellName() + ", line " + at[0] + ", column " + at[1]));
            String code = origin.line(at[0]);
            lines.add("    " + code); // the user's code as it is, without the error colours
            // Underline the whole span when it lies on the caret's line, else mark the column alone.
            int from = start[0] == at[0] ? start[1] : at[1];
            int to = end[0] == at[0] ? Math.max(end[1], from + 1) : at[1] + 1;
            lines.add(styler.primary("    " + " ".repeat(Math.max(0, from - 1)) + "^".repeat(Math.max(1, to - from))));
        }
        if (first == null) {
            first = "the code does not compile";
            lines.add(styler.primary("CompileError: " + first));
        }
        return new CompileError(first, lines);
    }

    /**
     * JShell's message without its wrapper: "location: class " names the class JShell wraps a snippet in, which
     * has no name the user knows.
     */
    static String message(Diag d) {
        StringBuilder sb = new StringBuilder();
        for (String line : d.getMessage(Locale.ROOT).split("\n")) {
            if (line.strip().matches("location: class( \\$?JShell.*| REPL.*)?")) {
                continue;
            }
            sb.append(sb.length() == 0 ? "" : "\n").append(line);
        }
        return sb.toString();
    }

    /** The frames of the user's code and the libraries it called: up to the outermost cell frame, kernel frames
     * removed. */
    StackTraceElement[] userFrames(StackTraceElement[] frames) {
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (sources.ofFrame(frames[i]) != null || isWrapper(frames[i])) {
                last = i;
            }
        }
        List<StackTraceElement> kept = new ArrayList<>();
        for (int i = 0; i < (last < 0 ? frames.length : last + 1); i++) {
            if (!isKernel(frames[i])) {
                kept.add(frames[i]);
            }
        }
        return kept.toArray(StackTraceElement[]::new);
    }

    private void frame(StackTraceElement f, List<String> lines) {
        CellSources.Origin origin = sources.ofFrame(f);
        if (origin == null && !isWrapper(f)) {
            lines.add(styler.secondary("  at " + f));
            return;
        }
        if (origin == null) {
            lines.add(styler.secondary("  in a cell")); // a wrapper frame JShell could not place
            return;
        }
        int line = origin.cellLine(f.getLineNumber());
        String member = f.getMethodName().isEmpty() || f.getMethodName().startsWith("do_it$") ? ""
                : ", in " + (f.getClassName().isEmpty() ? "" : f.getClassName() + ".")
                        + (f.getMethodName().equals("<init>") ? "new" : f.getMethodName());
        lines.add(styler.secondary("  " + origin.cellName() + ", line " + line + member));
        String code = origin.line(line).strip();
        if (!code.isEmpty()) {
            lines.add("      " + code);
        }
    }

    private static boolean isWrapper(StackTraceElement f) {
        return WRAPPER.matcher(f.getClassName()).matches();
    }

    private static boolean isKernel(StackTraceElement f) {
        for (String p : KERNEL_FRAMES) {
            if (f.getClassName().startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static int commonTail(StackTraceElement[] a, StackTraceElement[] b) {
        int n = 0;
        while (n < a.length && n < b.length && a[a.length - 1 - n].equals(b[b.length - 1 - n])) {
            n++;
        }
        return n;
    }

    static List<String> plain(List<String> styled) {
        return Arrays.asList(styled.stream().map(s -> s.replaceAll("\u001B\\[[;\\d]*m", "")).toArray(String[]::new));
    }
}

package org.mheightlab.kernel;

import java.io.File;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;

/**
 * A small Java kernel on the JJava API: JShell running in the kernel's own JVM through
 * {@link DirectExecutionControl} (the local execution control breaks on JDK 21+), so magics and the
 * {@code BaseNotebookStatics} helpers reach this kernel. The last expression of a cell is its result; compile
 * errors and exceptions are reported in the cell; {@code %classpath} adds jars; extensions (such as
 * {@link MHeightExtension}) are found with the service loader.
 */
public final class MHeightKernel extends BaseKernel {

    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    private MHeightKernel(Builder b, Charset cs) {
        super(b.name(), b.version(), new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source",
                ".jshell", "java", "java", "java"), List.of(), b.history(), b.io(cs), b.comms(), b.renderer(),
                b.parser(), b.registry(), b.extensions(), b.styler());
        this.shell = JShell.builder().executionEngine(new DirectProvider(), Map.of()).out(System.out).err(System.err)
                .build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        this.analysis = shell.sourceCodeAnalysis();
        installNotebookKernel();
        installExtensions(getClass().getClassLoader());
    }

    /** Results of the last snippets, by the key the execution control returned to JShell instead of a string. */
    private final Map<String, Object> results = new java.util.concurrent.ConcurrentHashMap<>();

    /** Runs JShell snippets in this JVM and keeps each result object, not just its string. */
    private final class DirectProvider implements ExecutionControlProvider {
        @Override
        public String name() {
            return "mheight-direct";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return new DirectExecutionControl() {
                @Override
                protected String invoke(java.lang.reflect.Method doit) throws Exception {
                    Object value = doit.invoke(null);
                    String key = java.util.UUID.randomUUID().toString();
                    if (value != null) {
                        results.put(key, value);
                    }
                    return key;
                }
            };
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Object evalRaw(String code) {
        String java = magicParser.resolveMagics(takeClasspathLines(code));
        Object last = null;
        String remaining = java;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            String source = info.completeness().isComplete() ? info.source() : remaining;
            remaining = info.completeness().isComplete() ? info.remaining() : "";
            // The magic transpiler ends a magic call with an empty block; it must not hide the call's value.
            if (!source.matches("[{};\\s]*")) {
                last = evalSnippet(source);
            }
        }
        return last;
    }

    /**
     * Handles {@code %classpath PATH[:PATH…]} lines here rather than as a magic: the class path must change
     * before JShell compiles the rest of the cell, not while it runs it.
     */
    private String takeClasspathLines(String code) {
        StringBuilder rest = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("%classpath ")) {
                for (String part : t.substring("%classpath ".length()).strip().split("[\\s" + File.pathSeparator + "]+")) {
                    if (!part.isBlank()) {
                        shell.addToClasspath(java.nio.file.Path.of(part).toAbsolutePath().toString());
                    }
                }
            } else {
                rest.append(line).append('\n');
            }
        }
        return rest.toString();
    }

    private Object evalSnippet(String source) {
        Object value = null;
        for (SnippetEvent e : shell.eval(source)) {
            if (e.exception() != null) {
                Throwable t = e.exception();
                if (t instanceof EvalException ee) {
                    throw new CellException(ee.getExceptionClassName() + ": " + ee.getMessage(), ee);
                }
                throw new CellException(t.getMessage(), t);
            }
            if (e.status() == Snippet.Status.REJECTED) {
                List<String> errors = new ArrayList<>();
                shell.diagnostics(e.snippet()).forEach(d -> errors.add(d.getMessage(java.util.Locale.ROOT)));
                throw new CellException("compile error: " + String.join("; ", errors) + "\n  in: " + source.strip(), null);
            }
            Object result = e.value() == null ? null : results.remove(e.value());
            boolean expression = e.snippet().kind() == Snippet.Kind.EXPRESSION
                    || e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            value = expression ? result : null;
        }
        return value;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = new ArrayList<>();
        for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(code, at, anchor)) {
            options.add(s.continuation());
        }
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis.Completeness c = analysis.analyzeCompletion(code).completeness();
        return c.isComplete() || c == SourceCodeAnalysis.Completeness.EMPTY ? IS_COMPLETE_YES
                : c == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE ? "" : IS_COMPLETE_MAYBE;
    }

    @Override
    public void interrupt() {
        shell.stop();
    }

    @Override
    public void onShutdown(boolean restart) {
        shell.close();
    }

    @Override
    public List<String> formatError(Throwable e) {
        List<String> lines = new ArrayList<>();
        Throwable t = e instanceof CellException && e.getCause() != null && !(e.getCause() instanceof EvalException)
                ? e.getCause() : e;
        lines.add(errorStyler.primary(t.getMessage() == null ? t.getClass().getName() : t.getMessage()));
        return lines;
    }

    /** An error in a cell, reported as the cell's error output. */
    static final class CellException extends RuntimeException {
        CellException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Builds the kernel with JJava's defaults for I/O, comms, rendering and magics. */
    public static final class Builder extends BaseKernelBuilder<Builder, MHeightKernel> {

        Builder() {
            name("mheight-java");
            version(org.mheightlab.Version.get());
        }

        @Override
        public MHeightKernel build() {
            return new MHeightKernel(this, buildJupyterIOEncoding());
        }

        String name() {
            return buildName();
        }

        String version() {
            return buildVersion();
        }

        org.dflib.jjava.jupyter.kernel.history.HistoryManager history() {
            return buildHistoryManager();
        }

        org.dflib.jjava.jupyter.kernel.JupyterIO io(Charset cs) {
            return buildJupyterIO(cs);
        }

        org.dflib.jjava.jupyter.kernel.comm.CommManager comms() {
            return buildCommManager();
        }

        org.dflib.jjava.jupyter.kernel.display.Renderer renderer() {
            return buildRenderer();
        }

        MagicParser parser() {
            return magicParser != null ? magicParser : new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler());
        }

        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry registry() {
            return buildMagicsRegistry();
        }

        boolean extensions() {
            return buildExtensionsEnabled();
        }

        org.dflib.jjava.jupyter.kernel.util.StringStyler styler() {
            return buildErrorStyler();
        }
    }
}

package org.mheightlab.kernel;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

/**
 * A small Java kernel on the JJava API: JShell running in the kernel's own JVM through
 * {@link DirectExecutionControl} (the local execution control breaks on JDK 21+), so magics and the
 * {@code BaseNotebookStatics} helpers reach this kernel. The last expression of a cell is its result;
 * {@code %classpath} adds jars; extensions (such as {@link MHeightExtension}) are found with the service loader.
 *
 * <p>Cell code runs on an {@link ExecutionThread}, so Interrupt stops it (training loops at their next step, plain
 * loops by stopping the thread) and the kernel keeps its variables. Errors are reported as the user's exception
 * with the user's frames ({@link CellErrors}); completion lists each name once; inspect shows signatures and the
 * Javadoc of the JDK (where its {@code src.zip} is installed) and of this project ({@link SourceDocs}).
 */
public final class MHeightKernel extends BaseKernel {

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final ExecutionThread execution = new ExecutionThread(System.err::println);
    private final CellSources sources = new CellSources();
    private final CellErrors errors;
    private final SourceDocs docs = new SourceDocs(MHeightKernel.class.getClassLoader());
    /** The real exception of the last failed snippet: JShell keeps only its class name and message. */
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();
    /** The last exception a cell threw, with JShell's translation of its stack (snippet frames as #id:line). */
    private record Failure(Throwable thrown, StackTraceElement[] translated) {
    }

    private volatile Failure lastFailure;
    /** The execution count of the cell being run from a front end; null otherwise. */
    private volatile Integer cellNumber;

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
        this.errors = new CellErrors(sources, errorStyler);
        installNotebookKernel();
        installExtensions(getClass().getClassLoader());
    }

    /** Results of the last snippets, by the key the execution control returned to JShell instead of a string. */
    private final Map<String, Object> results = new java.util.concurrent.ConcurrentHashMap<>();

    /** Runs JShell snippets in this JVM, on the execution thread, and keeps each result object and exception. */
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
                    Object value;
                    try {
                        value = execution.run(() -> {
                            try {
                                return doit.invoke(null);
                            } catch (InvocationTargetException e) {
                                thrown.set(e.getCause());
                                throw e;
                            }
                        });
                    } catch (InterruptedException e) {
                        // JShell takes a stopped snippet as having run; evalRaw reports the interrupt.
                        throw new ExecutionControl.StoppedException();
                    }
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
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        cellNumber = executionCount.get(); // the count the front end shows for this cell
        try {
            super.handleExecuteRequest(env, message);
        } finally {
            cellNumber = null;
        }
    }

    @Override
    public Object evalRaw(String code) {
        execution.beginCell();
        String java = magicParser.resolveMagics(takeClasspathLines(code));
        Object last = null;
        String remaining = java;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            String source = info.completeness().isComplete() ? info.source() : remaining;
            CellSources.Origin origin = new CellSources.Origin(cellNumber, java, java.length() - remaining.length());
            remaining = info.completeness().isComplete() ? info.remaining() : "";
            // The magic transpiler ends a magic call with an empty block; it must not hide the call's value.
            if (!source.matches("[{};\\s]*")) {
                last = evalSnippet(source, origin);
                if (execution.interrupted()) {
                    throw interrupted(last); // the rest of the cell does not run
                }
            }
        }
        return last;
    }

    /**
     * Handles {@code %classpath PATH[:PATH…]} lines here rather than as a magic: the class path must change
     * before JShell compiles the rest of the cell, not while it runs it. The line stays as a blank line, so
     * errors name the cell's own line numbers.
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
                rest.append('\n');
            } else {
                rest.append(line).append('\n');
            }
        }
        return rest.toString();
    }

    private Object evalSnippet(String source, CellSources.Origin origin) {
        Object value = null;
        thrown.set(null);
        for (SnippetEvent e : shell.eval(source)) {
            if (e.causeSnippet() != null) {
                continue; // news about other snippets this one affected
            }
            sources.put(e.snippet().id(), origin);
            if (e.exception() != null) {
                Throwable t = e.exception();
                if (execution.interrupted()) {
                    throw interrupted(null);
                }
                if (t instanceof EvalException ee) {
                    Throwable real = thrown.getAndSet(null);
                    if (real != null && real.getClass().getName().equals(ee.getExceptionClassName())) {
                        lastFailure = new Failure(real, ee.getStackTrace());
                        throw MHeightKernel.<RuntimeException>rethrow(real);
                    }
                    throw new CellException(ee.getExceptionClassName() + ": " + ee.getMessage(), ee);
                }
                if (t instanceof UnresolvedReferenceException ure) {
                    List<String> missing = new ArrayList<>();
                    shell.unresolvedDependencies(ure.getSnippet()).forEach(missing::add);
                    throw new CellException("this cell uses what is not defined yet: " + String.join(", ", missing),
                            t);
                }
                throw new CellException(t.getMessage(), t);
            }
            if (e.status() == Snippet.Status.REJECTED) {
                throw errors.compile(shell.diagnostics(e.snippet()).toList(), origin);
            }
            Object result = e.value() == null ? null : results.remove(e.value());
            boolean expression = e.snippet().kind() == Snippet.Kind.EXPRESSION
                    || e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            value = expression ? result : null;
        }
        return value;
    }

    /**
     * The error of an interrupted cell. A value the cell computed before it stopped (a stopped training magic's
     * result table) is still shown above it.
     */
    private RuntimeException interrupted(Object value) {
        if (value != null && getIO().isAttached()) {
            display(getRenderer().render(value));
        }
        String message = execution.trainingStopped()
                ? "the cell was interrupted: training stopped at its next step and its run folder holds the best"
                        + " epoch so far (stop reason 'interrupted'); variables defined before are kept"
                : "the cell was interrupted; variables defined before are kept";
        return MHeightKernel.<RuntimeException>rethrow(new InterruptedException(message));
    }

    /** Throws any throwable as it is (the compiler's checked-exception rule does not hold at run time). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        if (t instanceof Error e) {
            throw CellErrors.CarriedError.of(e);
        }
        throw (T) t;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> found = documentation(code, at);
        if (found.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (SourceCodeAnalysis.Documentation d : found) {
            if (!seen.add(d.signature())) {
                continue;
            }
            text.append(d.signature()).append('\n');
            String javadoc = d.javadoc() != null ? d.javadoc() : docs.javadoc(d.signature());
            if (javadoc != null && !javadoc.isBlank()) {
                text.append('\n').append(javadoc.strip()).append("\n\n");
            }
        }
        return new DisplayData(text.toString().strip());
    }

    /**
     * JShell's documentation at the cursor, tried at the cursor and at the end of the name it stands in (a front
     * end sends the cursor wherever the person pressed Shift-Tab), within the cell's snippet under the cursor.
     * JShell documents a method only inside its call, so a bare method name ({@code Math.abs}, {@code s.length}) is
     * asked about as if a call followed it; a variable or field comes back as its name and type
     * ({@code s:java.lang.String}).
     */
    private List<SourceCodeAnalysis.Documentation> documentation(String code, int at) {
        int[] snippet = snippetAround(code, at);
        String text = code.substring(snippet[0], snippet[1]);
        int cursor = at - snippet[0];
        int end = cursor;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
            end++;
        }
        for (int pos : new int[] {cursor, end, end < text.length() && text.charAt(end) == '(' ? end + 1 : end}) {
            List<SourceCodeAnalysis.Documentation> d = analysis.documentation(text, pos, true);
            if (!d.isEmpty()) {
                return d;
            }
        }
        boolean bareName = end > 0 && Character.isJavaIdentifierPart(text.charAt(end - 1))
                && (end == text.length() || text.charAt(end) != '(');
        return bareName ? analysis.documentation(text.substring(0, end) + "(" + text.substring(end), end + 1, true)
                : List.of();
    }

    /** The start and end, in {@code code}, of the snippet holding offset {@code at}. */
    private int[] snippetAround(String code, int at) {
        int start = 0;
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                break;
            }
            int end = start + info.source().length();
            if (at <= end) {
                return new int[] {start, Math.min(code.length(), end)};
            }
            start = code.length() - info.remaining().length();
            remaining = info.remaining();
        }
        return new int[] {Math.min(start, at), code.length()};
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] snippet = snippetAround(code, at);
        int[] anchor = new int[1];
        // JShell suggests a method once per overload; a person picks a name, so each name is listed once.
        Set<String> options = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(code.substring(snippet[0], snippet[1]),
                at - snippet[0], anchor)) {
            options.add(s.continuation());
        }
        return options.isEmpty() ? null
                : new ReplacementOptions(new ArrayList<>(options), snippet[0] + anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis.Completeness c = analysis.analyzeCompletion(code).completeness();
        return c.isComplete() || c == SourceCodeAnalysis.Completeness.EMPTY ? IS_COMPLETE_YES
                : c == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE ? "" : IS_COMPLETE_MAYBE;
    }

    @Override
    public void interrupt() {
        execution.interrupt();
    }

    /** Whether a cell is training now (a loop that stops at its next step on Interrupt); for tests. */
    boolean training() {
        return execution.training();
    }

    @Override
    public void onShutdown(boolean restart) {
        shell.close();
        uninstallNotebookKernel(); // so that another kernel can start in this JVM (tests start several)
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellErrors.CompileError c) {
            return c.traceback();
        }
        if (e instanceof CellException || e instanceof InterruptedException) {
            List<String> lines = new ArrayList<>();
            String name = e instanceof InterruptedException ? "InterruptedException: " : "";
            lines.add(errorStyler.primary(name + (e.getMessage() == null ? e.getClass().getName() : e.getMessage())));
            return lines;
        }
        Failure f = lastFailure;
        Throwable real = e instanceof CellErrors.CarriedError && e.getCause() != null ? e.getCause() : e;
        return errors.runtime(e, f != null && f.thrown() == real ? f.translated() : null);
    }

    /** An error in a cell that is the kernel's to describe (not the user's exception), with its message. */
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

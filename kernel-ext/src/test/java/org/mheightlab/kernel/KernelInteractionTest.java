package org.mheightlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kernel as a person uses it: interrupt, errors in the user's terms, completion and inspect. */
class KernelInteractionTest {

    static MHeightKernel kernel;

    @BeforeAll
    static void start() {
        kernel = MHeightKernel.builder().build();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    /** Runs a cell on another thread, as the shell channel does, so the test can interrupt it. */
    private static CompletableFuture<Object> runAsync(String cell) {
        return CompletableFuture.supplyAsync(() -> kernel.evalRaw(cell));
    }

    private static Throwable failure(CompletableFuture<Object> cell, long seconds) throws Exception {
        try {
            cell.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
        }
        throw new AssertionError("the cell finished without an error");
    }

    private static List<String> traceback(Throwable t) {
        return CellErrors.plain(kernel.formatError(t));
    }

    @Test
    void interruptStopsAPlainLoopAndKeepsTheVariables() throws Exception {
        kernel.evalRaw("int before = 41 + 1;");
        CompletableFuture<Object> cell = runAsync("long spins = 0;\nwhile (true) { spins++; }");
        Thread.sleep(500);
        assertFalse(cell.isDone(), "the loop runs");
        long pressed = System.nanoTime();
        kernel.interrupt();
        Throwable t = failure(cell, 10);
        double seconds = (System.nanoTime() - pressed) / 1e9;
        assertInstanceOf(InterruptedException.class, t);
        assertTrue(seconds < 3, "stopped " + seconds + " s after Interrupt");
        assertEquals("InterruptedException", ErrorReply.of((Exception) t).getErrorName());
        assertEquals(42, kernel.evalRaw("before"), "variables defined before the interrupted cell are kept");
        assertEquals(43, kernel.evalRaw("before + 1"), "later cells run");
    }

    @Test
    void interruptEndsASleepAtOnceAndTheRestOfTheCellDoesNotRun() throws Exception {
        kernel.evalRaw("int after = 0;");
        CompletableFuture<Object> cell = runAsync("Thread.sleep(60_000);\nafter = 1;");
        Thread.sleep(300);
        kernel.interrupt();
        assertInstanceOf(InterruptedException.class, failure(cell, 5));
        assertEquals(0, kernel.evalRaw("after"), "the snippet after the interrupted one did not run");
    }

    @Test
    void interruptStopsTrainingAtTheNextStepAndTheRunFolderIsWritten() throws Exception {
        Path root = MHeightKernelTest.projectDir();
        Path out = Files.createTempDirectory("mh-interrupt").resolve("run");
        kernel.evalRaw("String marker = \"kept\";");
        CompletableFuture<Object> cell = runAsync("%%mh_train run7 " + out + "\nepochs = 5000\nlimitPerGroup = 40\n"
                + "train = " + root.resolve("data/train") + "\ntest = " + root.resolve("data/test") + "\n");
        // Wait until the training loop runs (the data are read and the model built), then press Interrupt.
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!kernel.training() && !cell.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1000);
        assertFalse(cell.isDone(), "5000 epochs are still running");
        kernel.interrupt();
        Throwable t = failure(cell, 60);
        assertInstanceOf(InterruptedException.class, t);
        assertTrue(t.getMessage().contains("training stopped"), t.getMessage());
        String provenance = Files.readString(out.resolve("provenance.json"));
        assertTrue(provenance.contains("\"stopReason\": \"interrupted"), provenance);
        assertTrue(Files.exists(out.resolve("per_group_performance.txt")), "the run folder is complete");
        assertEquals("kept", kernel.evalRaw("marker"));
    }

    /**
     * Interrupt lands where a training loop happens to be, often outside its step: in the validation pass, or while
     * the best checkpoint is written. Such work must still finish (a raised interrupt flag would fail its file
     * writes) and the loop stop at its next poll.
     */
    @Test
    void interruptOutsideATrainingStepLetsTheEpochsFileWritesFinish() throws Exception {
        Path file = Files.createTempFile("mh-checkpoint", ".bin");
        CompletableFuture<Object> cell = runAsync("""
                int epochs = 0;
                try (var loop = org.mheightlab.train.StopRequest.polling()) {
                    while (!org.mheightlab.train.StopRequest.pending()) {
                        long t = System.nanoTime();
                        while (System.nanoTime() - t < 5_000_000L) { Thread.onSpinWait(); }
                        for (int i = 0; i < 20; i++) {
                            java.nio.file.Files.write(java.nio.file.Path.of("%s"), new byte[4096]);
                        }
                        epochs++;
                    }
                    Thread.sleep(200);
                    java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "stopped after " + epochs);
                }
                """.formatted(file, file));
        Thread.sleep(800);
        assertFalse(cell.isDone(), "the loop runs");
        kernel.interrupt();
        Throwable t = failure(cell, 30);
        assertInstanceOf(InterruptedException.class, t);
        assertTrue(t.getMessage().contains("training stopped"), "the loop took the request: " + t.getMessage());
        assertTrue(Files.readString(file).startsWith("stopped after "), "the writes after the stop finished");
    }

    @Test
    void cellCodeCanEvaluateCodeThroughTheKernel() {
        assertEquals(7, kernel.evalRaw("org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.eval(\"3 + 4\")"));
    }

    @Test
    void runtimeErrorsNameTheUsersExceptionAndFramesInTheCell() {
        kernel.evalRaw("void check(int x) {\n  if (x > 2) {\n    throw new IllegalStateException(\"boom \" + x);\n  }\n}");
        Throwable t = catching("int a = 1;\ncheck(a + 2);");
        assertInstanceOf(IllegalStateException.class, t);
        assertEquals("IllegalStateException", ErrorReply.of((Exception) t).getErrorName());
        assertEquals("boom 3", ErrorReply.of((Exception) t).getErrorMessage());
        List<String> tb = traceback(t);
        String all = String.join("\n", tb);
        assertEquals("IllegalStateException: boom 3", tb.get(0));
        assertTrue(all.contains("cell, line 3, in check"), all);
        assertTrue(all.contains("throw new IllegalStateException(\"boom \" + x);"), all);
        assertTrue(all.contains("cell, line 2\n      check(a + 2);"), all);
        for (String kernelFrame : List.of("MHeightKernel", "BaseKernel", "ShellChannel", "jdk.jshell", "ExecutionThread",
                "reflect")) {
            assertFalse(all.contains(kernelFrame), kernelFrame + " in\n" + all);
        }
    }

    @Test
    void libraryFramesStayAndCausesAreShown() {
        Throwable t = catching("// parse it\nInteger.parseInt(\"x\")");
        assertInstanceOf(NumberFormatException.class, t);
        String all = String.join("\n", traceback(t));
        assertTrue(all.contains("java.lang.Integer.parseInt(Integer.java:"), all);
        assertTrue(all.contains("cell, line 2\n      Integer.parseInt(\"x\")"), all);
        t = catching("throw new RuntimeException(\"outer\", new java.io.IOException(\"inner\"));");
        all = String.join("\n", traceback(t));
        assertTrue(all.startsWith("RuntimeException: outer"), all);
        assertTrue(all.contains("Caused by: IOException: inner"), all);
    }

    @Test
    void errorsKeepTheirNameThroughJJava() {
        Throwable t = catching("int[] xs = new int[2];\nxs[5] = 1;");
        assertEquals("ArrayIndexOutOfBoundsException", ErrorReply.of((Exception) t).getErrorName());
        t = catching("assert false : \"checked\";\nthrow new AssertionError(\"checked\");");
        assertEquals("AssertionError", ErrorReply.of((Exception) t).getErrorName());
        assertTrue(traceback(t).get(0).startsWith("AssertionError: checked"), traceback(t).toString());
        assertEquals(5, kernel.evalRaw("5"), "the kernel keeps working after errors");
    }

    @Test
    void compileErrorsPointAtTheCellLineAndColumn() {
        Throwable t = catching("int ok = 1;\n\nint z = \"text\";");
        assertEquals("CompileError", ErrorReply.of((Exception) t).getErrorName());
        List<String> tb = traceback(t);
        assertEquals("CompileError: incompatible types: java.lang.String cannot be converted to int", tb.get(0));
        assertEquals("  cell, line 3, column 9", tb.get(1));
        assertEquals("    int z = \"text\";", tb.get(2));
        assertEquals("            ^^^^^^", tb.get(3));
        tb = traceback(catching("undefinedThing(3)"));
        String all = String.join("\n", tb);
        assertTrue(all.contains("cannot find symbol") && all.contains("symbol:   method undefinedThing(int)"), all);
        assertFalse(all.contains("location: class"), "JShell's wrapper class is not the user's\n" + all);
        assertTrue(all.contains("line 1, column 1"), all);
    }

    @Test
    void completionListsEachNameOnce() {
        ReplacementOptions options = kernel.complete("Math.ab", 7);
        assertNotNull(options);
        assertEquals(List.of("abs(", "absExact("), options.getReplacements());
        assertEquals(5, options.getSourceStart());
        options = kernel.complete("int q = 1;\nMath.ma", 18);
        assertTrue(options.getReplacements().contains("max("), options.getReplacements().toString());
        assertEquals(1, options.getReplacements().stream().filter("max("::equals).count());
        assertEquals(16, options.getSourceStart(), "the anchor is in the cell, not in its second snippet");
    }

    @Test
    void inspectShowsSignaturesAndTheProjectsJavadoc() {
        DisplayData d = kernel.inspect("Math.abs(", 9, false);
        assertNotNull(d);
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("int Math.abs(int a)") && text.contains("double Math.abs(double a)"), text);
        String code = "new org.mheightlab.code.ExactHeightCalculator().profile(p)";
        d = kernel.inspect(code, code.indexOf("profile") + 3, false);
        text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.startsWith("org.mheightlab.code.HeightProfile org.mheightlab.code.ExactHeightCalculator"
                + ".profile(double[][] p)"), text);
        assertTrue(text.lines().count() > 2, "the Javadoc follows the signature:\n" + text);
        assertFalse(text.contains("{@"), "Javadoc tags are shown as words:\n" + text);
        d = kernel.inspect("org.mheightlab.code.ExactHeightCalculator", 30, false);
        text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("vertex"), "the class Javadoc explains the engine:\n" + text);
    }

    /** Shift-Tab on a bare name, as other kernels answer it: the cursor at the end of the name or inside it. */
    @Test
    void inspectFindsTheNameAtTheCursorWithoutAParenthesis() {
        for (int at : new int[] {"Math.abs".length(), "Math.a".length(), "Math.".length()}) {
            DisplayData d = kernel.inspect("Math.abs", at, false);
            assertNotNull(d, "Math.abs at " + at);
            String text = (String) d.getData(MIMEType.TEXT_PLAIN);
            assertTrue(text.contains("int Math.abs(int a)") && text.contains("double Math.abs(double a)"),
                    "the overloads of Math.abs at " + at + ":\n" + text);
        }
        kernel.evalRaw("String inspected = \"abc\";");
        DisplayData d = kernel.inspect("int n = inspected.length", "int n = inspected.length".length(), false);
        assertNotNull(d, "a method of a variable's type");
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("String.length()"), text);

        d = kernel.inspect("inspected", 4, false);
        assertNotNull(d, "a variable");
        text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("inspected") && text.contains("java.lang.String"), "a variable shows its type:\n" + text);
        kernel.evalRaw("int[] numbers = {1, 2};");
        d = kernel.inspect("numbers.length", "numbers.len".length(), false);
        assertNotNull(d, "a field");
        text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("int"), "a field shows its type:\n" + text);

        assertNull(kernel.inspect("   ", 1, false), "nothing at the cursor");
        assertNull(kernel.inspect("notDefinedAnywhere", 5, false), "an unknown name");
    }

    private static Throwable catching(String cell) {
        try {
            kernel.evalRaw(cell);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no error from: " + cell);
    }
}

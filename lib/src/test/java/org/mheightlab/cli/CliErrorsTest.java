package org.mheightlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Item 17: bad input is "error", exit 2; a bug is one "internal error" line and exit 1; never a stack trace. */
class CliErrorsTest {

    /** A command that throws what it is told to, to drive the real handler. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        static Throwable toThrow;

        @Override
        public Integer call() throws Exception {
            if (toThrow instanceof Exception e) {
                throw e;
            }
            throw (Error) toThrow;
        }
    }

    private static String[] run(Throwable t) {
        Boom.toThrow = t;
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Boom());
        cli.setErr(new PrintWriter(err, true));
        int code = CliErrors.execute(cli, "mheight ");
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void aBugIsOneInternalErrorLineWithTheDebugHint() {
        String[] r = run(new NullPointerException("index is null"));
        assertEquals("1", r[0]);
        assertTrue(r[1].startsWith("mheight boom: internal error: java.lang.NullPointerException: index is null\n"),
                r[1]);
        assertTrue(r[1].contains("MHEIGHT_DEBUG=1"), r[1]);
        assertFalse(r[1].contains("\tat "), r[1]);
    }

    @Test
    void anErrorThatPicocliPassesThroughIsReportedTheSameWay() {
        String[] r = run(new StackOverflowError());
        assertEquals("1", r[0]);
        assertTrue(r[1].startsWith("mheight boom: internal error: java.lang.StackOverflowError"), r[1]);
        assertFalse(r[1].contains("\tat "), r[1]);
    }

    @Test
    void badInputIsAnErrorWithExitTwo() {
        String[] r = run(new IllegalArgumentException("--lr must be a finite number > 0, got NaN"));
        assertEquals("2", r[0]);
        assertEquals("mheight boom: error: --lr must be a finite number > 0, got NaN\n", r[1]);
    }

    @Test
    void aBareIoExceptionNamesTheFileNotTheClass() {
        String[] r = run(new UncheckedIOException(new NoSuchFileException("/data/x.csv")));
        assertEquals("2", r[0]);
        assertEquals("mheight boom: error: /data/x.csv: no such file or folder\n", r[1]);
    }
}

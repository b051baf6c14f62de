package org.mheightlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.mheightlab.data.DatasetFormatException;
import picocli.CommandLine;

/**
 * How every command line of the project (mheight, the kernel installer) ends on an exception:
 * <ul>
 *   <li>bad input or an unusable file system — a dataset error, an invalid option value, a refused output,
 *       an I/O failure — prints one line {@code "mheight CMD: error: ..."} and exits 2;</li>
 *   <li>anything else is a bug: one line {@code "mheight CMD: internal error: <class>: <message>"} plus a hint to
 *       set {@code MHEIGHT_DEBUG=1} for the stack trace, and exit 1.</li>
 * </ul>
 * No stack trace is printed unless {@code MHEIGHT_DEBUG} is set (or the {@code mheight.debug} system property).
 */
public final class CliErrors {

    public static final int BAD_INPUT = 2;
    public static final int INTERNAL_ERROR = 1;

    private CliErrors() {
    }

    /**
     * Executes {@code cli} with the handling above. {@code prefix} goes before the command's qualified name
     * ("" for mheight, whose root command is called mheight; "mheight " for the kernel installer).
     */
    public static int execute(CommandLine cli, String prefix, String... args) {
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                report(ex, prefix + commandLine.getCommandSpec().qualifiedName(), commandLine.getErr()));
        try {
            return cli.execute(args);
        } catch (Error e) {
            // picocli passes Errors through (StackOverflowError, OutOfMemoryError): still one line, no trace.
            return report(e, prefix + deepest(cli).getCommandSpec().qualifiedName(), cli.getErr());
        }
    }

    static int report(Throwable ex, String command, PrintWriter err) {
        int code;
        if (isBadInput(ex)) {
            err.println(command + ": error: " + message(ex));
            code = BAD_INPUT;
        } else {
            err.println(command + ": internal error: " + ex.getClass().getName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            if (!debug()) {
                err.println("  (this is a bug in mheight-lab; set MHEIGHT_DEBUG=1 to print the stack trace)");
            }
            code = INTERNAL_ERROR;
        }
        if (debug()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean isBadInput(Throwable ex) {
        return ex instanceof DatasetFormatException || ex instanceof IllegalArgumentException
                || ex instanceof UncheckedIOException || ex instanceof IOException;
    }

    /** The exception's message; for a bare I/O exception, its file and reason instead of its class name. */
    private static String message(Throwable ex) {
        Throwable io = ex instanceof UncheckedIOException u && u.getCause() != null
                && (u.getMessage() == null || u.getMessage().equals(u.getCause().toString())) ? u.getCause() : ex;
        if (io instanceof java.nio.file.NoSuchFileException nf && nf.getReason() == null) {
            return nf.getFile() + ": no such file or folder";
        }
        if (io instanceof java.nio.file.AccessDeniedException ad && ad.getReason() == null) {
            return ad.getFile() + ": permission denied";
        }
        if (io instanceof java.nio.file.FileSystemException fs) {
            return fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason()
                    : fs.getClass().getSimpleName().replace("Exception", ""));
        }
        return io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
    }

    private static boolean debug() {
        String env = System.getenv("MHEIGHT_DEBUG");
        return (env != null && !env.isBlank() && !env.equals("0")) || Boolean.getBoolean("mheight.debug");
    }

    private static CommandLine deepest(CommandLine cli) {
        CommandLine.ParseResult pr = cli.getParseResult();
        if (pr == null) {
            return cli;
        }
        while (pr.subcommand() != null) {
            pr = pr.subcommand();
        }
        return pr.commandSpec().commandLine();
    }
}

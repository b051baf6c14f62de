package org.mheightlab.cli;

import org.mheightlab.Bounds;
import picocli.CommandLine;

/**
 * picocli converters for int and long options that say what is wrong with a value: "'10000000000' is too large: at
 * most 2147483647" instead of "is not an int" (which reads as if 10000000000 were not a whole number). Registered on
 * every command line of the project, so every option of these types gets them.
 */
final class WholeNumbers {

    private WholeNumbers() {
    }

    static CommandLine register(CommandLine cli) {
        cli.registerConverter(Integer.class, text -> (int) parse(text, false));
        cli.registerConverter(Integer.TYPE, text -> (int) parse(text, false));
        cli.registerConverter(Long.class, text -> parse(text, true));
        cli.registerConverter(Long.TYPE, text -> parse(text, true));
        return cli;
    }

    private static long parse(String text, boolean isLong) {
        String problem = Bounds.wholeNumberProblem(text, isLong);
        if (problem != null) {
            throw new CommandLine.TypeConversionException("'" + text + "' is " + problem);
        }
        // 1e3 and 1000.0 are whole numbers too: read them through BigDecimal, as the JSON of run definitions is.
        return new java.math.BigDecimal(text.trim()).longValueExact();
    }
}

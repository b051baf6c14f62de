package org.mheightlab.cli;

import java.util.Locale;

/**
 * Range checks for numeric options, so a value like {@code --tolerance NaN} or {@code --epochs 0} is refused
 * before any work with a message naming the option and the allowed range (picocli only checks the type).
 */
final class OptionCheck {

    private OptionCheck() {
    }

    /** {@code value ≥ min}. */
    static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be ≥ " + min + ", got " + value);
        }
        return value;
    }

    /** {@code min ≤ value ≤ max}. */
    static int between(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /** A finite number in [min, ∞). */
    static double atLeast(String option, double value, double min) {
        return range(option, value, min, true, Double.POSITIVE_INFINITY, false);
    }

    /** A finite number in (0, ∞). */
    static double positive(String option, double value) {
        return range(option, value, 0, false, Double.POSITIVE_INFINITY, false);
    }

    /**
     * A finite number between {@code min} and {@code max}, each bound inclusive or not. NaN and infinities are
     * always refused: no option of this tool means anything with them.
     */
    static double range(String option, double value, double min, boolean minInclusive, double max,
                        boolean maxInclusive) {
        boolean ok = Double.isFinite(value) && (minInclusive ? value >= min : value > min)
                && (maxInclusive ? value <= max : value < max);
        if (!ok) {
            String range = Double.isInfinite(max)
                    ? "a finite number " + (minInclusive ? "≥ " : "> ") + fmt(min)
                    : "a number in " + (minInclusive ? "[" : "(") + fmt(min) + ", " + fmt(max)
                            + (maxInclusive ? "]" : ")");
            throw new IllegalArgumentException(option + " must be " + range + ", got " + fmt(value));
        }
        return value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}

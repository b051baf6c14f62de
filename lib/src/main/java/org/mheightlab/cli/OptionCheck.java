package org.mheightlab.cli;

import org.mheightlab.Bounds;

/**
 * Range checks for numeric options, so a value like {@code --tolerance NaN} or {@code --epochs 0} is refused
 * before any work with a message naming the option and the allowed range (picocli only checks the type). The
 * messages and the ranges of options that feed a run-definition setting are {@link Bounds}'.
 */
final class OptionCheck {

    private OptionCheck() {
    }

    /** {@code value ≥ min}. */
    static int atLeast(String option, int value, int min) {
        return Bounds.check(option, value, new Bounds.Range(min, false, Double.POSITIVE_INFINITY, false));
    }

    /** {@code min ≤ value ≤ max}. */
    static int between(String option, int value, int min, int max) {
        return Bounds.check(option, value, Bounds.closed(min, max));
    }

    /** A whole number in the range of the setting the option feeds ({@link Bounds}). */
    static int within(String option, int value, Bounds.Range range) {
        return Bounds.check(option, value, range);
    }

    /** A number in the range of the setting the option feeds ({@link Bounds}). */
    static double within(String option, double value, Bounds.Range range) {
        return Bounds.check(option, value, range);
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
        return Bounds.check(option, value, new Bounds.Range(min, !minInclusive, max, !maxInclusive));
    }
}

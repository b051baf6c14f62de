package org.mheightlab;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The sane range of every numeric setting, in one place: the run definition's fields (their records' constructors
 * check them) and the command-line options that feed them ({@code cli.OptionCheck}) refuse a value outside its range
 * with one message, {@code "KEY: must be a number in (0, 1], got 1.0E308"}. The ranges are wide enough for any run
 * the project describes and narrow enough that a typo (1e308, an extra zero group) is refused before it overflows a
 * float weight, makes the engine skip every update, or asks for more memory than a machine has. A value at a bound
 * still trains; memory for sizes inside the bounds is checked separately ({@link MemoryBudget}).
 */
public final class Bounds {

    /** A closed or half-open interval of numbers; {@code whole} ranges print as whole numbers. */
    public record Range(double min, boolean minOpen, double max, boolean maxOpen) {

        public boolean contains(double v) {
            return Double.isFinite(v) && (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max);
        }

        /** "(0, 1]", "[1, 65536]"; "≥ 0" when there is no upper bound (options such as --tolerance). */
        public String text() {
            if (Double.isInfinite(max)) {
                return (minOpen ? "> " : "≥ ") + show(min);
            }
            return (minOpen ? "(" : "[") + show(min) + ", " + show(max) + (maxOpen ? ")" : "]");
        }

        private String phrase(String kind) {
            return Double.isInfinite(max) ? "a finite " + kind + " " + text() : "a " + kind + " in " + text();
        }
    }

    // Training (TrainingConfig; the classifier's options share the optimiser's).
    public static final Range LEARNING_RATE = new Range(0, true, 1, false);
    public static final Range WEIGHT_DECAY = closed(0, 1);
    public static final Range CLIP_NORM = closed(0, 1e6);
    public static final Range WARMUP_STEPS = closed(0, 10_000_000);
    public static final Range BATCH_SIZE = closed(1, 65_536);
    public static final Range EPOCHS = closed(1, 100_000);
    public static final Range PATIENCE = closed(0, 100_000);
    public static final Range EASY_STOP_ABOVE = closed(-1e6, 1e6);
    /** Group and tier weights and curriculum multipliers: a float loss stays finite up to 1000× (see WeightedLog2Mse). */
    public static final Range LOSS_WEIGHT = closed(0, 1000);
    public static final Range RAMP_SLOPE = closed(-1000, 1000);
    // Schedules (LearningRateSchedule).
    public static final Range SCHEDULE_PERIOD = closed(1, 100_000);
    public static final Range SCHEDULE_MULT = closed(1, 100);
    public static final Range SCHEDULE_MIN = closed(0, 1);
    // Data and augmentation.
    public static final Range PER_K = closed(0, 10_000_000);
    public static final Range COPIES = closed(0, 1000);
    public static final Range NOISE_SCALE = new Range(0, true, 1, false);
    public static final Range MEMBERS = closed(1, 100);
    // Model sections.
    public static final Range WIDTH = closed(1, 65_536);
    public static final Range EMBEDDING = closed(0, 4096);
    public static final Range EXPERTS = closed(0, 64);
    public static final Range HEADS = closed(1, 64);
    public static final Range L2 = closed(0, 1);
    // The classifier's options (ClassifierSpec, ClassifierTrainingConfig).
    public static final Range LAYERS = closed(1, 64);
    public static final Range STEPS = closed(0, 10_000_000);
    public static final Range FOCAL_GAMMA = closed(0, 100);

    private Bounds() {
    }

    public static Range closed(double min, double max) {
        return new Range(min, false, max, false);
    }

    /** {@code value} if {@code range} holds it; else the refusal naming {@code key}, the range and the value. */
    public static double check(String key, double value, Range range) {
        if (!range.contains(value)) {
            throw new IllegalArgumentException(key + (key.startsWith("--") ? " " : ": ") + "must be "
                    + range.phrase("number") + ", got " + show(value));
        }
        return value;
    }

    /** As {@link #check(String, double, Range)} for a whole number ("a whole number in [1, 65536]"). */
    public static int check(String key, int value, Range range) {
        if (!range.contains(value)) {
            throw new IllegalArgumentException(key + (key.startsWith("--") ? " " : ": ") + "must be "
                    + range.phrase("whole number") + ", got " + value);
        }
        return value;
    }

    /** {@link #check(String, int, Range)} for every element of a list, each named {@code key[i]}. */
    public static void checkEach(String key, java.util.List<Integer> values, Range range) {
        for (int i = 0; i < values.size(); i++) {
            check(key + "[" + i + "]", values.get(i), range);
        }
    }

    /**
     * Why {@code text} does not fit a Java {@code int} or {@code long}, or null when it does: "too large: at most
     * 2147483647", or "not a whole number". Accepts 3e9 and 3000000000.0 as whole numbers (JSON writes both).
     */
    public static String wholeNumberProblem(String text, boolean isLong) {
        BigDecimal d;
        try {
            d = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return "not a whole number";
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            return "not a whole number";
        }
        BigDecimal max = BigDecimal.valueOf(isLong ? Long.MAX_VALUE : Integer.MAX_VALUE);
        BigDecimal min = BigDecimal.valueOf(isLong ? Long.MIN_VALUE : Integer.MIN_VALUE);
        if (d.compareTo(max) > 0) {
            return "too large: at most " + max.toPlainString();
        }
        if (d.compareTo(min) < 0) {
            return "too small: at least " + min.toPlainString();
        }
        return null;
    }

    private static String show(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}

package org.mheightlab;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The one up-front memory check of the project: a size that is valid but cannot fit (generate --count, a run's
 * generated codes, augmentation copies, a model's widths) is refused before any work, saying how many would fit,
 * instead of ending in an OutOfMemoryError or a native engine trace after minutes of work. Each caller gives its
 * own estimate of bytes per item (see the callers); this class compares it with what the process can use.
 */
public final class MemoryBudget {

    /** Where the items live: Java arrays on the heap, or the engine's native arrays (weights, their gradients). */
    public enum Pool {
        HEAP("this JVM can use", "give Java more memory (MHEIGHT_JAVA_OPTS=-Xmx...)"),
        NATIVE("this machine has", "use a machine with more memory");

        private final String has;
        private final String more;

        Pool(String has, String more) {
            this.has = has;
            this.more = more;
        }

        /** Bytes available, with a fifth kept back for everything the estimate leaves out. */
        double usable() {
            if (this == HEAP) {
                Runtime rt = Runtime.getRuntime();
                return 0.8 * (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
            }
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return 0.8 * os.getTotalMemorySize();
            }
            return Double.POSITIVE_INFINITY; // no way to know: let the engine say
        }
    }

    /** A size that does not fit; a caller that knows the file the size came from puts its name in front. */
    public static final class TooLarge extends IllegalArgumentException {
        public TooLarge(String message) {
            super(message);
        }

        /** The same refusal, naming {@code source} (the run definition) first. */
        public TooLarge in(String source) {
            return new TooLarge(source + ": " + getMessage());
        }
    }

    private MemoryBudget() {
    }

    /**
     * Refuses {@code count} {@code unit} of about {@code bytesEach} bytes each when they do not fit in {@code pool}:
     * "KEY: 30000000 codes need about 363.2 GiB of memory, but this JVM can use about 4.8 GiB; at most about 396000
     * codes fit. ADVICE, or give Java more memory". {@code fitDetail} adds to "fit" (e.g. per group); may be null.
     */
    public static void require(String key, long count, String unit, double bytesEach, Pool pool,
                               LongFunction<String> fitDetail, String advice) {
        double usable = pool.usable();
        double bytes = bytesEach * count;
        if (count > Integer.MAX_VALUE - 8 || bytes > usable) {
            long fit = (long) Math.min(Integer.MAX_VALUE - 8L, usable / Math.max(1, bytesEach));
            throw new TooLarge(String.format(Locale.ROOT,
                    "%s: %d %s need about %.1f GiB of memory, but %s about %.1f GiB; at most about %d %s fit%s. "
                            + "%s, or %s", key, count, unit, bytes / (1L << 30), pool.has, usable / (1L << 30), fit,
                    unit, fitDetail == null ? "" : fitDetail.apply(fit), advice, pool.more));
        }
    }
}

package org.mheightlab.cli;

/** The thread count a command uses: the --threads value, or every core. */
final class Threads {

    private Threads() {
    }

    static int resolve(int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("--threads must be ≥ 1 (or 0 for all cores), got " + requested);
        }
        return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
    }
}

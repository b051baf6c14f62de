package org.mheightlab.train;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request, made from another thread, that the running training stop at its next optimiser step. The notebook
 * kernel makes it when a person presses Interrupt; interrupting the training thread ({@link Thread#interrupt()},
 * {@code Future.cancel(true)}) makes it too, so a Java caller needs nothing from this class but its own thread.
 *
 * <p>Training loops poll {@link #pending()} once per step. A loop that sees the request finishes the epoch it is in
 * (a validation pass over the weights it has), keeps the best epoch so far and returns with stop reason
 * {@code interrupted}, so the run still writes a complete run folder. The request stays up for the rest of the run:
 * an ensemble's later members and a run's later per-k models then train no steps instead of starting afresh,
 * until {@link #clear()} (the kernel clears it before each cell).
 *
 * <p>It is one flag for the process, not an object passed down, because what it stops is "whatever training is
 * running now": a run goes from the magic through the run runner into several trainers on one thread, and the
 * kernel runs one cell at a time.
 */
public final class StopRequest {

    private static final AtomicBoolean REQUESTED = new AtomicBoolean();
    private static final AtomicBoolean SEEN = new AtomicBoolean();
    private static final AtomicInteger POLLING = new AtomicInteger();

    private StopRequest() {
    }

    /** Asks the running training to stop at its next step. */
    public static void request() {
        REQUESTED.set(true);
    }

    /** Withdraws a request, before new work starts. */
    public static void clear() {
        REQUESTED.set(false);
        SEEN.set(false);
    }

    /**
     * Whether training should stop now. Takes the calling thread's interrupt flag into the request (and clears the
     * flag), because a thread with the flag up cannot write files through NIO channels, and the stopped run still
     * has its run folder to write.
     */
    public static boolean pending() {
        if (Thread.interrupted()) {
            REQUESTED.set(true);
        }
        boolean requested = REQUESTED.get();
        if (requested) {
            SEEN.set(true);
        }
        return requested;
    }

    /**
     * Whether a training loop has seen the request and is winding down by itself; the kernel then waits for it
     * instead of stopping the thread.
     */
    public static boolean seen() {
        return SEEN.get();
    }

    /** Held by a training loop while it polls {@link #pending()} at every step; closing it ends the promise. */
    public interface Polling extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Declares that the calling loop polls {@link #pending()} at every step, so that whoever requests a stop knows
     * the request will be seen (a step can take long on a loaded machine) and need not stop the thread by force.
     */
    public static Polling polling() {
        POLLING.incrementAndGet();
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                POLLING.decrementAndGet();
            }
        };
    }

    /** Whether some training loop is running and polls the request. */
    public static boolean polled() {
        return POLLING.get() > 0;
    }

    /** The stop reason a loop records: {@code interrupted}, and where. */
    public static String reason(int epoch, int steps, int stepsPerEpoch) {
        return steps == 0 && epoch == 0 ? "interrupted (before the first step)"
                : "interrupted (in epoch " + epoch + ", after " + steps + " of " + stepsPerEpoch + " steps)";
    }
}

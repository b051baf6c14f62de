package org.mheightlab.train;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request, made from another thread, that the training running on a thread stop at its next optimiser step.
 *
 * <p>Two ways to make it. Interrupting the thread ({@link Thread#interrupt()}, {@code Future.cancel(true)}) is the
 * plain Java way, and needs nothing from this class: the request lasts until the outermost run on that thread
 * returns (its {@link #scope()}), and then the thread's interrupt flag is raised again, as Java's convention for a
 * handled interrupt asks, so the caller still sees it. The notebook kernel calls {@link #request(Thread)} for the
 * cell's thread: that request lasts until the kernel withdraws it before the next cell ({@link #clear(Thread)}).
 *
 * <p>Training loops poll {@link #pending()} once per step. A loop that sees the request finishes the epoch it is in
 * (a validation pass over the weights it has), keeps the best epoch so far and returns with stop reason
 * {@code interrupted}, so the run still writes a complete run folder. While the request lasts, an ensemble's later
 * members and a run's later per-k models train no steps instead of starting afresh. The request is the thread's:
 * training on other threads goes on.
 */
public final class StopRequest {

    /** What one thread has been asked, and what its loops have done about it. */
    private static final class State {
        volatile boolean requested;
        /** The request came from the thread's interrupt flag (not from {@link #request}). */
        volatile boolean byInterrupt;
        volatile boolean seen;
        volatile int polling;
        int depth;
    }

    private static final Map<Thread, State> STATES = new ConcurrentHashMap<>();

    private StopRequest() {
    }

    private static State state(Thread t) {
        return STATES.computeIfAbsent(t, x -> new State());
    }

    /** Asks the training on thread {@code t} to stop at its next step; it lasts until {@link #clear(Thread)}. */
    public static void request(Thread t) {
        state(t).requested = true;
    }

    /** Withdraws the requests of thread {@code t}, before it starts new work. */
    public static void clear(Thread t) {
        State s = STATES.get(t);
        if (s != null && s.depth == 0) {
            STATES.remove(t);
        } else if (s != null) {
            s.requested = false;
            s.byInterrupt = false;
            s.seen = false;
        }
    }

    /**
     * Whether training on the calling thread should stop now. Takes the thread's interrupt flag into the request
     * (and clears the flag), because a thread with the flag up cannot write files through NIO channels, and the
     * stopped run still has its run folder to write.
     */
    public static boolean pending() {
        Thread t = Thread.currentThread();
        if (Thread.interrupted()) {
            State s = state(t);
            if (!s.requested) {
                s.byInterrupt = true;
            }
            s.requested = true;
        }
        State s = STATES.get(t);
        if (s != null && s.requested) {
            s.seen = true;
            return true;
        }
        return false;
    }

    /** Whether a training loop on thread {@code t} has seen the request and is winding down by itself. */
    public static boolean seen(Thread t) {
        State s = STATES.get(t);
        return s != null && s.seen;
    }

    /** Whether a training loop that polls the request is running on thread {@code t}. */
    public static boolean polled(Thread t) {
        State s = STATES.get(t);
        return s != null && s.polling > 0;
    }

    /** A run or a training loop in progress on the calling thread; closing it ends it (once). */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A run on the calling thread: a request made by interrupting the thread lasts until the outermost scope
     * closes, and then the interrupt flag is raised again for the caller.
     */
    public static Scope scope() {
        return enter(false);
    }

    /**
     * A training loop on the calling thread that polls {@link #pending()} at every step, so that whoever requests a
     * stop knows it will be seen (a step can take long on a loaded machine) and need not stop the thread by force.
     */
    public static Scope polling() {
        return enter(true);
    }

    private static Scope enter(boolean polls) {
        Thread t = Thread.currentThread();
        State s = state(t);
        s.depth++;
        if (polls) {
            s.polling++;
        }
        boolean[] open = {true};
        return () -> {
            if (!open[0]) {
                return;
            }
            open[0] = false;
            if (polls) {
                s.polling--;
            }
            if (--s.depth == 0) {
                if (s.byInterrupt) {
                    STATES.remove(t);
                    t.interrupt(); // handled, and handed back to the caller as Java's convention asks
                } else if (!s.requested) {
                    STATES.remove(t);
                }
            }
        };
    }

    /**
     * The stop reason a loop records: "interrupted" and where, already in the words the commands' one line uses
     * ("interrupted in epoch 6 (after 3 of 10 steps)", "interrupted before epoch 6", "interrupted before the first
     * step"), so that nothing has to read it back.
     */
    public static String reason(int epoch, int steps, int stepsPerEpoch) {
        if (steps == 0) {
            return epoch == 0 ? "interrupted before the first step" : "interrupted before epoch " + epoch;
        }
        return "interrupted in epoch " + epoch + " (after " + steps + " of " + stepsPerEpoch + " steps)";
    }

    /** Whether a recorded stop reason is one of {@link #reason}'s. */
    public static boolean isInterruption(String stopReason) {
        return stopReason.startsWith("interrupted");
    }
}

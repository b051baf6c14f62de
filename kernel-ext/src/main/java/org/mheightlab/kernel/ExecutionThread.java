package org.mheightlab.kernel;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.mheightlab.train.StopRequest;

/**
 * The thread a cell's code runs on, kept apart from the kernel's message threads so that Interrupt can reach it.
 *
 * <p>An interrupt asks politely first: it raises the {@link StopRequest} (training loops stop at their next step and still write their run
 * folder) and, unless a training loop polls that request, the thread's interrupt flag (blocking calls and
 * generation loops end at once). If the code has not finished after {@link #GRACE_MS} and no training loop has taken the request, the
 * thread is stopped ({@link Thread#stop()}, as JShell's local execution does), which ends a plain Java loop. Where
 * the JVM no longer supports that (JDK 20+), or the code survives it, the cell is given up: the kernel answers at
 * once and runs later cells on a fresh thread, and the old one is left to finish in the background. A second
 * Interrupt skips the waiting, also for a training loop that is winding down.
 */
final class ExecutionThread {

    /** How long polite requests get before the thread is stopped. */
    static final long GRACE_MS = 700;
    /** How long a stopped thread gets to unwind before the cell is given up. */
    static final long STOP_MS = 500;

    private final Consumer<String> notices;
    private Thread thread;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private volatile CompletableFuture<Object> running;
    /** Interrupt presses during the current cell. */
    private volatile int interrupts;
    private int generation;

    /** {@code notices} receives what the person should know (training winding down, a thread left running). */
    ExecutionThread(Consumer<String> notices) {
        this.notices = notices;
        synchronized (this) {
            this.thread = newThread();
        }
    }

    /** Whether the caller is cell code (which may evaluate more code through the kernel). */
    synchronized boolean onExecutionThread() {
        return Thread.currentThread() == thread;
    }

    /** Clears the interrupt state before a new cell (not for code that cell code evaluates). */
    synchronized void beginCell() {
        if (onExecutionThread()) {
            return;
        }
        interrupts = 0;
        StopRequest.clear(thread);
    }

    /** Whether a training loop of the current cell took the interrupt and stopped at its next step. */
    synchronized boolean trainingStopped() {
        return StopRequest.seen(thread);
    }

    /** Whether a training loop that polls for interrupts runs in the current cell (for tests). */
    synchronized boolean training() {
        return StopRequest.polled(thread);
    }

    /** Whether Interrupt was pressed during the current cell. */
    boolean interrupted() {
        return interrupts > 0;
    }

    /**
     * Runs {@code body} on the execution thread and waits for it. Returns its value; an exception it throws is
     * rethrown as it is; an interrupted run ends with {@link InterruptedException}.
     */
    Object run(Callable<Object> body) throws Exception {
        if (interrupted()) {
            throw new InterruptedException("the cell was interrupted");
        }
        if (onExecutionThread()) {
            return body.call(); // a cell's code evaluating code (BaseNotebookStatics.eval): already on this thread
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        synchronized (this) {
            running = future;
        }
        queue.add(() -> {
            Thread.interrupted(); // a flag left from an earlier interrupt must not hit this cell
            Thread.currentThread().setContextClassLoader(loader);
            try {
                future.complete(body.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (interrupted()) {
                throw new InterruptedException("the cell was interrupted");
            }
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (CancellationException e) {
            throw new InterruptedException("the cell was interrupted");
        } finally {
            synchronized (this) {
                if (running == future) {
                    running = null;
                }
            }
        }
    }

    /** Interrupt pressed (called on the control thread): ask, then stop, then give up, as the class describes. */
    void interrupt() {
        CompletableFuture<Object> future;
        Thread target;
        int press;
        synchronized (this) {
            press = ++interrupts;
            future = running;
            target = thread;
        }
        StopRequest.request(target);
        if (future == null) {
            return; // compiling, or between snippets: the next snippet will not start
        }
        // A training loop that polls the request needs no flag, and must not get one: the flag would land wherever
        // the loop is (a validation pass, the best checkpoint being written, the run folder) and fail that work
        // instead of letting the loop stop at its next step and write its folder. Other code gets the flag.
        if (press > 1 || !StopRequest.polled(target)) {
            target.interrupt();
        }
        Thread watchdog = new Thread(() -> escalate(future, target, press > 1), "mheight-interrupt");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @SuppressWarnings({"deprecation", "removal"})
    private void escalate(CompletableFuture<Object> future, Thread target, boolean urgent) {
        if (!urgent) {
            if (StopRequest.polled(target) && !StopRequest.seen(target)) {
                notices.accept("Interrupt: training stops at its next step and writes its run folder"
                        + " (press Interrupt again to stop the cell at once)");
            }
            if (finishes(future, GRACE_MS)) {
                return;
            }
            // A training loop that polls the request (a step can take long on a busy machine), or has seen it and
            // is finishing its epoch and run folder: let it, unless the person presses Interrupt again.
            while ((StopRequest.polled(target) || StopRequest.seen(target)) && interrupts == 1) {
                if (finishes(future, 100)) {
                    return;
                }
            }
            if (interrupts > 1) {
                return; // the later press's watchdog takes over
            }
        }
        try {
            target.stop();
        } catch (UnsupportedOperationException e) {
            // JDK 20+: Thread.stop is gone; the cell is given up below.
        }
        if (finishes(future, STOP_MS)) {
            return;
        }
        synchronized (this) {
            if (thread == target) {
                thread = newThread();
            }
        }
        future.cancel(true);
        notices.accept("warning: the interrupted cell's thread could not be stopped and keeps running in the"
                + " background; later cells run on a new thread");
    }

    private static boolean finishes(CompletableFuture<Object> future, long millis) {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true;
        }
    }

    private Thread newThread() {
        int id = ++generation;
        Thread t = new Thread(this::serve, "mheight-cell-" + id);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The execution thread's loop: runs queued cell bodies until this thread is given up. */
    private void serve() {
        while (true) {
            try {
                Runnable task = queue.take();
                synchronized (this) {
                    if (thread != Thread.currentThread()) {
                        queue.add(task); // given up while idle: the new thread takes it
                        return;
                    }
                }
                task.run();
            } catch (InterruptedException | ThreadDeath e) {
                // an interrupt or stop that arrived between cells: nothing to end
            }
            synchronized (this) {
                if (thread != Thread.currentThread()) {
                    return; // given up after an interrupt; a new thread serves the queue
                }
            }
        }
    }
}

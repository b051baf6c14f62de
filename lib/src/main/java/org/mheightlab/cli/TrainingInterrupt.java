package org.mheightlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.run.TaskProgress;
import org.mheightlab.train.StopRequest;

/**
 * Ctrl-C or SIGTERM during a training command ({@code train}, {@code classify train}, {@code classify pretrain}).
 *
 * <p>The JVM runs its shutdown hooks and then exits with the signal's code (130, 143). Before the cleanup hook
 * deletes the command's staging folder ({@link AtomicFiles#beforeCleanup}), this raises the {@link StopRequest}
 * the notebook's Interrupt raises: the training stops at its next step and the command writes its folder with the
 * best epoch so far and stop reason "interrupted", says so in one line ({@link #report}) and so lets the JVM
 * exit; the hook waits for that at most {@link #WAIT_SECONDS}. Before any epoch has finished (reading the data,
 * generating codes, the first epoch) there is nothing worth keeping: the hook says what was going on and that
 * nothing was written, and the JVM exits at once, leaving the previous folder as it was.
 *
 * <p>The hook thread cannot end the command's thread, and a shutdown in progress blocks {@code System.exit}, so
 * the command must not write after being told nothing is written: {@link #epochFinished} and {@link #failed} park
 * it until the JVM halts.
 */
final class TrainingInterrupt implements AutoCloseable {

    /** How long the hook waits for the folder to be written. */
    static final long WAIT_SECONDS = 60;
    private final String command;
    private final Path target;
    private final Thread worker = Thread.currentThread();
    /** Released once the command has written and reported (or ended). */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final AtomicFiles.Registration registration;
    private volatile String phase = "reading and preparing the data";
    /** Finished epochs, guarded by this. */
    private int epochs;
    /** A signal arrived; guarded by this. */
    private boolean signalled;
    /**
     * The hook said that nothing is written (a signal before any epoch finished, or the folder not written in time):
     * the command must not write or speak any more. Guarded by this.
     */
    private boolean abandoned;

    private TrainingInterrupt(String command, Path target) {
        this.command = command;
        this.target = target;
        this.registration = AtomicFiles.beforeCleanup(this::onSignal);
    }

    /**
     * Handles interrupts of the command running on the calling thread, {@code command} as it names itself
     * ("mheight train"), writing {@code target} (null: it writes no folder).
     */
    private static TrainingInterrupt install(String command, Path target) {
        return new TrainingInterrupt(command, target == null ? null : target.toAbsolutePath().normalize());
    }

    /**
     * Runs {@code body}, the part of command {@code command} that trains and writes {@code target} (null: no folder),
     * with its interrupts handled as the class describes.
     */
    static int run(String command, Path target, Function<TrainingInterrupt, Integer> body) {
        try (TrainingInterrupt interrupt = install(command, target)) {
            try {
                return body.apply(interrupt);
            } catch (RuntimeException e) {
                throw interrupt.failed(e);
            }
        }
    }

    /** What the command does now ("generating codes"), named when a signal arrives before the first epoch. */
    private void phase(String what) {
        phase = what;
    }

    /** {@code progress} that also names its tasks (labelling generated codes) as the phase while they run. */
    TaskProgress phases(TaskProgress progress, String name, String after) {
        return (task, total) -> {
            phase(name);
            TaskProgress.Task t = progress.start(task, total);
            return new TaskProgress.Task() {
                @Override
                public void accept(long done) {
                    t.accept(done);
                }

                @Override
                public void close() {
                    t.close();
                    phase(after);
                }
            };
        };
    }

    /** Called after each finished epoch. Once the JVM is exiting with nothing written, the command stops here. */
    void epochFinished() {
        synchronized (this) {
            if (!abandoned) {
                epochs++;
                return;
            }
        }
        parkUntilExit();
    }

    /** Whether a signal arrived: the command reports its outcome with {@link #report} instead of finishing quietly. */
    synchronized boolean interrupted() {
        return signalled;
    }

    /** The command's one line on an interrupt, after it wrote what it keeps; then the JVM may exit. */
    void report(String line) {
        boolean late;
        synchronized (this) {
            late = abandoned;
        }
        if (late) {
            parkUntilExit(); // the hook gave up waiting and said so
        }
        say(line);
        settled.countDown();
    }

    /**
     * The exception to rethrow for {@code e}; while the JVM exits on an interrupt, none: the failure becomes the one
     * line (or nothing, when the hook already said that nothing is written) and the command waits for the exit.
     */
    private RuntimeException failed(RuntimeException e) {
        boolean said;
        synchronized (this) {
            if (!signalled) {
                return e;
            }
            said = abandoned;
        }
        if (!said && settled.getCount() > 0) {
            report("interrupted; the folder could not be written (" + e.getMessage() + "); nothing written"
                    + kept());
        }
        parkUntilExit();
        return e;
    }

    @Override
    public void close() {
        registration.close();
        settled.countDown();
    }

    /** The shutdown hook's part (see the class comment). */
    private void onSignal() {
        boolean nothing;
        synchronized (this) {
            signalled = true;
            abandoned = epochs == 0;
            nothing = abandoned;
        }
        StopRequest.request(worker);
        if (nothing) {
            String where = StopRequest.polled(worker) ? "in epoch 0, before any epoch finished" : "while " + phase;
            say("interrupted " + where + "; nothing written" + kept());
            return;
        }
        try {
            if (!settled.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                synchronized (this) {
                    abandoned = true;
                }
                say("interrupted; the folder was not written within " + WAIT_SECONDS + " s; nothing written"
                        + kept());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void say(String line) {
        System.out.flush();
        System.err.println(command + ": " + line);
        System.err.flush();
    }

    /** "; the previous folder X is kept" when there is one. */
    private String kept() {
        return target != null && Files.exists(target) ? "; the previous folder " + target + " is kept" : "";
    }

    private static void parkUntilExit() {
        while (true) {
            LockSupport.park();
        }
    }
}

package org.mheightlab.cli;

import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mheightlab.run.TaskProgress;

/**
 * A progress bar on a terminal, nothing otherwise (logs and CI output stay clean). Thread-safe: workers report
 * finished items through {@link #step()}.
 */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    Progress(String task, long total) {
        this.bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName(task)
                .setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
    }

    /** A bar for one task of a run (labelling generated codes), as the run's {@link TaskProgress}. */
    static TaskProgress.Task task(String name, long total) {
        Progress p = new Progress(name, total);
        LongConsumer step = p.step();
        return new TaskProgress.Task() {
            @Override
            public void accept(long done) {
                step.accept(done);
            }

            @Override
            public void close() {
                p.close();
            }
        };
    }

    /** The callback to hand to library code. */
    LongConsumer step() {
        return bar == null ? done -> { } : done -> bar.stepBy(done);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

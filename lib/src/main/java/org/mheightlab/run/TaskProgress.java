package org.mheightlab.run;

import java.util.function.LongConsumer;

/**
 * Progress of long work inside a run (labelling generated codes with the exact engine): the CLI draws a
 * progress bar on a terminal, the notebook magics update a display, tests ignore it.
 */
@FunctionalInterface
public interface TaskProgress {

    /** One task: report finished items with {@link #accept}; closed when the task ends. */
    interface Task extends LongConsumer, AutoCloseable {
        @Override
        void close();
    }

    Task start(String name, long total);

    /** Reports nothing. */
    TaskProgress NONE = (name, total) -> new Task() {
        @Override
        public void accept(long done) {
        }

        @Override
        public void close() {
        }
    };
}

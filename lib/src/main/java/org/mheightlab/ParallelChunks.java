package org.mheightlab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Work over the indices 0 … count−1 split into chunks and run on a fixed number of daemon threads, as the
 * generators, the label verifier and the minor features do. The caller's thread waits; interrupting it stops the
 * pool (queued chunks never start) and ends the work with an exception, so a notebook's Interrupt or a cancelled
 * future does not leave threads computing. Results go where the chunks write them: each chunk owns its indices.
 */
public final class ParallelChunks {

    /** One chunk: the indices [from, to). */
    @FunctionalInterface
    public interface Chunk {
        void run(int from, int to);
    }

    private ParallelChunks() {
    }

    /**
     * Runs {@code chunk} over [0, count) in pieces of {@code size} on {@code threads} threads named
     * {@code name}. An exception a chunk throws is rethrown as it is when it is a RuntimeException (so bad input
     * stays bad input), else as an IllegalStateException saying that {@code what} failed.
     */
    public static void run(int count, int size, int threads, String name, String what, Chunk chunk) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int start = 0; start < count; start += size) {
                int from = start;
                int to = Math.min(count, start + size);
                futures.add(pool.submit(() -> chunk.run(from, to)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

package org.mheightlab.train;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where a training step's time goes, summed over the steps it is given: building the batch's inputs on the Java
 * side (features), the forward and backward pass (up to reading the loss, which waits for the engine), and the
 * optimiser (clipping and the update). The throughput benchmark reads it; training without one measures nothing.
 *
 * <p>An asynchronous engine (MXNet's threaded engine) would let the update run into the next step's forward
 * pass; a profiled step therefore waits for the update to finish before it counts the optimiser's time.
 */
public final class StepProfile {

    private final LongAdder steps = new LongAdder();
    private final LongAdder examples = new LongAdder();
    private final LongAdder featureNanos = new LongAdder();
    private final LongAdder forwardBackwardNanos = new LongAdder();
    private final LongAdder optimizerNanos = new LongAdder();

    /** Totals so far; seconds per part and examples (codes) trained. */
    public record Totals(long steps, long examples, double featureSeconds, double forwardBackwardSeconds,
                         double optimizerSeconds) {

        public double seconds() {
            return featureSeconds + forwardBackwardSeconds + optimizerSeconds;
        }

        /** Examples per second over the whole step. */
        public double examplesPerSecond() {
            return examples / seconds();
        }
    }

    void features(long nanos, int batchExamples) {
        steps.increment();
        examples.add(batchExamples);
        featureNanos.add(nanos);
    }

    void forwardBackward(long nanos) {
        forwardBackwardNanos.add(nanos);
    }

    void optimizer(long nanos) {
        optimizerNanos.add(nanos);
    }

    public Totals totals() {
        return new Totals(steps.sum(), examples.sum(), featureNanos.sum() / 1e9, forwardBackwardNanos.sum() / 1e9,
                optimizerNanos.sum() / 1e9);
    }

    /** Forgets what was counted (after a warm-up epoch, say). */
    public void reset() {
        steps.reset();
        examples.reset();
        featureNanos.reset();
        forwardBackwardNanos.reset();
        optimizerNanos.reset();
    }
}

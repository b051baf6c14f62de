package org.mheightlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.classify.ClassifierRun;
import org.mheightlab.classify.ClassifierSpec;
import org.mheightlab.classify.ClassifierTrainingConfig;
import org.mheightlab.classify.MultimodalDataset;
import org.mheightlab.classify.MultimodalNpz;
import org.mheightlab.run.RunDefinition;
import org.mheightlab.run.RunRunner;

/**
 * Interrupting the training thread (what the notebook kernel's Interrupt does, and what {@code Future.cancel(true)}
 * does) stops training at its next step; the run still writes a complete run folder with stop reason interrupted.
 */
class TrainingInterruptTest {

    @TempDir
    Path tmp;

    @Test
    void theStopReasonSaysWhereInTheWordsOfTheCommandsLine() {
        assertEquals("interrupted before the first step", StopRequest.reason(0, 0, 10));
        assertEquals("interrupted before epoch 6", StopRequest.reason(6, 0, 10));
        assertEquals("interrupted in epoch 6 (after 3 of 10 steps)", StopRequest.reason(6, 3, 10));
        assertTrue(StopRequest.isInterruption(StopRequest.reason(0, 0, 10)));
        assertTrue(!StopRequest.isInterruption("reached maxEpochs = 14"));
    }

    /** Starts {@code work} on a thread, waits until a training loop polls, then interrupts the thread. */
    private static <T> T interruptWhileTraining(java.util.function.Supplier<T> work) throws Exception {
        Thread[] worker = new Thread[1];
        CompletableFuture<T> done = new CompletableFuture<>();
        boolean[] flagHandedBack = new boolean[1];
        worker[0] = new Thread(() -> {
            try {
                T result = work.get();
                flagHandedBack[0] = Thread.interrupted();
                done.complete(result);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        worker[0].start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!StopRequest.polled(worker[0]) && !done.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
        assertTrue(!done.isDone(), "still training when interrupted");
        worker[0].interrupt();
        T result = done.get(60, TimeUnit.SECONDS);
        assertTrue(flagHandedBack[0], "the interrupt flag is up again when the run returns, for its caller");
        assertTrue(!StopRequest.polled(worker[0]) && !StopRequest.seen(worker[0]), "nothing is left for the thread");
        return result;
    }

    /** {@code name} on a few samples per group, with no early stopping: only the interrupt ends its epochs. */
    private static RunDefinition endless(String name) {
        RunDefinition def = RunDefinition.load(name);
        TrainingConfig t = def.training();
        TrainingConfig endless = t.withMaxEpochs(100_000).withStopping(0, 0);
        return def.withData(def.data().withLimitPerGroup(40)).withTraining(endless);
    }

    @Test
    void aTokenRunStopsItsModelAndTrainsNoStepsOfTheLaterOnes() throws Exception {
        RunDefinition def = endless("run8");
        RunRunner.Outcome outcome = interruptWhileTraining(() -> RunRunner.run(def,
                new RunRunner.Options(TestData.projectDir(), tmp.resolve("runs/run8"), null, line -> { }, r -> { })));
        String provenance = Files.readString(outcome.folder().resolve("provenance.json"));
        assertTrue(java.util.regex.Pattern.compile("interrupted (in|before) epoch \\d").matcher(provenance).find(),
                provenance);
        assertTrue(provenance.contains("interrupted before the first step"), "the later per-k models: " + provenance);
        assertTrue(Files.isRegularFile(outcome.folder().resolve("per_group_performance.txt")));
    }

    @Test
    void anInterruptStopsOnlyItsOwnThreadAndOnlyItsOwnRun() throws Exception {
        Thread.currentThread().interrupt();
        assertTrue(StopRequest.pending(), "the interrupt flag is a request");
        StopRequest.clear(Thread.currentThread());
        assertTrue(!StopRequest.pending() && !Thread.currentThread().isInterrupted(), "cleared");
        Thread other = new Thread(() -> { });
        StopRequest.request(other);
        assertTrue(!StopRequest.pending(), "a request for another thread does not stop this one");
        StopRequest.clear(other);
        try (StopRequest.Scope run = StopRequest.scope()) {
            Thread.currentThread().interrupt();
            assertTrue(StopRequest.pending());
            assertTrue(StopRequest.pending(), "it lasts for the rest of the run");
        }
        assertTrue(Thread.interrupted(), "and is handed back when the run ends");
        assertTrue(!StopRequest.pending(), "a later run trains");
    }

    @Test
    void aRunStopsAtTheNextStepAndWritesItsFolder() throws Exception {
        RunDefinition finalDef = endless("run7");
        List<EpochRecord> epochs = new ArrayList<>();
        RunRunner.Outcome outcome = interruptWhileTraining(() -> RunRunner.run(finalDef,
                new RunRunner.Options(TestData.projectDir(), tmp.resolve("run"), null, line -> { }, epochs::add)));
        Path folder = outcome.folder();
        String provenance = Files.readString(folder.resolve("provenance.json"));
        assertTrue(provenance.contains("\"stopReason\": \"interrupted"), provenance);
        assertTrue(epochs.size() < 100_000 && !epochs.isEmpty(), epochs.size() + " epochs");
        for (String f : List.of("metrics.json", "per_group_performance.txt", "predictions.csv", "history.csv")) {
            assertTrue(Files.isRegularFile(folder.resolve(f)), f);
        }
        assertEquals(epochs.size() + 1, Files.readAllLines(folder.resolve("history.csv")).size(),
                "the history holds the epochs that ran, the interrupted one included");
    }

    @Test
    void theClassifierStopsWithTheBestEpochSoFar() throws Exception {
        MultimodalDataset data = MultimodalNpz.read(TestData.projectDir().resolve("data/classify.npz"));
        ClassifierRun.Outcome o = interruptWhileTraining(() -> ClassifierRun.train(data, ClassifierSpec.original(),
                ClassifierTrainingConfig.original(100_000, 20, 32, 7).withPatience(-1), ClassifierRun.Options.quiet()));
        try (Model m = o.model()) {
            assertTrue(o.result().stopReason().startsWith("interrupted"), o.result().stopReason());
            assertTrue(o.result().bestEpoch() >= 0 && o.result().bestEpoch() < o.result().history().size());
        }
    }
}

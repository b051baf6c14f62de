package org.mheightlab.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mheightlab.run.RunDefinition;
import org.mheightlab.run.RunFolder;
import org.mheightlab.run.RunOverrides;
import org.mheightlab.run.RunRunner;
import org.mheightlab.train.EpochRecord;
import org.mheightlab.train.StopRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mheight train}: run a named run definition (or a copy of one) end to end. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a run definition and write its run folder (model, provenance, history.csv,",
                "predictions.csv, metrics.json, per_group_performance.txt).",
                "Bundled runs: ${sys:mheight.bundledRuns} (files in runs/; copy one to edit it).",
                "Example: mheight train --run run7 --epochs 5 --out runs-out/run7-quick"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "A bundled run name or a run definition JSON file.")
    String run;

    @Option(names = "--data", paramLabel = "TRAIN", description = "Training data (default: the run's, data/train).")
    String data;

    @Option(names = "--test", paramLabel = "TEST", description = "Test data (default: the run's, data/test).")
    String test;

    @Option(names = "--epochs", description = "Override maxEpochs (small values for a quick run).")
    Integer epochs;

    @Option(names = "--limit-per-group", description = "Use at most this many samples per group (0 = all).")
    Integer limit;

    @Option(names = "--generated-per-k", paramLabel = "N",
            description = "Override the run's generated codes: N per k for every k it names (a learning-curve point).")
    Integer generatedPerK;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "Train on this DJL engine instead of the run's: mxnet or pytorch (the same model code).")
    String engine;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs-out/<name>).")
    Path out;

    @Option(names = "--compare", paramLabel = "RUN_DIR", description = "Another run folder for the 'vs' columns.")
    Path compare;

    @Option(names = "--override-reason", paramLabel = "TEXT",
            description = "Why this run departs from its definition (e.g. an epoch cap to fit a 2-core machine); "
                    + "recorded with the overrides in provenance.json and the settings table.")
    String reason;

    @Mixin
    OverwriteOption overwrite;

    @Override
    public Integer call() {
        if (epochs != null) {
            OptionCheck.within("--epochs", epochs, org.mheightlab.Bounds.EPOCHS);
        }
        if (limit != null) {
            OptionCheck.atLeast("--limit-per-group", limit, 0);
        }
        if (generatedPerK != null) {
            OptionCheck.within("--generated-per-k", generatedPerK, org.mheightlab.Bounds.PER_K);
        }
        if (engine != null) {
            org.mheightlab.train.Engines.check("--engine", engine);
        }
        RunOverrides overrides = new RunOverrides(epochs, limit, data, test, generatedPerK, engine, compare,
                overwrite.overwrite, reason);
        RunDefinition def = overrides.applyTo(RunDefinition.load(run));
        Path folder = out == null ? Path.of("runs-out", def.name()) : out;
        // Checked before training (RunRunner builds the new folder beside it and swaps it in at the end).
        overrides.checkOutput("--out", folder, def);
        int maxEpochs = def.training().maxEpochs() * def.members();
        ProgressBar bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName("train " + def.name())
                .setInitialMax(maxEpochs).setStyle(ProgressBarStyle.ASCII).setUnit(" epochs", 1)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        try {
            return TrainingInterrupt.run("mheight train", folder, interrupt -> {
                RunRunner.Outcome outcome;
                try {
                    outcome = RunRunner.run(def, new RunRunner.Options(Path.of(""), folder, compare,
                            System.out::println, r -> {
                                report(bar, r);
                                interrupt.epochFinished();
                            }, interrupt.phases(Progress::task, "generating codes", "preparing the data"))
                            .withOverrides(overrides));
                } catch (org.mheightlab.MemoryBudget.TooLarge e) {
                    // The sizes are the definition's (or its overrides'): name the file they came from.
                    throw e.in(RunDefinition.source(run));
                }
                System.out.println();
                System.out.print(RunFolder.open(outcome.folder()).table());
                System.out.println("wrote " + outcome.folder());
                if (interrupt.interrupted()) {
                    interrupt.report(interruptedLine(outcome.folder()));
                }
                return 0;
            });
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /**
     * The one line of a run stopped by Ctrl-C or SIGTERM, from the stop reasons its provenance records: where the
     * member in training stopped and its best epoch.
     */
    private static String interruptedLine(Path folder) {
        JsonArray members = RunFolder.open(folder).provenance().getAsJsonArray("members");
        for (int i = 0; i < members.size(); i++) {
            JsonObject m = members.get(i).getAsJsonObject();
            String reason = m.get("stopReason").getAsString();
            if (StopRequest.isInterruption(reason)) {
                String member = members.size() == 1 ? ""
                        : " (" + RunFolder.memberDescription(m.get("member").getAsString()) + ")";
                return reason + member + "; wrote " + folder + " with the best epoch so far (epoch "
                        + m.get("bestEpoch").getAsInt() + "), stop reason \"interrupted\""
                        + (i < members.size() - 1 ? "; the later members trained no steps" : "");
            }
        }
        return "interrupted after the training ended; wrote " + folder;
    }

    private static void report(ProgressBar bar, EpochRecord r) {
        String line = String.format(Locale.ROOT, "epoch %d train %.4f val %.4f (easy %.4f medium %.4f hard %.4f) lr %.2e",
                r.epoch(), r.trainLoss(), r.validationLoss(), r.validation().tier(org.mheightlab.data.Tier.EASY),
                r.validation().tier(org.mheightlab.data.Tier.MEDIUM), r.validation().tier(org.mheightlab.data.Tier.HARD),
                r.learningRate());
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, " val %.4f", r.validationLoss()));
            bar.step();
        } else {
            System.out.println(line);
        }
    }
}

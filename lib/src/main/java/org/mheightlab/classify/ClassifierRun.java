package org.mheightlab.classify;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.provenance.FileDigest;
import org.mheightlab.provenance.Json;
import org.mheightlab.provenance.OurRecord;
import org.mheightlab.train.StopRequest;

/**
 * One classifier training end to end, as {@code mheight classify train} and the notebook run it: the
 * train/validation split (the file's split column, else a stratified one), training, and — with a checkpoint
 * folder — {@code best.params}, {@code history.csv} and {@code classifier.json} (spec, training config, data
 * digest, seed, engine and versions, best epoch, stop reason, warnings) so the run can be redone exactly.
 */
public final class ClassifierRun {

    /** Written last, when training ended: its presence marks a complete classifier checkpoint folder. */
    private static final String SUMMARY = "classifier.json";
    /** The classifier folder's epoch table (its own file, not a run folder's). */
    private static final String HISTORY = "history.csv";

    /** The summary's "kind": with "tool": "mheight-lab" it marks a folder this project wrote. */
    private static final String RECORD_KIND = "classifier";

    /**
     * {@code mheight classify train --checkpoint-dir}'s folder, as the output rule recognises it: a summary this
     * project wrote, and nothing but the files the trainer writes (replacing the folder deletes everything in it).
     */
    public static final OutputGuard.FolderKind KIND = new OutputGuard.FolderKind("classifier checkpoint folder",
            SUMMARY + " written by " + OurRecord.TOOL, dir -> OurRecord.isOurs(dir.resolve(SUMMARY), RECORD_KIND),
            entry -> entry.equals(SUMMARY) || entry.equals(HISTORY) || entry.equals(ClassifierTrainer.BEST_FILE)
                    || ClassifierTrainer.EPOCH_FILE.matcher(entry).matches());


    private ClassifierRun() {
    }

    /** Where and how to write, and where progress goes. */
    public record Options(Path checkpointDir, boolean saveBestOnly, Path pretrainedEncoder, double validationFraction,
                          Consumer<ClassifierEpoch> onEpoch) {
        public static Options quiet() {
            return new Options(null, true, null, 0.2, e -> { });
        }

        public Options withOnEpoch(Consumer<ClassifierEpoch> listener) {
            return new Options(checkpointDir, saveBestOnly, pretrainedEncoder, validationFraction, listener);
        }
    }

    /** The trained model (best epoch restored; close it when done) and its training result. */
    public record Outcome(Model model, ClassifierTrainingResult result, int trainSize, int validationSize) {
    }

    public static Outcome train(Path dataFile, ClassifierSpec spec, ClassifierTrainingConfig config, Options options) {
        // An interrupt of this thread stops the training; it is handed back once the record is written.
        try (StopRequest.Scope run = StopRequest.scope()) {
            MultimodalDataset data = MultimodalNpz.read(dataFile);
            Outcome outcome = train(data, spec, config, options);
            if (options.checkpointDir() != null) {
                writeRecord(options.checkpointDir(), dataFile, data, spec, config, options, outcome);
            }
            return outcome;
        }
    }

    public static Outcome train(MultimodalDataset data, ClassifierSpec spec, ClassifierTrainingConfig config,
                                Options options) {
        MultimodalDataset[] parts = split(data, options.validationFraction(), config.seed());
        Model model = ClassifierTrainer.newModel(spec, data.modalities().size(), Device.cpu());
        try (StopRequest.Scope run = StopRequest.scope()) {
            ClassifierTrainer trainer = new ClassifierTrainer(config, options.onEpoch());
            if (options.checkpointDir() != null) {
                trainer = trainer.withCheckpoints(options.checkpointDir(), options.saveBestOnly());
            }
            if (options.pretrainedEncoder() != null) {
                trainer = trainer.withPretrainedEncoder(options.pretrainedEncoder());
            }
            ClassifierTrainingResult result = trainer.train(model, parts[0], parts[1]);
            return new Outcome(model, result, parts[0].size(), parts[1].size());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** [train, validation]: by the split column when there is one, else stratified by class with the seed. */
    public static MultimodalDataset[] split(MultimodalDataset data, double validationFraction, long seed) {
        if (data.size() == 0) {
            throw data.problem("holds no samples (its 'label' array is empty); nothing to train on");
        }
        if (data.hasSplit()) {
            MultimodalDataset train = data.part(MultimodalDataset.TRAIN);
            MultimodalDataset val = data.part(MultimodalDataset.VALIDATION);
            if (train.size() == 0 || val.size() == 0) {
                throw data.problem("the split column leaves " + train.size() + " training and " + val.size()
                        + " validation samples; both must be non-empty (split 0 = train, 1 = validation)");
            }
            return new MultimodalDataset[] {train, val};
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("--val-fraction must be in (0, 1), got " + validationFraction);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int cls = 0; cls < 2; cls++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                if (data.label(i) == cls) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, new java.util.Random(rng.nextLong()));
            int v = (int) Math.round(members.size() * validationFraction);
            val.addAll(members.subList(0, v));
            train.addAll(members.subList(v, members.size()));
        }
        java.util.Collections.sort(train);
        java.util.Collections.sort(val);
        return new MultimodalDataset[] {
            data.select(train.stream().mapToInt(Integer::intValue).toArray()),
            data.select(val.stream().mapToInt(Integer::intValue).toArray())};
    }

    /** history.csv: one row per epoch with the loss, accuracy, precision, recall and F1 of both sets. */
    public static String historyCsv(List<ClassifierEpoch> history) {
        StringBuilder b = new StringBuilder("epoch,learning_rate,train_step_loss");
        for (String set : List.of("train", "val")) {
            for (String m : List.of("loss", "accuracy", "precision", "recall", "f1")) {
                b.append(',').append(set).append('_').append(m);
            }
        }
        b.append(",seconds,warnings\n");
        for (ClassifierEpoch e : history) {
            b.append(e.epoch()).append(',').append(num(e.learningRate())).append(',').append(num(e.trainStepLoss()));
            for (ClassMetrics m : List.of(e.train(), e.validation())) {
                b.append(',').append(num(m.loss())).append(',').append(num(m.accuracy())).append(',')
                        .append(num(m.precision())).append(',').append(num(m.recall())).append(',').append(num(m.f1()));
            }
            b.append(',').append(num(e.seconds())).append(',').append(e.warnings().size()).append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static void writeRecord(Path dir, Path dataFile, MultimodalDataset data, ClassifierSpec spec,
                                    ClassifierTrainingConfig config, Options options, Outcome outcome) {
        ClassifierTrainingResult r = outcome.result();
        AtomicFiles.writeString(dir.resolve(HISTORY), historyCsv(r.history()));
        Map<String, Object> p = OurRecord.start(RECORD_KIND);
        p.put("data", Json.object("file", dataFile.toString(), "sha256", FileDigest.sha256(dataFile),
                "summary", data.describe()));
        p.put("trainSamples", outcome.trainSize());
        p.put("validationSamples", outcome.validationSize());
        p.put("spec", spec.toString());
        p.put("training", config.toString());
        p.put("seed", config.seed());
        p.put("pretrainedEncoder", options.pretrainedEncoder() == null ? null : options.pretrainedEncoder().toString());
        p.put("saveBestOnly", options.saveBestOnly());
        p.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        p.put("djl", Engine.getDjlVersion());
        p.put("java", System.getProperty("java.version"));
        p.put("parameters", r.parameterCount());
        p.put("bestEpoch", r.bestEpoch());
        ClassMetrics best = r.best().validation();
        p.put("bestValidation", Json.object("f1", best.f1(), "precision", best.precision(), "recall", best.recall(),
                "accuracy", best.accuracy(), "loss", best.loss()));
        p.put("stopReason", r.stopReason());
        p.put("warnings", r.warnings());
        AtomicFiles.writeString(dir.resolve(SUMMARY), Json.write(p));
    }
}

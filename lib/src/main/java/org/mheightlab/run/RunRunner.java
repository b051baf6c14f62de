package org.mheightlab.run;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.mheightlab.Version;
import org.mheightlab.augment.LeakageGuard;
import org.mheightlab.augment.SampleSet;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.split.Split;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.files.StagedFolder;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.HeightNet;
import org.mheightlab.model.HeightPredictor;
import org.mheightlab.provenance.FileDigest;
import org.mheightlab.provenance.Json;
import org.mheightlab.report.PerGroupTable;
import org.mheightlab.report.RunMetrics;
import org.mheightlab.train.EpochRecord;
import org.mheightlab.train.HeightTrainer;
import org.mheightlab.train.StopRequest;
import org.mheightlab.train.TrainingConfig;
import org.mheightlab.train.TrainingResult;

/**
 * Runs a {@link RunDefinition} end to end — load, split, augment, guard, train every member, evaluate — and
 * writes the run folder: {@code run.json}, {@code provenance.json}, {@code model/}, {@code history.csv},
 * {@code predictions.csv}, {@code metrics.json} and {@code per_group_performance.txt}. The folder is built
 * beside its target and moved into place only when complete.
 */
public final class RunRunner {

    /** What a run produced. */
    public record Outcome(Path folder, RunMetrics metrics, List<TrainingResult> members, LeakageGuard.Findings leakage) {
    }

    /**
     * Where relative data paths resolve, where to write, optional comparison folder, and progress hooks: log
     * lines, one call per finished epoch, and the progress of long work (labelling generated codes).
     */
    public record Options(Path baseDir, Path out, Path compareWith, Consumer<String> log,
                          Consumer<EpochRecord> onEpoch, TaskProgress progress) {
        public Options {
            progress = progress == null ? TaskProgress.NONE : progress;
        }

        public Options(Path baseDir, Path out, Path compareWith, Consumer<String> log, Consumer<EpochRecord> onEpoch) {
            this(baseDir, out, compareWith, log, onEpoch, TaskProgress.NONE);
        }

        /** Generated-data caches live beside the run folders: {@code OUT/../.mheight-cache}. */
        Path cacheDir() {
            Path parent = out.toAbsolutePath().normalize().getParent();
            return (parent == null ? Path.of("") : parent).resolve(GeneratedCodes.CACHE_DIR);
        }
    }

    private RunRunner() {
    }

    public static Outcome run(RunDefinition def, Options options) {
        // An interrupt of this thread stops the training; it is handed back once the run folder is written.
        try (StopRequest.Scope run = StopRequest.scope()) {
            return def.usesTokens() ? TokenRunRunner.run(def, options) : runMembers(def, options);
        }
    }

    private static Outcome runMembers(RunDefinition def, Options options) {
        TrainingConfig tc = def.training();
        Path trainPath = def.data().hasTrainFile() ? options.baseDir().resolve(def.data().train()) : null;
        Path testPath = options.baseDir().resolve(def.data().test());
        FeatureEncoder features = FeatureEncoder.task();
        // Checked with the file names before limit/split/augment make datasets that no longer know them.
        Dataset test = limit(LabelledData.forTraining(testPath, features), def.data().limitPerGroup(), tc.seed() + 1);
        Dataset base = trainPath == null ? null
                : limit(LabelledData.forTraining(trainPath, features), def.data().limitPerGroup(), tc.seed());
        Map<Integer, GeneratedCodes.Part> generated = generated(def, options);
        base = withGeneratedRows(base, generated);

        SampleSet trainSet;
        SampleSet valSet;
        boolean byCode = RunDefinition.BY_CODE.equals(def.data().split());
        if (def.order().equals(RunDefinition.SPLIT_THEN_AUGMENT)) {
            Split split = split(base, byCode, def.data().validationFraction(), tc.seed());
            trainSet = def.augmentationPlan().apply(SampleSet.originals(base, split.train()), tc.seed());
            valSet = SampleSet.originals(base, split.validation());
        } else {
            SampleSet all = def.augmentationPlan().apply(SampleSet.originals(base, range(base.size())), tc.seed());
            Split split = split(all.data(), byCode, def.data().validationFraction(), tc.seed());
            trainSet = subset(all, split.train());
            valSet = subset(all, split.validation());
        }
        LeakageGuard.Findings leakage = LeakageGuard.inspect(trainSet, valSet);
        if (!leakage.clean()) {
            if (!def.allowLeakage()) {
                LeakageGuard.check(trainSet, valSet);
            }
            options.log().accept("WARNING: " + leakage.leakingSamples() + " of " + valSet.size()
                    + " validation samples leak training data (allowLeakage is set to reproduce this mistake); "
                    + "the validation score is inflated, the test score is the honest one");
        }
        options.log().accept(String.format(Locale.ROOT, "%s: %d training samples (%d originals + augmentation), %d "
                        + "validation, %d test; engine %s %s", def.name(), trainSet.size(), countOriginals(trainSet),
                valSet.size(), test.size(), Engine.getInstance().getEngineName(), Engine.getInstance().getVersion()));

        Path out = options.out().toAbsolutePath().normalize();
        // Built beside the target and swapped in only when complete; only a missing, empty or earlier run
        // folder may be replaced (whether to replace one is the caller's decision, see OutputGuard).
        StagedFolder stagedFolder = StagedFolder.begin(out, OutputGuard.RUN_FOLDER);
        Path staging = stagedFolder.path();
        Path modelDir = staging.resolve("model");
        List<Model> models = new ArrayList<>();
        List<TrainingResult> results = new ArrayList<>();
        try (stagedFolder) {
            Files.createDirectories(modelDir);
            double[] weights = new double[trainSet.size()];
            Arrays.fill(weights, 1.0);
            for (int member = 0; member < def.members(); member++) {
                TrainingConfig memberConfig = tc.withSeed(tc.seed() + member);
                Model model = Model.newInstance("member-" + member,
                        org.mheightlab.train.Devices.resolve(memberConfig.device()));
                model.setBlock(new HeightNet(def.model(), features));
                HeightTrainer trainer = new HeightTrainer(memberConfig, features,
                        HeightTrainer.standardListeners(memberConfig), options.onEpoch())
                        .withBestCheckpoint(modelDir.resolve("member-" + member + "-best-checkpoint.params"));
                TrainingResult result = trainer.train(model, trainSet.data(), weights, valSet.data());
                options.log().accept(String.format(Locale.ROOT, "member %d: best epoch %d, validation log2-MSE %.4f; %s",
                        member, result.bestEpoch(), result.best().validationLoss(), result.stopReason()));
                model.setProperty("epoch", String.valueOf(result.bestEpoch()));
                model.save(modelDir, "member-" + member);
                models.add(model);
                results.add(result);
            }
            Dataset trainOriginals = originalsOnly(trainSet);
            Log2MseReport testReport = score(test, HeightPredictor.ensembleLog2(models, features, test));
            Log2MseReport valReport = score(valSet.data(), HeightPredictor.ensembleLog2(models, features, valSet.data()));
            Log2MseReport trainReport = score(trainOriginals,
                    HeightPredictor.ensembleLog2(models, features, trainOriginals));
            Log2MseReport baseline = score(test, groupMeanPrediction(trainOriginals, test));
            Map<String, RunMetrics.Scores> splits = new LinkedHashMap<>();
            splits.put("test", RunMetrics.Scores.of(testReport));
            splits.put("validation", RunMetrics.Scores.of(valReport));
            splits.put("train", RunMetrics.Scores.of(trainReport));
            splits.put("group-mean baseline", RunMetrics.Scores.of(baseline));
            RunMetrics metrics = new RunMetrics(def.name(), splits);

            AtomicFiles.writeString(staging.resolve("run.json"), def.toJson());
            AtomicFiles.writeString(staging.resolve("metrics.json"), metrics.toJson());
            List<String> memberNames = java.util.stream.IntStream.range(0, results.size()).mapToObj(String::valueOf)
                    .toList();
            AtomicFiles.writeString(staging.resolve("history.csv"), historyCsv(memberNames, results));
            AtomicFiles.writeString(staging.resolve("predictions.csv"), predictionsCsv(test,
                    HeightPredictor.ensembleLog2(models, features, test), valSet.data(),
                    HeightPredictor.ensembleLog2(models, features, valSet.data())));
            RunMetrics other = options.compareWith() == null ? null : RunMetrics.read(options.compareWith());
            String title = "Run " + def.name() + " (" + def.description() + ")";
            AtomicFiles.writeString(staging.resolve("per_group_performance.txt"),
                    PerGroupTable.render(metrics, other, title));
            AtomicFiles.writeString(staging.resolve("provenance.json"), Json.write(provenance(def, trainPath,
                    testPath, generated, memberNames, results, leakage.leakingSamples(),
                    Map.of("set", RunDefinition.RAW, "maxK", features.maxK(), "maxCols", features.maxCols(),
                            "maxM", features.maxM()))));
            stagedFolder.commit();
            return new Outcome(out, metrics, results, leakage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run folder " + out + ": " + e.getMessage(), e);
        } finally {
            models.forEach(Model::close);
        }
    }

    /** By row (stratified by group, Runs 1–7) or by code (all m of one P, and its symmetric copies, together). */
    static Split split(Dataset data, boolean byCode, double fraction, long seed) {
        if (!byCode) {
            return Split.stratified(data, fraction, seed);
        }
        String[] keys = new String[data.size()];
        int[] stratum = new int[data.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = data.k(i) + ":" + org.mheightlab.data.ProfileSet.keyOf(data.p(i));
            stratum[i] = data.k(i);
        }
        return Split.byKey(keys, stratum, fraction, seed);
    }

    /** The run's generated codes (labelled or read from the cache), limited like the files by limitPerGroup. */
    static Map<Integer, GeneratedCodes.Part> generated(RunDefinition def, Options options) {
        RunDefinition.GeneratedData g = def.data().generated();
        if (g == null) {
            return Map.of();
        }
        int limit = def.data().limitPerGroup();
        if (limit > 0) {
            // A quick look (CI, notebooks on small settings) labels only what it uses.
            Map<String, Integer> counts = new java.util.TreeMap<>();
            g.perK().forEach((k, c) -> counts.put(k, Math.min(c, limit)));
            g = new RunDefinition.GeneratedData(counts, g.distribution(), g.seed());
        }
        return GeneratedCodes.load(g, options.cacheDir(), Runtime.getRuntime().availableProcessors(),
                options.progress(), options.log());
    }

    /** The file's rows followed by one row per (generated code, task m). */
    private static Dataset withGeneratedRows(Dataset base, Map<Integer, GeneratedCodes.Part> generated) {
        if (generated.isEmpty()) {
            return base;
        }
        Dataset.Builder b = Dataset.builder();
        if (base != null) {
            for (int i = 0; i < base.size(); i++) {
                b.add(base.id(i), base.n(i), base.k(i), base.m(i), base.p(i), base.height(i));
            }
        }
        for (GeneratedCodes.Part part : generated.values()) {
            Dataset rows = part.codes().taskRows().data();
            for (int i = 0; i < rows.size(); i++) {
                b.add(null, rows.n(i), rows.k(i), rows.m(i), rows.p(i), rows.height(i));
            }
        }
        return b.build();
    }

    static Log2MseReport score(Dataset data, double[] log2Prediction) {
        double[] truth = new double[data.size()];
        Group[] groups = new Group[data.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = Math.log(data.height(i)) / Math.log(2);
            groups[i] = data.group(i);
        }
        return Log2MseReport.of(truth, log2Prediction, groups);
    }

    /** The baseline the issue asks for: predict each group's mean log2 height (from training). */
    static double[] groupMeanPrediction(Dataset train, Dataset test) {
        Map<Group, double[]> acc = new LinkedHashMap<>();
        for (int i = 0; i < train.size(); i++) {
            double[] a = acc.computeIfAbsent(train.group(i), g -> new double[2]);
            a[0] += Math.log(train.height(i)) / Math.log(2);
            a[1]++;
        }
        double[] out = new double[test.size()];
        for (int i = 0; i < out.length; i++) {
            double[] a = acc.get(test.group(i));
            out[i] = a == null ? 0.0 : a[0] / a[1];
        }
        return out;
    }

    /**
     * provenance.json: tool and library versions, seed, device, the data (file digests, generated codes and
     * their cache digests), the split, each trained member and the effective definition.
     */
    static Map<String, Object> provenance(RunDefinition def, Path train, Path test,
                                          Map<Integer, GeneratedCodes.Part> generated, List<String> memberNames,
                                          List<TrainingResult> results, int leakingSamples,
                                          Map<String, Object> features) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", "mheight-lab");
        p.put("version", Version.get());
        p.put("kind", "training-run");
        p.put("run", def.name());
        p.put("runVersion", def.version());
        p.put("seed", def.training().seed());
        p.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        p.put("djl", Engine.getDjlVersion());
        p.put("java", System.getProperty("java.version"));
        p.put("device", def.training().device());
        p.put("features", features);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("train", train == null ? List.of() : dataFiles(train));
        if (!generated.isEmpty()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("distribution", def.data().generated().distribution());
            g.put("seed", def.data().generated().seed());
            g.put("byK", generated.values().stream().map(GeneratedCodes.Part::provenance).toList());
            data.put("generated", g);
        }
        data.put("test", dataFiles(test));
        data.put("limitPerGroup", def.data().limitPerGroup());
        data.put("split", def.data().split());
        p.put("data", data);
        p.put("order", def.order());
        p.put("leakingValidationSamples", leakingSamples);
        List<Object> members = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TrainingResult r = results.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("member", memberNames.get(i));
            m.put("parameters", r.parameterCount());
            m.put("epochs", r.history().size());
            m.put("bestEpoch", r.bestEpoch());
            m.put("stopReason", r.stopReason());
            members.add(m);
        }
        p.put("members", members);
        p.put("definition", def.toJson());
        return p;
    }

    private static List<Object> dataFiles(Path path) {
        List<Object> out = new ArrayList<>();
        for (Path f : DatasetFiles.files(path)) {
            out.add(Map.of("file", f.toString(), "sha256", FileDigest.sha256(f)));
        }
        return out;
    }

    /** history.csv, one block of epochs per member ({@code names}: 0, 1, … or Run 8's k4, k5, k6). */
    static String historyCsv(List<String> names, List<TrainingResult> results) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            csv.printRecord("member", "epoch", "train_loss", "val_loss", "val_easy", "val_medium", "val_hard",
                    "val_balanced", "learning_rate", "samples", "seconds");
            for (int m = 0; m < results.size(); m++) {
                for (EpochRecord r : results.get(m).history()) {
                    csv.printRecord(names.get(m), r.epoch(), num(r.trainLoss()), num(r.validationLoss()),
                            num(r.validation().tier(Tier.EASY)), num(r.validation().tier(Tier.MEDIUM)),
                            num(r.validation().tier(Tier.HARD)), num(r.validation().balanced()), num(r.learningRate()),
                            r.samplesSeen(), String.format(Locale.ROOT, "%.2f", r.seconds()));
                }
            }
        }
        return w.toString();
    }

    static String predictionsCsv(Dataset test, double[] testPred, Dataset val, double[] valPred)
            throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            csv.printRecord("split", "index", "id", "k", "m", "height", "predicted", "log2_error");
            write(csv, "test", test, testPred);
            write(csv, "validation", val, valPred);
        }
        return w.toString();
    }

    private static void write(CSVPrinter csv, String split, Dataset d, double[] log2Pred) throws IOException {
        for (int i = 0; i < d.size(); i++) {
            double log2h = Math.log(d.height(i)) / Math.log(2);
            csv.printRecord(split, i, d.id(i) == null ? "" : d.id(i), d.k(i), d.m(i), num(d.height(i)),
                    num(Math.pow(2, log2Pred[i])), num(log2Pred[i] - log2h));
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** At most {@code perGroup} samples of each group, chosen by a seeded shuffle (0 = all). */
    static Dataset limit(Dataset d, int perGroup, long seed) {
        if (perGroup <= 0) {
            return d;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> keep = new ArrayList<>();
        for (Group g : d.groups()) {
            int[] idx = d.indices(g);
            Split.shuffle(idx, rng);
            for (int i = 0; i < Math.min(perGroup, idx.length); i++) {
                keep.add(idx[i]);
            }
        }
        return d.subset(keep.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    private static SampleSet subset(SampleSet all, int[] idx) {
        int[] origin = new int[idx.length];
        int[] partner = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            origin[i] = all.origin(idx[i]);
            partner[i] = all.partner(idx[i]);
        }
        return new SampleSet(all.data().subset(idx), origin, partner);
    }

    /** The training samples that are originals (first occurrence of each origin with no augmentation id). */
    private static Dataset originalsOnly(SampleSet s) {
        List<Integer> keep = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            String id = s.data().id(i);
            boolean augmented = id != null && id.contains("+");
            if (!augmented && s.partner(i) < 0 && seen.add(s.origin(i))) {
                keep.add(i);
            }
        }
        return s.data().subset(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int countOriginals(SampleSet s) {
        return originalsOnly(s).size();
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}

package org.mheightlab.run;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.mheightlab.augment.LeakageGuard;
import org.mheightlab.code.Minors;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.split.Split;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.model.Ensemble;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.MinorTokenModel;
import org.mheightlab.model.ModelInputs;
import org.mheightlab.model.ModelSection;
import org.mheightlab.model.RidgeBaseline;
import org.mheightlab.provenance.FileDigest;
import org.mheightlab.report.PerGroupTable;
import org.mheightlab.report.RunMetrics;
import org.mheightlab.train.Devices;
import org.mheightlab.train.Engines;
import org.mheightlab.train.EpochRecord;
import org.mheightlab.train.HeightTrainer;
import org.mheightlab.train.StopRequest;
import org.mheightlab.train.TrainingConfig;
import org.mheightlab.train.TrainingDivergedException;
import org.mheightlab.train.TrainingResult;

/**
 * Runs any {@link RunDefinition} end to end, one path for every model kind: load the data (files, limited per
 * group, and generated codes), prepare each part's inputs ({@link TrainingData}: split, augment, leakage guard),
 * train every member of every part with {@link HeightTrainer}, evaluate the {@link Ensemble} and the baselines,
 * and write the {@link RunFolder}, which is built beside its target and moved into place only when complete.
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
                          Consumer<EpochRecord> onEpoch, TaskProgress progress, RunOverrides overrides) {
        public Options {
            progress = progress == null ? TaskProgress.NONE : progress;
            overrides = overrides == null ? RunOverrides.NONE : overrides;
        }

        public Options(Path baseDir, Path out, Path compareWith, Consumer<String> log, Consumer<EpochRecord> onEpoch,
                       TaskProgress progress) {
            this(baseDir, out, compareWith, log, onEpoch, progress, RunOverrides.NONE);
        }

        public Options(Path baseDir, Path out, Path compareWith, Consumer<String> log, Consumer<EpochRecord> onEpoch) {
            this(baseDir, out, compareWith, log, onEpoch, TaskProgress.NONE);
        }

        /** A copy recording {@code o}: the overrides this run was made with land in its provenance. */
        public Options withOverrides(RunOverrides o) {
            return new Options(baseDir, out, compareWith, log, onEpoch, progress, o);
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
            return train(def, options);
        }
    }

    private static Outcome train(RunDefinition def, Options options) {
        // Sizes inside their ranges can still be more than this machine holds: refuse them before any work.
        RunMemory.checkModel(def.model(), def.members());
        RunMemory.checkGenerated(def.data().generated(), def.model());
        TrainingConfig tc = def.training();
        ModelSection section = def.model();
        FeatureEncoder encodable = FeatureEncoder.task();
        Path trainPath = def.data().hasTrainFile() ? options.baseDir().resolve(def.data().train()) : null;
        Path testPath = options.baseDir().resolve(def.data().test());
        int limit = def.data().limitPerGroup();
        // Checked with the file names before limit/split/augment make datasets that no longer know them.
        Dataset test = limit(LabelledData.forTraining(testPath, encodable), limit, tc.seed() + 1);
        Dataset fileRows = trainPath == null ? null
                : limit(LabelledData.forTraining(trainPath, encodable), limit, tc.seed());
        Map<Integer, GeneratedCodes.Part> generated = generated(def, options);
        TrainingData.Prepared data = TrainingData.prepare(def, fileRows, generated, test.size(), options.log());
        options.log().accept(data.summary());

        Path out = options.out().toAbsolutePath().normalize();
        Map<Integer, List<Model>> models = new TreeMap<>();
        List<String> labels = new ArrayList<>();
        List<TrainingResult> results = new ArrayList<>();
        // Only a missing, empty or earlier run folder may be replaced (whether to replace one is the caller's
        // decision, see OutputGuard).
        try (RunFolder.Writer folder = RunFolder.stage(out, options.overrides().overwrite())) {
            for (TrainingData.Part part : data.parts()) {
                for (int member = 0; member < def.members(); member++) {
                    String name = RunFolder.memberName(part.key(), member, def.members());
                    // Seeds: member i of a one-part run trains with seed + i, of part k with seed + 100 k + i.
                    TrainingConfig memberConfig = tc.withSeed(tc.seed() + 100L * part.key() + member);
                    Model model = Model.newInstance(name, Devices.resolve(memberConfig.device(), memberConfig.engine()),
                            Engines.djlName(memberConfig.engine()));
                    models.computeIfAbsent(part.key(), x -> new ArrayList<>()).add(model);
                    model.setBlock(section.newBlock(part.key()));
                    TrainingResult result;
                    try {
                        result = new HeightTrainer(memberConfig, HeightTrainer.standardListeners(memberConfig),
                                options.onEpoch(), folder.checkpointFile(name)).train(model, part.train(),
                                part.validation());
                    } catch (TrainingDivergedException e) {
                        // The staged folder is dropped on the way out (the previous run folder stays); say which model.
                        String which = RunFolder.memberDescription(part.key(), member, def.members());
                        throw which.isEmpty() ? e : e.in(which);
                    }
                    options.log().accept(String.format(Locale.ROOT, "%s: best epoch %d, validation log2-MSE %.4f; %s",
                            name, result.bestEpoch(), result.best().validationLoss(), result.stopReason()));
                    folder.saveMember(model, name, result.bestEpoch());
                    labels.add(RunFolder.historyLabel(part.key(), member, def.members()));
                    results.add(result);
                }
            }
            Ensemble trained = new Ensemble(section, models, Runtime.getRuntime().availableProcessors());
            double[] testPred = trained.predictLog2(test);
            Scored val = scored(data.parts(), TrainingData.Part::validation, trained);
            Scored fit = scored(data.parts(), TrainingData.Part::trainScored, trained);

            Map<String, RunMetrics.Scores> splits = new LinkedHashMap<>();
            splits.put("test", RunMetrics.Scores.of(score(test, testPred)));
            splits.put("validation", RunMetrics.Scores.of(score(val.data(), val.predicted())));
            splits.put("train", RunMetrics.Scores.of(score(fit.data(), fit.predicted())));
            splits.put("group-mean baseline", RunMetrics.Scores.of(score(test, groupMeanPrediction(fit.data(), test))));
            if (section instanceof MinorTokenModel) {
                // From Run 8 on, a second baseline on the same data; Runs 1–7 keep the columns of their write-ups.
                splits.put("ridge baseline", RunMetrics.Scores.of(score(test, ridge(fit.data(), test))));
            }
            RunMetrics metrics = new RunMetrics(def.name(), splits);

            folder.definition(def);
            folder.metrics(metrics);
            folder.history(labels, results);
            folder.predictions(test, testPred, val.data(), val.predicted());
            RunMetrics other = options.compareWith() == null ? null : RunFolder.open(options.compareWith()).metrics();
            folder.table(PerGroupTable.render(metrics, other, "Run " + def.name() + " (" + def.description() + ")"));
            folder.provenance(provenance(def, trainPath, testPath, generated, labels, results,
                    data.leakage(), options.overrides()));
            RunFolder written = folder.commit();
            return new Outcome(written.path(), metrics, results, data.leakage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run folder " + out + ": " + e.getMessage(), e);
        } finally {
            models.values().forEach(list -> list.forEach(Model::close));
        }
    }

    /** Labelled task rows with the ensemble's prediction for each. */
    private record Scored(Dataset data, double[] predicted) {
    }

    /**
     * The task rows of every part's {@code which} inputs, in part order, each with its prediction; one part's rows
     * are its own dataset (ids kept), several parts' rows are joined.
     */
    private static Scored scored(List<TrainingData.Part> parts,
                                 java.util.function.Function<TrainingData.Part, ModelInputs> which, Ensemble trained) {
        List<Scored> each = new ArrayList<>();
        for (TrainingData.Part part : parts) {
            ModelInputs inputs = which.apply(part);
            ModelInputs.TaskRows rows = inputs.taskRows();
            each.add(new Scored(rows.data(), rows.pick(trained.predictLog2(inputs, part.key()))));
        }
        if (each.size() == 1) {
            return each.get(0);
        }
        Dataset.Builder b = Dataset.builder();
        List<Double> predicted = new ArrayList<>();
        for (Scored s : each) {
            Dataset d = s.data();
            for (int i = 0; i < d.size(); i++) {
                b.add(d.id(i), d.n(i), d.k(i), d.m(i), d.p(i), d.height(i));
                predicted.add(s.predicted()[i]);
            }
        }
        return new Scored(b.build(), predicted.stream().mapToDouble(Double::doubleValue).toArray());
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
            Map<String, Integer> counts = new TreeMap<>();
            g.perK().forEach((k, c) -> counts.put(k, Math.min(c, limit)));
            g = new RunDefinition.GeneratedData(counts, g.distribution(), g.seed());
        }
        return GeneratedCodes.load(g, options.cacheDir(), Runtime.getRuntime().availableProcessors(),
                options.progress(), options.log());
    }

    /** log2-MSE of predictions against a dataset's heights, per group and tier. */
    public static Log2MseReport score(Dataset data, double[] log2Prediction) {
        double[] truth = new double[data.size()];
        Group[] groups = new Group[data.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = Math.log(data.height(i)) / Math.log(2);
            groups[i] = data.group(i);
        }
        return Log2MseReport.of(truth, log2Prediction, groups);
    }

    /** The baseline the write-ups compare with: predict each group's mean log2 height (from training). */
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

    /** The per-group ridge baseline, fitted on the training rows, predicting the test rows. */
    private static double[] ridge(Dataset train, Dataset test) {
        List<RidgeBaseline.Example> examples = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            examples.add(new RidgeBaseline.Example(train.group(i), train.p(i), Math.log(train.height(i)) / Math.log(2)));
        }
        RidgeBaseline ridge = RidgeBaseline.fit(examples);
        double[] out = new double[test.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ridge.covers(test.group(i)) ? ridge.predictLog2(test.group(i), test.p(i)) : Double.NaN;
        }
        return out;
    }

    /**
     * provenance.json: tool and library versions, seed, device, the model's inputs, the data (file digests,
     * generated codes and their cache digests), the split, the leakage guard's findings, each trained member and
     * the effective definition.
     */
    private static Map<String, Object> provenance(RunDefinition def, Path train, Path test,
                                                  Map<Integer, GeneratedCodes.Part> generated, List<String> labels,
                                                  List<TrainingResult> results, LeakageGuard.Findings leakage,
                                                  RunOverrides overrides) {
        Map<String, Object> p = RunFolder.provenanceStart();
        p.put("run", def.name());
        p.put("runVersion", def.version());
        p.put("seed", def.training().seed());
        p.put("engine", Engines.describe(def.training().engine()));
        p.put("djl", Engine.getDjlVersion());
        p.put("java", System.getProperty("java.version"));
        p.put("device", def.training().device());
        p.put("features", features(def.model()));
        Map<String, Object> changed = overrides.recorded();
        if (!changed.isEmpty()) {
            // What this recording changed from its definition, and why (e.g. an epoch cap to fit a 2-core machine).
            p.put("overrides", changed);
        }
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
        data.put("split", def.data().split().toString());
        p.put("data", data);
        p.put("order", def.order().toString());
        p.put("leakingValidationSamples", leakage.leakingSamples());
        if (!leakage.clean()) {
            Map<String, Object> findings = new LinkedHashMap<>();
            findings.put("sharedOrigins", leakage.sharedOrigins());
            findings.put("transformDuplicates", leakage.transformDuplicates());
            p.put("leakage", findings);
        }
        List<Object> members = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TrainingResult r = results.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("member", labels.get(i));
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

    /** What the model reads, for provenance. */
    private static Map<String, Object> features(ModelSection section) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (section instanceof MinorTokenModel tokens) {
            f.put("set", tokens.rawP() ? List.of("minor-tokens", "raw") : List.of("minor-tokens"));
            f.put("tokens", "cocircuit C(n,k-1) x 2(n-k+1), circuit C(n,k+1) x 2(k+1), column costs n x "
                    + "min(8, C(n-1,k)); invariant statistics of P; L = log2|D| - max, floor " + Minors.FLOOR);
        } else {
            FeatureEncoder e = FeatureEncoder.task();
            f.put("set", "raw");
            f.put("maxK", e.maxK());
            f.put("maxCols", e.maxCols());
            f.put("maxM", e.maxM());
        }
        return f;
    }

    private static List<Object> dataFiles(Path path) {
        List<Object> out = new ArrayList<>();
        for (Path f : DatasetFiles.files(path)) {
            out.add(Map.of("file", f.toString(), "sha256", FileDigest.sha256(f)));
        }
        return out;
    }

    /** At most {@code perGroup} samples of each group, chosen by a seeded shuffle (0 = all). */
    public static Dataset limit(Dataset d, int perGroup, long seed) {
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
}

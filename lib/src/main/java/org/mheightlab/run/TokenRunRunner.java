package org.mheightlab.run;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.mheightlab.augment.LeakageGuard;
import org.mheightlab.code.Minors;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.ProfileSet;
import org.mheightlab.data.split.Split;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.files.StagedFolder;
import org.mheightlab.metrics.Log2MseReport;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.MinorFeatures;
import org.mheightlab.model.MinorTokenInputs;
import org.mheightlab.model.RidgeBaseline;
import org.mheightlab.model.TokenEnsemble;
import org.mheightlab.model.TokenHeightNet;
import org.mheightlab.provenance.Json;
import org.mheightlab.report.PerGroupTable;
import org.mheightlab.report.RunMetrics;
import org.mheightlab.train.Devices;
import org.mheightlab.train.HeightTrainer;
import org.mheightlab.train.TokenTrainer;
import org.mheightlab.train.TrainingConfig;
import org.mheightlab.train.TrainingResult;

/**
 * A minor-token run (Run 8) end to end: the training codes (files merged by P, and/or generated and labelled
 * for every m by the exact engine), a split by code per k, the code-level leakage guard, one
 * {@link TokenHeightNet} per k (all its m at once), and the same run folder as {@link RunRunner} writes, with
 * two baselines measured in the same run on the same data: each group's mean log2 height, and a per-group
 * ridge regression on permutation-invariant statistics of P ({@link RidgeBaseline}).
 */
final class TokenRunRunner {

    private TokenRunRunner() {
    }

    static RunRunner.Outcome run(RunDefinition def, RunRunner.Options options) {
        TrainingConfig tc = def.training();
        int threads = Runtime.getRuntime().availableProcessors();
        boolean raw = def.features().contains(RunDefinition.RAW);
        FeatureEncoder encodable = FeatureEncoder.task();
        Path trainPath = def.data().hasTrainFile() ? options.baseDir().resolve(def.data().train()) : null;
        Path testPath = options.baseDir().resolve(def.data().test());
        int limit = def.data().limitPerGroup();
        Dataset test = RunRunner.limit(LabelledData.forTraining(testPath, encodable), limit, tc.seed() + 1);
        Dataset fileRows = trainPath == null ? null
                : RunRunner.limit(LabelledData.forTraining(trainPath, encodable), limit, tc.seed());
        Map<Integer, GeneratedCodes.Part> generated = RunRunner.generated(def, options);

        // Training codes per k: the file's rows merged by P, then the generated codes.
        Map<Integer, ProfileSet> codes = new TreeMap<>();
        for (int k : taskKs()) {
            ProfileSet set = null;
            if (fileRows != null) {
                ProfileSet fromFile = ProfileSet.fromDataset(fileRows, k);
                set = fromFile.size() == 0 ? null : fromFile;
            }
            GeneratedCodes.Part part = generated.get(k);
            if (part != null) {
                set = set == null ? part.codes() : set.concat(part.codes());
            }
            if (set != null && set.size() > 0) {
                codes.put(k, set);
            }
        }
        if (codes.isEmpty()) {
            throw new IllegalArgumentException(def.name() + ": no training codes (data.train holds none of k = 4, 5, 6 "
                    + "and data.generated names none)");
        }

        Map<Integer, ProfileSet> train = new TreeMap<>();
        Map<Integer, ProfileSet> validation = new TreeMap<>();
        codes.forEach((k, set) -> {
            String[] keys = new String[set.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = set.key(i);
            }
            Split split = Split.byKey(keys, new int[keys.length], def.data().validationFraction(), tc.seed() + k);
            ProfileSet t = set.subset(split.train());
            ProfileSet v = set.subset(split.validation());
            LeakageGuard.checkCodes(t, v);
            train.put(k, t);
            validation.put(k, v);
        });
        options.log().accept(String.format(Locale.ROOT, "%s: training codes per k %s (labels %s), validation codes %s, "
                        + "%d test samples; engine %s %s", def.name(), sizes(train), labels(train), sizes(validation),
                test.size(), Engine.getInstance().getEngineName(), Engine.getInstance().getVersion()));

        Path out = options.out().toAbsolutePath().normalize();
        StagedFolder stagedFolder = StagedFolder.begin(out, OutputGuard.RUN_FOLDER);
        Path staging = stagedFolder.path();
        Path modelDir = staging.resolve("model");
        Map<Integer, List<Model>> models = new TreeMap<>();
        List<String> memberNames = new ArrayList<>();
        List<TrainingResult> results = new ArrayList<>();
        Map<Integer, MinorTokenInputs> trainInputs = new TreeMap<>();
        Map<Integer, MinorTokenInputs> valInputs = new TreeMap<>();
        try (stagedFolder) {
            Files.createDirectories(modelDir);
            for (int k : train.keySet()) {
                MinorTokenInputs tx = MinorTokenInputs.of(train.get(k), threads, raw);
                MinorTokenInputs vx = MinorTokenInputs.of(validation.get(k), threads, raw);
                trainInputs.put(k, tx);
                valInputs.put(k, vx);
                for (int member = 0; member < def.members(); member++) {
                    String name = memberName(k, member, def.members());
                    TrainingConfig memberConfig = tc.withSeed(tc.seed() + 100L * k + member);
                    Model model = Model.newInstance(name, Devices.resolve(memberConfig.device()));
                    models.computeIfAbsent(k, x -> new ArrayList<>()).add(model);
                    model.setBlock(new TokenHeightNet(def.tokenModel(), new MinorFeatures(Group.TASK_N, k), raw));
                    TrainingResult result = new TokenTrainer(memberConfig, HeightTrainer.standardListeners(memberConfig),
                            options.onEpoch()).train(model, tx, train.get(k), vx, validation.get(k));
                    options.log().accept(String.format(Locale.ROOT, "%s: best epoch %d, validation log2-MSE %.4f; %s",
                            name, result.bestEpoch(), result.best().validationLoss(), result.stopReason()));
                    model.setProperty("epoch", String.valueOf(result.bestEpoch()));
                    model.save(modelDir, name);
                    memberNames.add(name);
                    results.add(result);
                }
            }
            TokenEnsemble trained = new TokenEnsemble(models, threads, raw);
            double[] testPred = trained.predictLog2(test);
            Rows val = rows(validation, valInputs, trained);
            Rows fit = rows(train, trainInputs, trained);

            Map<String, RunMetrics.Scores> splits = new LinkedHashMap<>();
            splits.put("test", RunMetrics.Scores.of(RunRunner.score(test, testPred)));
            splits.put("validation", RunMetrics.Scores.of(RunRunner.score(val.data(), val.predicted())));
            splits.put("train", RunMetrics.Scores.of(RunRunner.score(fit.data(), fit.predicted())));
            splits.put("group-mean baseline", RunMetrics.Scores.of(RunRunner.score(test,
                    RunRunner.groupMeanPrediction(fit.data(), test))));
            splits.put("ridge baseline", RunMetrics.Scores.of(RunRunner.score(test, ridge(fit.data(), test))));
            RunMetrics metrics = new RunMetrics(def.name(), splits);

            AtomicFiles.writeString(staging.resolve("run.json"), def.toJson());
            AtomicFiles.writeString(staging.resolve("metrics.json"), metrics.toJson());
            AtomicFiles.writeString(staging.resolve("history.csv"), RunRunner.historyCsv(memberNames, results));
            AtomicFiles.writeString(staging.resolve("predictions.csv"),
                    RunRunner.predictionsCsv(test, testPred, val.data(), val.predicted()));
            RunMetrics other = options.compareWith() == null ? null : RunMetrics.read(options.compareWith());
            String title = "Run " + def.name() + " (" + def.description() + ")";
            AtomicFiles.writeString(staging.resolve("per_group_performance.txt"),
                    PerGroupTable.render(metrics, other, title));
            Map<String, Object> features = new LinkedHashMap<>();
            features.put("set", def.features());
            features.put("tokens", "cocircuit C(n,k-1) x 2(n-k+1), circuit C(n,k+1) x 2(k+1), column costs n x "
                    + "min(8, C(n-1,k)); invariant statistics of P; L = log2|D| - max, floor " + Minors.FLOOR);
            AtomicFiles.writeString(staging.resolve("provenance.json"), Json.write(RunRunner.provenance(def, trainPath,
                    testPath, generated, memberNames, results, 0, features)));
            stagedFolder.commit();
            return new RunRunner.Outcome(out, metrics, results, new LeakageGuard.Findings(List.of(), List.of(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run folder " + out + ": " + e.getMessage(), e);
        } finally {
            models.values().forEach(list -> list.forEach(Model::close));
        }
    }

    /** The ks that have task groups (4, 5, 6 for n = 9). */
    static List<Integer> taskKs() {
        return Group.TASK_GROUPS.stream().map(Group::k).distinct().sorted().toList();
    }

    /** File name of a member's parameters: {@code k4} (or {@code k4-1} for the second of an ensemble). */
    static String memberName(int k, int member, int members) {
        return members == 1 ? "k" + k : "k" + k + "-" + member;
    }

    /** Codes expanded to their labelled task rows, with the model's prediction for each row. */
    private record Rows(Dataset data, double[] predicted) {
    }

    private static Rows rows(Map<Integer, ProfileSet> sets, Map<Integer, MinorTokenInputs> inputs,
                             TokenEnsemble ensemble) {
        Dataset.Builder b = Dataset.builder();
        List<Double> predicted = new ArrayList<>();
        for (Map.Entry<Integer, ProfileSet> e : sets.entrySet()) {
            double[][] perCode = ensemble.predictCodes(inputs.get(e.getKey()), e.getKey());
            ProfileSet.Rows r = e.getValue().taskRows();
            for (int i = 0; i < r.data().size(); i++) {
                Dataset d = r.data();
                b.add(null, d.n(i), d.k(i), d.m(i), d.p(i), d.height(i));
                predicted.add(perCode[r.code()[i]][d.m(i) - 1]);
            }
        }
        return new Rows(b.build(), predicted.stream().mapToDouble(Double::doubleValue).toArray());
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

    private static String sizes(Map<Integer, ProfileSet> sets) {
        List<String> parts = new ArrayList<>();
        sets.forEach((k, s) -> parts.add(k + ": " + s.size()));
        return "{" + String.join(", ", parts) + "}";
    }

    private static String labels(Map<Integer, ProfileSet> sets) {
        int total = 0;
        for (ProfileSet s : sets.values()) {
            total += s.labelCount();
        }
        return String.valueOf(total);
    }
}

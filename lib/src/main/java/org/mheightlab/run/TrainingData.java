package org.mheightlab.run;

import org.mheightlab.train.Engines;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.mheightlab.augment.LeakageGuard;
import org.mheightlab.augment.SampleSet;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.ProfileSet;
import org.mheightlab.data.split.Split;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.MinorTokenInputs;
import org.mheightlab.model.MinorTokenModel;
import org.mheightlab.model.ModelInputs;
import org.mheightlab.model.ModelSection;
import org.mheightlab.model.RowInputs;

/**
 * The data step of a run, after loading and before training: the split (and, for rows, the augmentation of the
 * training side), the leakage guard, and each part's {@link ModelInputs}. Rows of P (Runs 1–7) are split by row
 * or by code and augmented as the definition says; codes (the token kind) are the file's rows merged by P plus
 * the generated codes, split by code per k, never augmented (their features are invariant under the symmetries).
 */
final class TrainingData {

    /**
     * One part of a run (all rows, or one k): its training and validation inputs, and the inputs the training
     * score is measured on (the originals, without augmented copies).
     */
    record Part(int key, ModelInputs train, ModelInputs validation, ModelInputs trainScored) {
    }

    /** The parts, the leakage guard's findings and a one-line summary for the log. */
    record Prepared(List<Part> parts, LeakageGuard.Findings leakage, String summary) {
    }

    private TrainingData() {
    }

    static Prepared prepare(RunDefinition def, Dataset base, Map<Integer, GeneratedCodes.Part> generated, int tests,
                            Consumer<String> log) {
        return def.model() instanceof MinorTokenModel tokens
                ? codes(def, tokens, base, generated, tests)
                : rows(def, withGeneratedRows(base, generated), tests, log);
    }

    private static Prepared rows(RunDefinition def, Dataset base, int tests, Consumer<String> log) {
        long seed = def.training().seed();
        SampleSet trainSet;
        SampleSet valSet;
        boolean byCode = def.data().split() == RunDefinition.Split.BY_CODE;
        if (def.order() == RunDefinition.Order.SPLIT_THEN_AUGMENT) {
            Split split = split(base, byCode, def.data().validationFraction(), seed);
            SampleSet originals = SampleSet.originals(base, split.train());
            RunMemory.checkAugmented(def.augmentationPlan().size(originals.data()));
            trainSet = def.augmentationPlan().apply(originals, seed);
            valSet = SampleSet.originals(base, split.validation());
        } else {
            RunMemory.checkAugmented(def.augmentationPlan().size(base));
            SampleSet all = def.augmentationPlan().apply(SampleSet.originals(base, range(base.size())), seed);
            Split split = split(all.data(), byCode, def.data().validationFraction(), seed);
            trainSet = subset(all, split.train());
            valSet = subset(all, split.validation());
        }
        LeakageGuard.Findings leakage = LeakageGuard.inspect(trainSet, valSet);
        if (!leakage.clean()) {
            if (!def.allowLeakage()) {
                LeakageGuard.check(trainSet, valSet);
            }
            log.accept("WARNING: " + leakage.leakingSamples() + " of " + valSet.size()
                    + " validation samples leak training data (allowLeakage is set to reproduce this mistake); "
                    + "the validation score is inflated, the test score is the honest one");
        }
        FeatureEncoder features = FeatureEncoder.task();
        Dataset originals = originalsOnly(trainSet);
        String summary = String.format(Locale.ROOT, "%s: %d training samples (%d originals + augmentation), %d "
                        + "validation, %d test; engine %s", def.name(), trainSet.size(), originals.size(),
                valSet.size(), tests, Engines.describe(def.training().engine()));
        Part part = new Part(ModelSection.ALL_ROWS, new RowInputs(trainSet.data(), features),
                new RowInputs(valSet.data(), features), new RowInputs(originals, features));
        return new Prepared(List.of(part), leakage, summary);
    }

    private static Prepared codes(RunDefinition def, MinorTokenModel section, Dataset fileRows,
                                  Map<Integer, GeneratedCodes.Part> generated, int tests) {
        long seed = def.training().seed();
        int threads = Runtime.getRuntime().availableProcessors();
        // Training codes per k: the file's rows merged by P, then the generated codes.
        Map<Integer, ProfileSet> codes = new TreeMap<>();
        for (int k : section.parts()) {
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
            throw new IllegalArgumentException(def.name() + ": no training codes (data.train holds none of k = "
                    + String.join(", ", section.parts().stream().map(String::valueOf).toList())
                    + " and data.generated names none)");
        }
        List<Part> parts = new ArrayList<>();
        List<String> sharedOrigins = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        int leaking = 0;
        Map<Integer, ProfileSet> train = new TreeMap<>();
        Map<Integer, ProfileSet> validation = new TreeMap<>();
        for (Map.Entry<Integer, ProfileSet> e : codes.entrySet()) {
            int k = e.getKey();
            ProfileSet set = e.getValue();
            String[] keys = new String[set.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = set.key(i);
            }
            Split split = Split.byKey(keys, new int[keys.length], def.data().validationFraction(), seed + k);
            ProfileSet t = set.subset(split.train());
            ProfileSet v = set.subset(split.validation());
            LeakageGuard.Findings f = LeakageGuard.inspectCodes(t, v);
            sharedOrigins.addAll(f.sharedOrigins());
            duplicates.addAll(f.transformDuplicates());
            leaking += f.leakingSamples();
            if (!f.clean()) {
                LeakageGuard.checkCodes(t, v); // refuses, describing the leak
            }
            train.put(k, t);
            validation.put(k, v);
            MinorTokenInputs tx = section.inputs(t, threads);
            parts.add(new Part(k, tx, section.inputs(v, threads), tx));
        }
        String summary = String.format(Locale.ROOT, "%s: training codes per k %s (labels %s), validation codes %s, "
                        + "%d test samples; engine %s", def.name(), sizes(train), labels(train), sizes(validation),
                tests, Engines.describe(def.training().engine()));
        return new Prepared(parts, new LeakageGuard.Findings(sharedOrigins, duplicates, leaking), summary);
    }

    /** By row (stratified by group, Runs 1–7) or by code (all m of one P, and its symmetric copies, together). */
    static Split split(Dataset data, boolean byCode, double fraction, long seed) {
        if (!byCode) {
            return Split.stratified(data, fraction, seed);
        }
        String[] keys = new String[data.size()];
        int[] stratum = new int[data.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = data.k(i) + ":" + ProfileSet.keyOf(data.p(i));
            stratum[i] = data.k(i);
        }
        return Split.byKey(keys, stratum, fraction, seed);
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
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            String id = s.data().id(i);
            boolean augmented = id != null && id.contains("+");
            if (!augmented && s.partner(i) < 0 && seen.add(s.origin(i))) {
                keep.add(i);
            }
        }
        return s.data().subset(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
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

package org.mheightlab.run;

import static org.mheightlab.Setting.Aspect.*;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.annotations.SerializedName;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mheightlab.Setting;
import org.mheightlab.augment.Augmentation;
import org.mheightlab.augment.AugmentationPlan;
import org.mheightlab.data.Group;
import org.mheightlab.data.Tier;
import org.mheightlab.data.gen.EntryDistribution;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.MinorTokenModel;
import org.mheightlab.model.ModelSection;
import org.mheightlab.train.LearningRateSchedule;
import org.mheightlab.train.TrainingConfig;

/**
 * A named, versioned training run as a JSON file (see {@code runs/}): data, split order, augmentation, the model
 * section and the training settings. Users copy one and edit it; {@code mheight train --run FILE} runs it.
 *
 * <p>{@code model} is one case of the sealed {@link ModelSection}, named by its {@code "kind"}: a residual MLP or
 * an attention network on the raw P features (Runs 1–7), or the minor-token model (Run 8). Files written before
 * the model section was typed ({@code features} plus {@code model} or {@code tokenModel}) still load: see
 * {@link LegacyDefinition}.
 *
 * <p>{@code order} is {@code split-then-augment} (the right way) or {@code augment-then-split} (Run 6's
 * mistake: augmented copies of one original land on both sides, and validation scores look better than they
 * are). The leakage guard refuses the second unless {@code allowLeakage} is true.
 */
public record RunDefinition(@Setting(RUN) String name, @Setting(RUN) int version, @Setting(RUN) String description,
                            @Setting(DATA) DataSpec data, @Setting(AUGMENTATION) Order order,
                            @Setting(AUGMENTATION) boolean allowLeakage,
                            @Setting(AUGMENTATION) List<AugmentSpec> augmentation,
                            @Setting(ARCHITECTURE) ModelSection model, @Setting(ARCHITECTURE) int members,
                            TrainingConfig training) {

    /** When the augmentation happens relative to the train/validation split. */
    public enum Order {
        @SerializedName("split-then-augment") SPLIT_THEN_AUGMENT,
        @SerializedName("augment-then-split") AUGMENT_THEN_SPLIT;

        /** The JSON name ("split-then-augment"), which messages quote. */
        @Override
        public String toString() {
            return jsonName(this);
        }
    }

    /** Split one row at a time (Runs 1–7, kept for reproducibility) or one code at a time (all m of one P together). */
    public enum Split {
        @SerializedName("by-row") BY_ROW,
        @SerializedName("by-code") BY_CODE;

        /** The JSON name ("by-row"), which messages quote. */
        @Override
        public String toString() {
            return jsonName(this);
        }
    }

    /** An enum constant's JSON name: its name in lower case with hyphens (BY_ROW → by-row). */
    private static String jsonName(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * Where the data come from and how much of it to use (limitPerGroup 0 = all). {@code train} may be omitted
     * when {@code generated} names the training data; with both, the generated codes join the file's.
     * {@code split} is {@code by-row} or {@code by-code} (default: by-code for minor-token runs, by-row for
     * raw runs, whose published results were made that way).
     */
    public record DataSpec(String train, String test, double validationFraction, int limitPerGroup, Split split,
                           GeneratedData generated) {
        public DataSpec {
            if ((train == null || train.isBlank()) && generated == null) {
                throw new IllegalArgumentException("data.train is required unless data.generated names the training "
                        + "data: the training dataset path (.csv, .npz or a pickle prefix such as data/train)");
            }
            if (test == null || test.isBlank()) {
                throw new IllegalArgumentException("data.test is required: the test dataset path (.csv, .npz or a "
                        + "pickle prefix such as data/test)");
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("data.validationFraction must be in (0, 1), got "
                        + validationFraction);
            }
            if (limitPerGroup < 0) {
                throw new IllegalArgumentException("data.limitPerGroup must be ≥ 0 (0 = all), got " + limitPerGroup);
            }
        }

        /** The same settings with other train/test files (null keeps the current one). */
        public DataSpec withFiles(String newTrain, String newTest) {
            return new DataSpec(newTrain == null ? train : newTrain, newTest == null ? test : newTest,
                    validationFraction, limitPerGroup, split, generated);
        }

        public DataSpec withLimitPerGroup(int limit) {
            return new DataSpec(train, test, validationFraction, limit, split, generated);
        }

        public DataSpec withValidationFraction(double fraction) {
            return new DataSpec(train, test, fraction, limitPerGroup, split, generated);
        }

        public DataSpec withGenerated(GeneratedData g) {
            return new DataSpec(train, test, validationFraction, limitPerGroup, split, g);
        }

        public boolean hasTrainFile() {
            return train != null && !train.isBlank();
        }
    }

    /**
     * Training codes drawn and labelled (every m) by the exact engine at run start: how many codes per k
     * ({@code "4": 40000}), the entry distribution (see {@link EntryDistribution#parse}) and the seed.
     */
    public record GeneratedData(Map<String, Integer> perK, String distribution, long seed) {
        public GeneratedData {
            if (perK == null || perK.isEmpty()) {
                throw new IllegalArgumentException("data.generated.perK: give a count per k, e.g. {\"4\": 20000}");
            }
            Map<String, Integer> sorted = new TreeMap<>();
            for (Map.Entry<String, Integer> e : perK.entrySet()) {
                int k;
                try {
                    k = Integer.parseInt(e.getKey());
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException("data.generated.perK." + e.getKey() + ": not a k (use \"4\", "
                            + "\"5\" or \"6\")");
                }
                if (Group.TASK_GROUPS.stream().noneMatch(g -> g.k() == k)) {
                    throw new IllegalArgumentException("data.generated.perK." + e.getKey() + ": the task has no group "
                            + "with k = " + k + " (k must be 4, 5 or 6)");
                }
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("data.generated.perK." + e.getKey() + ": must be a whole "
                            + "number, got null");
                }
                org.mheightlab.Bounds.check("data.generated.perK." + e.getKey(), e.getValue(),
                        org.mheightlab.Bounds.PER_K);
                sorted.put(String.valueOf(k), e.getValue());
            }
            perK = java.util.Collections.unmodifiableMap(sorted);
            if (distribution == null) {
                throw new IllegalArgumentException("data.generated.distribution: missing; " + EntryDistribution.FORMS);
            }
            try {
                EntryDistribution.parse(distribution);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("data.generated.distribution: " + e.getMessage());
            }
        }

        /** The count for k (0 when not named). */
        public int count(int k) {
            return perK.getOrDefault(String.valueOf(k), 0);
        }

        public GeneratedData withPerK(int count) {
            Map<String, Integer> all = new TreeMap<>();
            perK.keySet().forEach(k -> all.put(k, count));
            return new GeneratedData(all, distribution, seed);
        }
    }

    /**
     * One augmentation step: the augmentation (its text form in JSON, see {@link Augmentation}), its groups
     * ("k,m", or a tier "easy" / "medium" / "hard" for all of its groups; empty = all) and the number of copies.
     */
    public record AugmentSpec(Augmentation type, List<String> groups, int copies) {
    }

    public RunDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a run needs a name");
        }
        order = order == null ? Order.SPLIT_THEN_AUGMENT : order;
        for (int i = 0; augmentation != null && i < augmentation.size(); i++) {
            if (augmentation.get(i) == null) {
                throw new IllegalArgumentException("augmentation[" + i + "]: is null, expected "
                        + "{\"type\": ..., \"groups\": [...], \"copies\": N}");
            }
        }
        augmentation = augmentation == null ? List.of() : List.copyOf(augmentation);
        // 0 was silently turned into 1 before; an ensemble size is a deliberate number, so say so instead.
        org.mheightlab.Bounds.check("members", members, org.mheightlab.Bounds.MEMBERS);
        List<String> missing = new ArrayList<>();
        if (data == null) {
            missing.add("data");
        }
        if (model == null) {
            missing.add("model");
        }
        if (training == null) {
            missing.add("training");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("a run needs data, model and training sections, missing: "
                    + String.join(", ", missing));
        }
        boolean codes = model instanceof MinorTokenModel;
        if (data.split() == null) {
            data = new DataSpec(data.train(), data.test(), data.validationFraction(), data.limitPerGroup(),
                    codes ? Split.BY_CODE : Split.BY_ROW, data.generated());
        }
        if (codes) {
            // The token features are invariant under the symmetries the augmentations apply, and every m of a
            // code is one training example: a row split or row-level augmentation has no meaning here.
            if (!augmentation.isEmpty()) {
                throw new IllegalArgumentException("augmentation: minor-token runs take no augmentation (their features "
                        + "are invariant under the symmetries of P); generate more data with data.generated instead");
            }
            if (data.split() != Split.BY_CODE || order != Order.SPLIT_THEN_AUGMENT) {
                throw new IllegalArgumentException("data.split: minor-token runs split by code (" + Split.BY_CODE
                        + "), " + Order.SPLIT_THEN_AUGMENT);
            }
            if (!training.curriculum().phases().isEmpty() || training.balancedSampling()) {
                throw new IllegalArgumentException("training.curriculum / training.balancedSampling: a minor-token "
                        + "run trains every m of a code at once and cannot admit or draw by group; use "
                        + "training.groupWeights");
            }
        }
        plan(augmentation); // validates the augmentation texts
    }

    public AugmentationPlan augmentationPlan() {
        return plan(augmentation);
    }

    private static AugmentationPlan plan(List<AugmentSpec> specs) {
        List<AugmentationPlan.Step> steps = new ArrayList<>();
        FeatureEncoder features = FeatureEncoder.task();
        for (int i = 0; i < specs.size(); i++) {
            AugmentSpec a = specs.get(i);
            String at = "augmentation[" + i + "]";
            if (a.type() == null) {
                throw new IllegalArgumentException(at + ".type: missing; " + Augmentation.FORMS);
            }
            Augmentation aug = a.type();
            org.mheightlab.Bounds.check(at + ".copies", a.copies(), org.mheightlab.Bounds.COPIES);
            List<Group> groups = new ArrayList<>();
            List<String> names = a.groups() == null ? List.of() : a.groups();
            for (int j = 0; j < names.size(); j++) {
                // A tier name stands for its groups (the write-ups give copies per tier: 3/2/1 for hard/medium/easy).
                java.util.Optional<Tier> tier = Tier.byLabel(names.get(j));
                if (tier.isPresent()) {
                    Group.TASK_GROUPS.stream().filter(g -> g.tier().equals(tier)).forEach(groups::add);
                } else {
                    groups.add(features.taskGroup(names.get(j), at + ".groups[" + j + "]"));
                }
            }
            steps.add(new AugmentationPlan.Step(aug, groups, a.copies()));
        }
        return new AugmentationPlan(steps);
    }

    /** A copy with other training settings (records are immutable; {@code with*} always copies). */
    public RunDefinition withTraining(TrainingConfig t) {
        return new RunDefinition(name, version, description, data, order, allowLeakage, augmentation, model, members, t);
    }

    /** A copy with another name and description (a variant of a bundled run). */
    public RunDefinition withName(String newName, String newDescription) {
        return new RunDefinition(newName, version, newDescription, data, order, allowLeakage, augmentation, model,
                members, training);
    }

    /** A copy with {@code count} ensemble members. */
    public RunDefinition withMembers(int count) {
        return new RunDefinition(name, version, description, data, order, allowLeakage, augmentation, model, count,
                training);
    }

    /** A copy that allows (true) or refuses (false) a leaking validation set. */
    public RunDefinition withAllowLeakage(boolean allow) {
        return new RunDefinition(name, version, description, data, order, allow, augmentation, model, members,
                training);
    }

    /** A copy with another data section. */
    public RunDefinition withData(DataSpec d) {
        return new RunDefinition(name, version, description, d, order, allowLeakage, augmentation, model, members,
                training);
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues()
            .registerTypeAdapter(ModelSection.class, new ModelSectionAdapter())
            .registerTypeHierarchyAdapter(LearningRateSchedule.class, TextForms.adapter(LearningRateSchedule::spec,
                    LearningRateSchedule::parse))
            .registerTypeHierarchyAdapter(Augmentation.class, TextForms.adapter(Augmentation::spec,
                    Augmentation::parse)).create();

    public String toJson() {
        return GSON.toJson(this) + "\n";
    }

    /**
     * Parses a run definition strictly: strict JSON (no comments, NaN or trailing text), no unknown key at any
     * level (each named with its path and the closest valid key), every value of its declared type, then the
     * records' own range checks. Every refusal is an IllegalArgumentException "SOURCE: KEY: problem".
     */
    public static RunDefinition fromJson(String json, String source) {
        try {
            JsonElement tree = LegacyDefinition.upgrade(parseStrict(json));
            DefinitionSchema.check(tree, RunDefinition.class, "");
            RunDefinition d = GSON.fromJson(tree, RunDefinition.class);
            if (d == null) {
                throw new IllegalArgumentException("empty run definition");
            }
            return d;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(source + ": not a valid run definition: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Gson wraps a record constructor's validation error; report that error, not the wrapper.
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(source + ": " + iae.getMessage(), iae);
            }
            throw new IllegalArgumentException(source + ": not a valid run definition: " + e.getMessage(), e);
        }
    }

    /** Messages without the source: fromJson prefixes it. */
    private static JsonElement parseStrict(String json) {
        if (json.isBlank()) {
            throw new IllegalArgumentException("empty run definition (expected a JSON object)");
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            // The adapter honours the reader's strictness (JsonParser.parseReader would make it lenient).
            JsonElement tree = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("not JSON: text after the end of the object at "
                        + reader.getPath());
            }
            return tree;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            String m = String.valueOf(e.getMessage());
            int see = m.indexOf("\nSee ");
            m = see < 0 ? m : m.substring(0, see);
            String nonFinite = JsonPosition.nonFiniteAt(json, m);
            if (nonFinite != null) {
                throw new IllegalArgumentException(nonFinite);
            }
            // Gson's advice to the developer (setStrictness) means nothing to a user editing the file.
            throw new IllegalArgumentException("not JSON: " + m.replace(
                    "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON"));
        }
    }

    /**
     * The file {@link #load} reads for {@code nameOrPath}, as messages name it: the path when it is a file, else
     * {@code runs/NAME.json} for a bundled run's name (the path itself when it is neither).
     */
    public static String source(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        return !Files.isRegularFile(path) && BUNDLED.contains(nameOrPath) ? "runs/" + nameOrPath + ".json"
                : path.toString();
    }

    /** A file path, or the name of a bundled run ({@code run7} → {@code runs/run7.json}). */
    public static RunDefinition load(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        try {
            if (Files.isRegularFile(path)) {
                return fromJson(Files.readString(path), source(nameOrPath));
            }
            try (InputStream in = BUNDLED.contains(nameOrPath)
                    ? RunDefinition.class.getResourceAsStream("/runs/" + nameOrPath + ".json") : null) {
                if (in == null) {
                    String blocked = org.mheightlab.files.PathKind.blockedBy(path);
                    String what = Files.isDirectory(path) ? "a folder, not a run definition file (.json)"
                            : blocked != null ? "no such file (" + blocked + ")" : "not a file";
                    throw new IllegalArgumentException("no run definition '" + nameOrPath + "': " + what
                            + ", and not one of the bundled runs " + bundled());
                }
                return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), source(nameOrPath));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read run definition " + nameOrPath + ": " + e.getMessage(), e);
        }
    }

    /** The names of the bundled runs (the one list: the CLI's help and the tests read it). */
    public static final List<String> BUNDLED = List.of("run1", "run2", "run3", "run4", "run6", "run7", "run8",
            "run9");

    /** The names of the bundled runs. */
    public static List<String> bundled() {
        return BUNDLED;
    }
}

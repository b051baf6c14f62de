package org.mheightlab.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
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
import org.mheightlab.augment.Augmentation;
import org.mheightlab.augment.AugmentationPlan;
import org.mheightlab.data.Group;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.ModelSpec;
import org.mheightlab.train.TrainingConfig;

/**
 * A named, versioned training run as a JSON file (see {@code runs/}): data, split order, augmentation, model,
 * training settings. Users copy one and edit it; {@code mheight train --run FILE} runs it.
 *
 * <p>{@code order} is {@code split-then-augment} (the right way) or {@code augment-then-split} (Run 6's
 * mistake: augmented copies of one original land on both sides, and validation scores look better than they
 * are). The leakage guard refuses the second unless {@code allowLeakage} is true.
 */
public record RunDefinition(String name, int version, String description, DataSpec data, String order,
                            boolean allowLeakage, List<AugmentSpec> augmentation, ModelSpec model, int members,
                            TrainingConfig training) {

    public static final String SPLIT_THEN_AUGMENT = "split-then-augment";
    public static final String AUGMENT_THEN_SPLIT = "augment-then-split";

    /** Where the data come from and how much of it to use (limitPerGroup 0 = all). */
    public record DataSpec(String train, String test, double validationFraction, int limitPerGroup) {
        public DataSpec {
            if (train == null || train.isBlank() || test == null || test.isBlank()) {
                throw new IllegalArgumentException("data.train and data.test are required: the training and test "
                        + "dataset paths (.csv, .npz or a pickle prefix such as data/train)");
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("data.validationFraction must be in (0, 1), got "
                        + validationFraction);
            }
            if (limitPerGroup < 0) {
                throw new IllegalArgumentException("data.limitPerGroup must be ≥ 0 (0 = all), got " + limitPerGroup);
            }
        }
    }

    /** One augmentation step: a text form (see {@link Augmentation}), its groups ("k,m"; empty = all), copies. */
    public record AugmentSpec(String type, List<String> groups, int copies) {
    }

    public RunDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a run needs a name");
        }
        order = order == null ? SPLIT_THEN_AUGMENT : order;
        if (!order.equals(SPLIT_THEN_AUGMENT) && !order.equals(AUGMENT_THEN_SPLIT)) {
            throw new IllegalArgumentException("order must be " + SPLIT_THEN_AUGMENT + " or " + AUGMENT_THEN_SPLIT);
        }
        for (int i = 0; augmentation != null && i < augmentation.size(); i++) {
            if (augmentation.get(i) == null) {
                throw new IllegalArgumentException("augmentation[" + i + "]: is null, expected "
                        + "{\"type\": ..., \"groups\": [...], \"copies\": N}");
            }
        }
        augmentation = augmentation == null ? List.of() : List.copyOf(augmentation);
        // 0 was silently turned into 1 before; an ensemble size is a deliberate number, so say so instead.
        if (members < 1) {
            throw new IllegalArgumentException("members must be ≥ 1 (the number of ensemble members), got " + members);
        }
        if (data == null || model == null || training == null) {
            throw new IllegalArgumentException("a run needs data, model and training sections, missing: "
                    + String.join(", ", java.util.stream.Stream.of(data == null ? "data" : null,
                    model == null ? "model" : null, training == null ? "training" : null)
                    .filter(java.util.Objects::nonNull).toList()));
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
            Augmentation aug;
            try {
                aug = Augmentation.parse(a.type());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ".type: " + e.getMessage());
            }
            if (a.copies() < 0) {
                throw new IllegalArgumentException(at + ".copies: must be ≥ 0, got " + a.copies());
            }
            List<Group> groups = new ArrayList<>();
            List<String> names = a.groups() == null ? List.of() : a.groups();
            for (int j = 0; j < names.size(); j++) {
                groups.add(features.taskGroup(names.get(j), at + ".groups[" + j + "]"));
            }
            steps.add(new AugmentationPlan.Step(aug, groups, a.copies()));
        }
        return new AugmentationPlan(steps);
    }

    public RunDefinition withTraining(TrainingConfig t) {
        return new RunDefinition(name, version, description, data, order, allowLeakage, augmentation, model, members, t);
    }

    public RunDefinition withData(DataSpec d) {
        return new RunDefinition(name, version, description, d, order, allowLeakage, augmentation, model, members,
                training);
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

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
            JsonElement tree = parseStrict(json);
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
            throw new IllegalArgumentException("not JSON: " + (see < 0 ? m : m.substring(0, see)));
        }
    }

    /** A file path, or the name of a bundled run ({@code run7} → {@code runs/run7.json}). */
    public static RunDefinition load(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        try {
            if (Files.isRegularFile(path)) {
                return fromJson(Files.readString(path), path.toString());
            }
            try (InputStream in = RunDefinition.class.getResourceAsStream("/runs/" + nameOrPath + ".json")) {
                if (in == null) {
                    throw new IllegalArgumentException("no run definition '" + nameOrPath + "': not a file, and not one "
                            + "of the bundled runs " + bundled());
                }
                return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), "runs/" + nameOrPath + ".json");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read run definition " + nameOrPath + ": " + e.getMessage(), e);
        }
    }

    /** The names of the bundled runs. */
    public static List<String> bundled() {
        return List.of("run1", "run2", "run3", "run4", "run6", "run7");
    }
}

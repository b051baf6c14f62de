package org.mheightlab.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mheightlab.augment.Augmentation;
import org.mheightlab.augment.AugmentationPlan;
import org.mheightlab.data.Group;
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
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("data.validationFraction must be in (0, 1)");
            }
            if (limitPerGroup < 0) {
                throw new IllegalArgumentException("data.limitPerGroup must be ≥ 0");
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
        augmentation = augmentation == null ? List.of() : List.copyOf(augmentation);
        members = Math.max(1, members);
        if (data == null || model == null || training == null) {
            throw new IllegalArgumentException("a run needs data, model and training sections");
        }
        plan(augmentation); // validates the augmentation texts
    }

    public AugmentationPlan augmentationPlan() {
        return plan(augmentation);
    }

    private static AugmentationPlan plan(List<AugmentSpec> specs) {
        List<AugmentationPlan.Step> steps = new ArrayList<>();
        for (AugmentSpec a : specs) {
            List<Group> groups = new ArrayList<>();
            for (String g : a.groups() == null ? List.<String>of() : a.groups()) {
                groups.add(Group.parse(g));
            }
            steps.add(new AugmentationPlan.Step(Augmentation.parse(a.type()), groups, a.copies()));
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

    public static RunDefinition fromJson(String json, String source) {
        try {
            RunDefinition d = GSON.fromJson(json, RunDefinition.class);
            if (d == null) {
                throw new IllegalArgumentException(source + ": empty run definition");
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

package org.mheightlab.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.files.OutputGuard;

/**
 * The changes a user may make to a run definition for one run, the same from the command line
 * ({@code mheight train --epochs 2 ...}) and from a notebook ({@code %%mh_train} cell lines {@code epochs = 2}),
 * and the same output rule for both: an existing run folder is replaced only with {@code overwrite}, never one
 * that holds the run's data. Null fields keep the definition's value.
 *
 * @param epochs        maxEpochs (≥ 1)
 * @param limitPerGroup at most this many samples per group (0 = all)
 * @param train         the training data
 * @param test          the test data
 * @param generatedPerK the generated codes per k, for every k the run names (a learning-curve point)
 * @param engine        the DJL engine to train on ({@link org.mheightlab.train.Engines#NAMES})
 * @param compare       another run folder for the table's "vs" columns
 * @param overwrite     whether an earlier run folder at the output may be replaced
 * @param reason        why the run departs from its definition (recorded in provenance and the settings table)
 */
public record RunOverrides(Integer epochs, Integer limitPerGroup, String train, String test, Integer generatedPerK,
                           String engine, Path compare, boolean overwrite, String reason) {

    /** The notebook keys, in the order usage messages list them. */
    public static final List<String> KEYS = List.of("epochs", "limitPerGroup", "train", "test", "generatedPerK",
            "engine", "compare", "overwrite", "reason");

    public static final RunOverrides NONE = new RunOverrides(null, null, null, null, null, null, null, false, null);

    /** Overrides without a stated reason. */
    public RunOverrides(Integer epochs, Integer limitPerGroup, String train, String test, Integer generatedPerK,
                        Path compare, boolean overwrite) {
        this(epochs, limitPerGroup, train, test, generatedPerK, null, compare, overwrite, null);
    }

    /** The settings this run changes from its definition (and the reason, if given), for provenance. */
    public Map<String, Object> recorded() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (epochs != null) {
            out.put("training.maxEpochs", epochs);
        }
        if (limitPerGroup != null) {
            out.put("data.limitPerGroup", limitPerGroup);
        }
        if (train != null) {
            out.put("data.train", train);
        }
        if (test != null) {
            out.put("data.test", test);
        }
        if (generatedPerK != null) {
            out.put("data.generated.perK", generatedPerK);
        }
        if (engine != null) {
            out.put("training.engine", engine);
        }
        if (!out.isEmpty() && reason != null && !reason.isBlank()) {
            out.put("reason", reason);
        }
        return out;
    }

    public RunOverrides {
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("epochs: must be ≥ 1, got " + epochs);
        }
        if (limitPerGroup != null && limitPerGroup < 0) {
            throw new IllegalArgumentException("limitPerGroup: must be ≥ 0 (0 = all), got " + limitPerGroup);
        }
        if (engine != null) {
            org.mheightlab.train.Engines.check("engine", engine);
        }
        if (generatedPerK != null && generatedPerK < 0) {
            throw new IllegalArgumentException("generatedPerK: must be ≥ 0, got " + generatedPerK);
        }
    }

    /**
     * Overrides from {@code key = value} pairs (a notebook cell's lines, or environment defaults); an unknown key
     * or a value of the wrong type is refused, naming the key and the valid ones.
     */
    public static RunOverrides parse(Map<String, String> values) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.keySet().forEach(RunOverrides::requireKey);
        String overwrite = v.get("overwrite");
        if (overwrite != null && !overwrite.equals("true") && !overwrite.equals("false")) {
            throw new IllegalArgumentException("overwrite: must be true or false, got '" + overwrite + "'");
        }
        return new RunOverrides(integer(v, "epochs"), integer(v, "limitPerGroup"), v.get("train"), v.get("test"),
                integer(v, "generatedPerK"), v.get("engine"), v.containsKey("compare") ? Path.of(v.get("compare")) : null,
                Boolean.parseBoolean(overwrite), v.get("reason"));
    }

    /** Refuses a key that is not one of {@link #KEYS}, naming the closest one. */
    public static void requireKey(String key) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("unknown override '" + key + "', did you mean "
                    + org.mheightlab.ClosestName.of(key, KEYS).name() + "? (" + String.join(", ", KEYS) + ")");
        }
    }

    private static Integer integer(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": must be a whole number, got '" + s + "'");
        }
    }

    /** The definition with these overrides applied. */
    public RunDefinition applyTo(RunDefinition def) {
        RunDefinition.DataSpec d = def.data();
        RunDefinition out = def.withData(d.withFiles(train, test).withLimitPerGroup(limitPerGroup == null
                ? d.limitPerGroup() : limitPerGroup));
        if (epochs != null) {
            out = out.withTraining(out.training().withMaxEpochs(epochs));
        }
        if (engine != null) {
            out = out.withTraining(out.training().withEngine(engine));
        }
        if (generatedPerK != null) {
            if (out.data().generated() == null) {
                throw new IllegalArgumentException("generatedPerK: run " + def.name() + " generates no data (its data "
                        + "section has no 'generated')");
            }
            out = out.withData(out.data().withGenerated(out.data().generated().withPerK(generatedPerK)));
        }
        return out;
    }

    /**
     * The output rule of a training run, checked before it trains: {@code folder} may be missing, empty, or (with
     * {@link #overwrite}) an earlier run folder, and never holds the run's data. {@code option} names the
     * setting that chose the folder, for the message.
     */
    public void checkOutput(String option, Path folder, RunDefinition def) {
        List<Path> inputs = new ArrayList<>(def.data().hasTrainFile() ? DatasetFiles.files(Path.of(def.data().train()))
                : List.of());
        inputs.addAll(DatasetFiles.files(Path.of(def.data().test())));
        if (compare != null) {
            // The run compared with is read at the end of training: the new folder may not replace it or go in it.
            inputs.addAll(OutputGuard.folderInputs(compare));
        }
        OutputGuard.folder(option, folder, RunFolder.KIND, overwrite, inputs);
    }
}

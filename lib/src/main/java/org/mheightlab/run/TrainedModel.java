package org.mheightlab.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mheightlab.data.Dataset;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.HeightNet;
import org.mheightlab.model.HeightPredictor;

/** A trained run loaded from its folder (run.json + model/member-i-0000.params), ready to predict. */
public final class TrainedModel implements AutoCloseable {

    private final RunDefinition definition;
    private final List<Model> members;
    private final FeatureEncoder features = FeatureEncoder.task();

    private TrainedModel(RunDefinition definition, List<Model> members) {
        this.definition = definition;
        this.members = members;
    }

    /**
     * Loads a run folder. Every way a folder can be unusable (not a folder, no or unreadable run.json, a member
     * whose parameter file is missing, empty, truncated or not DJL parameters of this architecture) is an
     * IllegalArgumentException naming the path, so that the CLI reports it as bad input instead of an engine
     * exception or a NullPointerException.
     */
    public static TrainedModel load(Path folder) {
        if (!Files.exists(folder)) {
            throw new IllegalArgumentException(folder + ": no such run folder");
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": is a file, not a run folder (a folder written by mheight "
                    + "train, holding run.json and model/)");
        }
        Path runJson = folder.resolve("run.json");
        if (!Files.isRegularFile(runJson)) {
            throw new IllegalArgumentException(folder + " is not a run folder (no run.json)");
        }
        RunDefinition def;
        try {
            def = RunDefinition.fromJson(Files.readString(runJson), runJson.toString());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(runJson + ": cannot read: " + e.getMessage(), e);
        }
        Path modelDir = folder.resolve("model");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < def.members(); i++) {
            files.add(parameterFile(modelDir, i, def.members()));
        }
        List<Model> members = new ArrayList<>();
        for (int i = 0; i < def.members(); i++) {
            Path file = files.get(i);
            Model m = Model.newInstance("member-" + i);
            members.add(m);
            try {
                if (Files.size(file) == 0) {
                    throw new IllegalArgumentException(file + ": empty parameter file (corrupt run folder?)");
                }
                m.setBlock(new HeightNet(def.model(), FeatureEncoder.task()));
                m.load(modelDir, "member-" + i);
            } catch (IllegalArgumentException e) {
                members.forEach(Model::close);
                throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e : corrupt(file, e);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                // DJL reports a truncated file as an EOFException without a message, a foreign file as an
                // EngineException or MalformedModelException; all mean the same thing to the user.
                members.forEach(Model::close);
                throw corrupt(file, e);
            }
        }
        return new TrainedModel(def, members);
    }

    /** member-I-NNNN.params (the highest epoch, the one DJL loads) or member-I.params; refused when absent. */
    private static Path parameterFile(Path modelDir, int member, int count) {
        Pattern name = Pattern.compile(Pattern.quote("member-" + member) + "(-\\d{4})?\\.params");
        Path found = null;
        if (Files.isDirectory(modelDir)) {
            try (Stream<Path> list = Files.list(modelDir)) {
                found = list.filter(p -> name.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                        .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
            } catch (IOException e) {
                throw new IllegalArgumentException(modelDir + ": cannot list: " + e.getMessage(), e);
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(modelDir.resolve("member-" + member + "-0000.params")
                    + ": missing (run.json says " + count + " member" + (count == 1 ? "" : "s")
                    + "; the run folder is incomplete)");
        }
        return found;
    }

    private static IllegalArgumentException corrupt(Path file, Exception e) {
        String why = e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().equals("null")
                ? e.getClass().getSimpleName() : e.getMessage();
        return new IllegalArgumentException(file + ": corrupt or truncated parameter file, or not the parameters "
                + "of this run's model (" + why + ")", e);
    }

    public RunDefinition definition() {
        return definition;
    }

    /** Predicted log2 heights (mean over ensemble members). */
    public double[] predictLog2(Dataset data) {
        return HeightPredictor.ensembleLog2(members, features, data);
    }

    /** Predicted heights. */
    public double[] predict(Dataset data) {
        double[] log2 = predictLog2(data);
        double[] h = new double[log2.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.pow(2, log2[i]);
        }
        return h;
    }

    @Override
    public void close() {
        members.forEach(Model::close);
    }
}

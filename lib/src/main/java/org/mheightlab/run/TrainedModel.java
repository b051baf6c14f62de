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
import java.util.Map;
import java.util.TreeMap;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.HeightNet;
import org.mheightlab.model.HeightPredictor;
import org.mheightlab.model.MinorFeatures;
import org.mheightlab.model.TokenEnsemble;
import org.mheightlab.model.TokenHeightNet;

/**
 * A trained run loaded from its folder, ready to predict: run.json plus model/member-i-0000.params (raw-feature
 * runs) or model/k4-0000.params, k5…, k6… (minor-token runs, one model per k). Either way an infinite height is
 * answered by the exact rank test (some n − m columns of G rank-deficient), not by the model: ĥ = ∞ there.
 */
public final class TrainedModel implements AutoCloseable {

    private final RunDefinition definition;
    private final List<Model> members;
    private final TokenEnsemble tokens;
    private final FeatureEncoder features = FeatureEncoder.task();

    private TrainedModel(RunDefinition definition, List<Model> members, TokenEnsemble tokens) {
        this.definition = definition;
        this.members = members;
        this.tokens = tokens;
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
        if (def.usesTokens()) {
            return new TrainedModel(def, List.of(), loadTokenModels(def, modelDir));
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < def.members(); i++) {
            names.add("member-" + i);
            files.add(parameterFile(modelDir, "member-" + i, "run.json says " + def.members() + " member"
                    + (def.members() == 1 ? "" : "s")));
        }
        List<Model> members = new ArrayList<>();
        for (int i = 0; i < def.members(); i++) {
            members.add(loadMember(modelDir, names.get(i), files.get(i),
                    () -> new HeightNet(def.model(), FeatureEncoder.task()), members));
        }
        return new TrainedModel(def, members, null);
    }

    /** One model per k whose parameter files are in the folder (every member of it), at least one k. */
    private static TokenEnsemble loadTokenModels(RunDefinition def, Path modelDir) {
        Map<Integer, List<Model>> byK = new TreeMap<>();
        List<Model> all = new ArrayList<>();
        for (int k : TokenRunRunner.taskKs()) {
            String first = TokenRunRunner.memberName(k, 0, def.members());
            if (findParameterFile(modelDir, first) == null) {
                continue;
            }
            for (int member = 0; member < def.members(); member++) {
                String name = TokenRunRunner.memberName(k, member, def.members());
                Path file = parameterFile(modelDir, name, "run.json says " + def.members() + " member"
                        + (def.members() == 1 ? "" : "s") + " per k");
                int kk = k;
                byK.computeIfAbsent(k, x -> new ArrayList<>()).add(loadMember(modelDir, name, file,
                        () -> new TokenHeightNet(def.tokenModel(), new MinorFeatures(Group.TASK_N, kk),
                                def.features().contains(RunDefinition.RAW)), all));
            }
        }
        if (byK.isEmpty()) {
            throw new IllegalArgumentException(modelDir.resolve("k4-0000.params") + ": missing (a minor-token run "
                    + "has one parameter file per k, k4, k5, k6; the run folder is incomplete)");
        }
        return new TokenEnsemble(byK, Runtime.getRuntime().availableProcessors(),
                def.features().contains(RunDefinition.RAW));
    }

    /** Loads one member; on failure closes everything loaded so far and names the file. */
    private static Model loadMember(Path modelDir, String name, Path file, java.util.function.Supplier<ai.djl.nn.Block> block,
                                    List<Model> loaded) {
        Model m = Model.newInstance(name);
        loaded.add(m);
        try {
            if (Files.size(file) == 0) {
                throw new IllegalArgumentException(file + ": empty parameter file (corrupt run folder?)");
            }
            m.setBlock(block.get());
            m.load(modelDir, name);
            return m;
        } catch (IllegalArgumentException e) {
            loaded.forEach(Model::close);
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e : corrupt(file, e);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            // DJL reports a truncated file as an EOFException without a message, a foreign file as an
            // EngineException or MalformedModelException; all mean the same thing to the user.
            loaded.forEach(Model::close);
            throw corrupt(file, e);
        }
    }

    /** NAME-NNNN.params (the highest epoch, the one DJL loads) or NAME.params; refused when absent. */
    private static Path parameterFile(Path modelDir, String base, String why) {
        Path found = findParameterFile(modelDir, base);
        if (found == null) {
            throw new IllegalArgumentException(modelDir.resolve(base + "-0000.params") + ": missing (" + why
                    + "; the run folder is incomplete)");
        }
        return found;
    }

    private static Path findParameterFile(Path modelDir, String base) {
        Pattern name = Pattern.compile(Pattern.quote(base) + "(-\\d{4})?\\.params");
        Path found = null;
        if (Files.isDirectory(modelDir)) {
            try (Stream<Path> list = Files.list(modelDir)) {
                found = list.filter(p -> name.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                        .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
            } catch (IOException e) {
                throw new IllegalArgumentException(modelDir + ": cannot list: " + e.getMessage(), e);
            }
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

    /** Predicted log2 heights (mean over ensemble members in log2 space); +∞ where the rank test says ∞. */
    public double[] predictLog2(Dataset data) {
        if (tokens != null) {
            return tokens.predictLog2(data);
        }
        double[] out = HeightPredictor.ensembleLog2(members, features, data);
        ExactHeightCalculator rank = new ExactHeightCalculator();
        for (int i = 0; i < out.length; i++) {
            if (rank.isInfinite(data.p(i), data.m(i))) {
                out[i] = Double.POSITIVE_INFINITY;
            }
        }
        return out;
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
        if (tokens != null) {
            tokens.close();
        }
    }
}

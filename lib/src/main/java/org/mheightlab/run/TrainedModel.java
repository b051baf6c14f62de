package org.mheightlab.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    public static TrainedModel load(Path folder) {
        Path runJson = folder.resolve("run.json");
        if (!Files.isRegularFile(runJson)) {
            throw new IllegalArgumentException(folder + " is not a run folder (no run.json)");
        }
        RunDefinition def;
        try {
            def = RunDefinition.fromJson(Files.readString(runJson), runJson.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + runJson, e);
        }
        List<Model> members = new ArrayList<>();
        try {
            for (int i = 0; i < def.members(); i++) {
                Model m = Model.newInstance("member-" + i);
                members.add(m);
                m.setBlock(new HeightNet(def.model(), FeatureEncoder.task()));
                m.load(folder.resolve("model"), "member-" + i);
            }
        } catch (IOException | MalformedModelException e) {
            members.forEach(Model::close);
            throw new IllegalArgumentException("cannot load the model parameters of " + folder + ": " + e.getMessage(), e);
        }
        return new TrainedModel(def, members);
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

package org.mheightlab.model;

import ai.djl.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.data.Dataset;

/**
 * The trained models of a run, as parts of its {@link ModelSection} (one part for every row, or one per k), each
 * a list of ensemble members averaged in log2 space. The one place where an infinite height is answered: by the
 * exact rank test, before any model is asked.
 */
public final class Ensemble implements HeightModel {

    private final ModelSection section;
    private final Map<Integer, List<Model>> byPart;
    private final int threads;

    public Ensemble(ModelSection section, Map<Integer, List<Model>> byPart, int threads) {
        this.section = section;
        this.byPart = new TreeMap<>(byPart);
        this.threads = threads;
    }

    public ModelSection section() {
        return section;
    }

    /** The members of {@code part}, or an empty list. */
    public List<Model> members(int part) {
        return byPart.getOrDefault(part, List.of());
    }

    /** [example][output] for inputs of {@code part} (the mean over its members). */
    public double[][] predictLog2(ModelInputs inputs, int part) {
        List<Model> members = byPart.get(part);
        if (members == null) {
            throw new IllegalArgumentException("the run has no model for " + (part == ModelSection.ALL_ROWS
                    ? "its rows" : "k = " + part));
        }
        return Predictor.meanLog2(members, inputs);
    }

    @Override
    public double[] predictLog2(Dataset data) {
        double[] out = new double[data.size()];
        ExactHeightCalculator rank = new ExactHeightCalculator();
        Map<Integer, List<Integer>> rowsByPart = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            if (rank.isInfinite(data.p(i), data.m(i))) {
                out[i] = Double.POSITIVE_INFINITY;
            } else {
                rowsByPart.computeIfAbsent(section.partOf(data, i), p -> new ArrayList<>()).add(i);
            }
        }
        rowsByPart.forEach((part, list) -> {
            int[] rows = list.stream().mapToInt(Integer::intValue).toArray();
            double[][] p = predictLog2(section.inputsFor(data, rows, part, threads), part);
            for (int r = 0; r < rows.length; r++) {
                out[rows[r]] = p[r][section.outputOf(data, rows[r])];
            }
        });
        return out;
    }

    @Override
    public void close() {
        byPart.values().forEach(list -> list.forEach(Model::close));
    }
}

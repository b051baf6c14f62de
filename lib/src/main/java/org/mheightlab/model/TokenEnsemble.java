package org.mheightlab.model;

import ai.djl.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.ProfileSet;

/**
 * The trained token models of a run, one list of ensemble members per k, answering for (k, m, P) samples:
 * an infinite height is decided by the exact rank test (some n − m columns of G rank-deficient) and predicted
 * as ∞; every other sample gets the mean of its k's members' log2 ĥ_m.
 */
public final class TokenEnsemble implements AutoCloseable {

    private final Map<Integer, List<Model>> byK;
    private final int threads;
    private final boolean raw;

    /** {@code raw}: the models also read P itself (a run with both feature sets). */
    public TokenEnsemble(Map<Integer, List<Model>> byK, int threads, boolean raw) {
        this.byK = new TreeMap<>(byK);
        this.threads = threads;
        this.raw = raw;
    }

    public boolean covers(int k) {
        return byK.containsKey(k);
    }

    /** log2 ĥ_m for every m of every code (mean over the members of its k). */
    public double[][] predictCodes(ProfileSet codes) {
        return predictCodes(MinorTokenInputs.of(codes, threads, raw), codes.k());
    }

    public double[][] predictCodes(MinorTokenInputs inputs, int k) {
        List<Model> members = byK.get(k);
        if (members == null) {
            throw new IllegalArgumentException("the run has no model for k = " + k);
        }
        double[][] sum = null;
        for (Model m : members) {
            double[][] p = TokenPredictor.predictLog2(m, inputs);
            if (sum == null) {
                sum = p;
            } else {
                for (int i = 0; i < p.length; i++) {
                    for (int j = 0; j < p[i].length; j++) {
                        sum[i][j] += p[i][j];
                    }
                }
            }
        }
        for (double[] row : sum) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= members.size();
            }
        }
        return sum;
    }

    /** log2 ĥ per sample; +∞ exactly where the rank test says the height is infinite. */
    public double[] predictLog2(Dataset data) {
        double[] out = new double[data.size()];
        ExactHeightCalculator rank = new ExactHeightCalculator();
        Map<Integer, List<Integer>> rowsByK = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            if (rank.isInfinite(data.p(i), data.m(i))) {
                out[i] = Double.POSITIVE_INFINITY;
            } else {
                rowsByK.computeIfAbsent(data.k(i), k -> new ArrayList<>()).add(i);
            }
        }
        rowsByK.forEach((k, list) -> {
            int[] rows = list.stream().mapToInt(Integer::intValue).toArray();
            double[][] p = predictCodes(ProfileSet.ofRows(data, rows, k));
            for (int r = 0; r < rows.length; r++) {
                out[rows[r]] = p[r][data.m(rows[r]) - 1];
            }
        });
        return out;
    }

    @Override
    public void close() {
        byK.values().forEach(list -> list.forEach(Model::close));
    }
}

package org.mheightlab.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mheightlab.data.Group;

/**
 * The baseline a network must beat: per (k, m) group, ridge regression of log2 h on the
 * {@link InvariantStatistics} of P (standardised, plus an intercept; the intercept is not penalised). The
 * penalty is fixed and small: the statistics are few (≤ 17) and the groups have thousands of samples.
 */
public final class RidgeBaseline {

    /** Ridge penalty on the standardised coefficients, relative to the number of samples. */
    static final double LAMBDA = 1e-3;

    private record GroupFit(double[] mean, double[] scale, double[] beta, double intercept) {
        double predict(double[] x) {
            double y = intercept;
            for (int j = 0; j < beta.length; j++) {
                y += beta[j] * (x[j] - mean[j]) / scale[j];
            }
            return y;
        }
    }

    private final Map<Group, GroupFit> fits;

    private RidgeBaseline(Map<Group, GroupFit> fits) {
        this.fits = fits;
    }

    /** One labelled example: its group, its P and log2 h. */
    public record Example(Group group, double[][] p, double log2Height) {
    }

    public static RidgeBaseline fit(List<Example> examples) {
        Map<Group, List<Example>> byGroup = new LinkedHashMap<>();
        for (Example e : examples) {
            byGroup.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
        }
        Map<Group, GroupFit> fits = new LinkedHashMap<>();
        byGroup.forEach((g, list) -> fits.put(g, fitGroup(list)));
        return new RidgeBaseline(fits);
    }

    private static GroupFit fitGroup(List<Example> list) {
        int n = list.size();
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = InvariantStatistics.of(list.get(i).p());
            y[i] = list.get(i).log2Height();
        }
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += y[i] / n;
            for (int j = 0; j < d; j++) {
                mean[j] += x[i][j] / n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                scale[j] += (x[i][j] - mean[j]) * (x[i][j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 1e-24 ? Math.sqrt(scale[j]) : 1.0;
        }
        double[][] a = new double[d][d];
        double[] b = new double[d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = (x[i][j] - mean[j]) / scale[j];
            }
            for (int r = 0; r < d; r++) {
                b[r] += z[r] * (y[i] - yMean);
                for (int c = 0; c < d; c++) {
                    a[r][c] += z[r] * z[c];
                }
            }
        }
        for (int r = 0; r < d; r++) {
            a[r][r] += LAMBDA * n;
        }
        return new GroupFit(mean, scale, solveSymmetric(a, b), yMean);
    }

    /** Solves A·x = b for symmetric positive definite A (Cholesky). */
    static double[] solveSymmetric(double[][] a, double[] b) {
        int d = b.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int t = 0; t < j; t++) {
                    s -= l[i][t] * l[j][t];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j][j];
            }
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int t = 0; t < i; t++) {
                s -= l[i][t] * z[t];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = z[i];
            for (int t = i + 1; t < d; t++) {
                s -= l[t][i] * x[t];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** Whether this baseline has a fit for the group. */
    public boolean covers(Group g) {
        return fits.containsKey(g);
    }

    /** Predicted log2 h for P in group g. */
    public double predictLog2(Group g, double[][] p) {
        GroupFit f = fits.get(g);
        if (f == null) {
            throw new IllegalArgumentException("the ridge baseline has no training data for group " + g);
        }
        return f.predict(InvariantStatistics.of(p));
    }
}

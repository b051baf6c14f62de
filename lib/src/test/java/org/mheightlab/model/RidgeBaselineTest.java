package org.mheightlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.mheightlab.data.Group;
import org.mheightlab.data.gen.EntryDistribution;

class RidgeBaselineTest {

    private static final EntryDistribution COURSE = EntryDistribution.parse("course");

    private static List<RidgeBaseline.Example> examples(Group g, int count, long seed,
                                                        ToDoubleFunction<double[]> target) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<RidgeBaseline.Example> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[][] p = COURSE.sample(rng, g.k(), Group.TASK_N - g.k());
            out.add(new RidgeBaseline.Example(g, p, target.applyAsDouble(InvariantStatistics.of(p))));
        }
        return out;
    }

    /** A fixed linear function of the statistics: intercept 2 and weights that differ in sign and size. */
    private static double linear(double[] x, double intercept, double scale) {
        double y = intercept;
        for (int j = 0; j < x.length; j++) {
            y += scale * ((j % 3) - 1 + 0.25 * j) * x[j] / x.length;
        }
        return y;
    }

    /**
     * On targets that are exactly linear in the statistics the fit must reproduce them on codes it has not
     * seen; the only error left is the small ridge shrinkage (λ = 1e−3 per sample on standardised inputs).
     */
    @Test
    void recoversALinearFunctionOfTheStatistics() {
        for (Group g : List.of(new Group(4, 2), new Group(5, 3), new Group(6, 2))) {
            ToDoubleFunction<double[]> f = x -> linear(x, 2, 1);
            RidgeBaseline ridge = RidgeBaseline.fit(examples(g, 3000, 1 + g.k(), f));
            double sq = 0;
            double var = 0;
            double mean = 0;
            List<RidgeBaseline.Example> test = examples(g, 500, 100 + g.k(), f);
            for (RidgeBaseline.Example e : test) {
                mean += e.log2Height() / test.size();
            }
            for (RidgeBaseline.Example e : test) {
                double err = ridge.predictLog2(g, e.p()) - e.log2Height();
                sq += err * err / test.size();
                var += (e.log2Height() - mean) * (e.log2Height() - mean) / test.size();
                assertEquals(e.log2Height(), ridge.predictLog2(g, e.p()), 0.05, "group " + g);
            }
            assertTrue(var > 0.1, "the synthetic target must vary, variance " + var);
            assertTrue(sq < 1e-3 * var, "group " + g + ": MSE " + sq + " against variance " + var);
        }
    }

    /**
     * Each group gets its own fit: two groups of the same k with different targets (one linear, one the
     * constant 7) are both reproduced when fitted together, and a group without data is refused.
     */
    @Test
    void keepsGroupsSeparate() {
        Group a = new Group(5, 2);
        Group b = new Group(5, 4);
        List<RidgeBaseline.Example> train = new ArrayList<>(examples(a, 2000, 5, x -> linear(x, -1, 3)));
        train.addAll(examples(b, 2000, 6, x -> 7.0));
        RidgeBaseline ridge = RidgeBaseline.fit(train);
        assertTrue(ridge.covers(a));
        assertTrue(ridge.covers(b));
        assertFalse(ridge.covers(new Group(5, 3)));
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            double[][] p = COURSE.sample(rng, 5, 4);
            double[] x = InvariantStatistics.of(p);
            assertEquals(linear(x, -1, 3), ridge.predictLog2(a, p), 0.1);
            assertEquals(7.0, ridge.predictLog2(b, p), 1e-9);
        }
        double[][] p = COURSE.sample(rng, 5, 4);
        assertThrows(IllegalArgumentException.class, () -> ridge.predictLog2(new Group(5, 3), p));
    }

    /** Cholesky solve of a hand-made SPD system, and of a random 17×17 one (the largest statistics size). */
    @Test
    void solveSymmetricOnKnownSystems() {
        double[][] a = {{4, 1, 2}, {1, 3, 0}, {2, 0, 5}};
        double[] x = {1, -2, 3};
        assertArrayEquals(x, RidgeBaseline.solveSymmetric(a, multiply(a, x)), 1e-12);

        SplittableRandom rng = new SplittableRandom(9);
        int d = 17;
        double[][] m = new double[d][d];
        for (double[] row : m) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] spd = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int t = 0; t < d; t++) {
                    spd[i][j] += m[t][i] * m[t][j];
                }
            }
            spd[i][i] += 1;
        }
        double[] truth = new double[d];
        for (int i = 0; i < d; i++) {
            truth[i] = rng.nextDouble(-5, 5);
        }
        assertArrayEquals(truth, RidgeBaseline.solveSymmetric(spd, multiply(spd, truth)), 1e-9);
    }

    private static double[] multiply(double[][] a, double[] x) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < x.length; j++) {
                out[i] += a[i][j] * x[j];
            }
        }
        return out;
    }
}

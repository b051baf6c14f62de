package org.mheightlab.code;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * m-heights by linear programming (commons-math3 simplex), independent of the vertex enumeration: it shares no
 * code with {@link ExactHeightCalculator} and never enumerates vertices itself.
 *
 * <p>Two formulations, each a maximum over LPs in the message u:
 * <ul>
 *   <li>{@link #textbook}: the course's tuples (a, b, X, ψ): maximise ψ_a·c_a subject to c_b = 1, ψ_j·c_j ≥ 1 for
 *   j ∈ X (|X| = m−1) and −1 ≤ c_j ≤ 1 for the other n−m−1 coordinates;</li>
 *   <li>{@link #compact}: for each a and each set T of n−m coordinates without a, maximise c_a subject to
 *   −1 ≤ c_j ≤ 1 on T. At most m coordinates of such a c exceed 1, so c_a ≤ h_m(c); the optimal codeword,
 *   scaled so its (m)-th largest magnitude is 1, is feasible for its own (a, T). The region is symmetric, so
 *   max c_a is max |c_a|.</li>
 * </ul>
 * An unbounded LP means h_m = ∞.
 */
public final class LpHeightReference {

    private LpHeightReference() {
    }

    public static double compact(double[][] p, int m) {
        double[][] g = generator(p);
        int k = g.length;
        int n = g[0].length;
        double best = 0;
        for (int a = 0; a < n; a++) {
            List<Integer> others = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != a) {
                    others.add(j);
                }
            }
            for (int[] t : combinations(others, n - m)) {
                List<LinearConstraint> cons = new ArrayList<>();
                for (int j : t) {
                    cons.add(new LinearConstraint(column(g, j), Relationship.LEQ, 1.0));
                    cons.add(new LinearConstraint(column(g, j), Relationship.GEQ, -1.0));
                }
                double v = solve(column(g, a), cons, k);
                best = Math.max(best, v);
                if (Double.isInfinite(best)) {
                    return best;
                }
            }
        }
        return best;
    }

    public static double textbook(double[][] p, int m) {
        double[][] g = generator(p);
        int k = g.length;
        int n = g[0].length;
        double best = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (b == a) {
                    continue;
                }
                List<Integer> rest = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (j != a && j != b) {
                        rest.add(j);
                    }
                }
                for (int[] x : combinations(rest, m - 1)) {
                    for (int signs = 0; signs < (1 << m); signs++) {
                        double psiA = (signs & 1) == 0 ? 1 : -1;
                        List<LinearConstraint> cons = new ArrayList<>();
                        cons.add(new LinearConstraint(column(g, b), Relationship.EQ, 1.0));
                        boolean[] inX = new boolean[n];
                        for (int i = 0; i < x.length; i++) {
                            inX[x[i]] = true;
                            double psi = ((signs >> (i + 1)) & 1) == 0 ? 1 : -1;
                            cons.add(new LinearConstraint(scale(column(g, x[i]), psi), Relationship.GEQ, 1.0));
                        }
                        for (int j : rest) {
                            if (!inX[j]) {
                                cons.add(new LinearConstraint(column(g, j), Relationship.LEQ, 1.0));
                                cons.add(new LinearConstraint(column(g, j), Relationship.GEQ, -1.0));
                            }
                        }
                        double v = solve(scale(column(g, a), psiA), cons, k);
                        best = Math.max(best, v);
                        if (Double.isInfinite(best)) {
                            return best;
                        }
                    }
                }
            }
        }
        return best;
    }

    private static double solve(double[] objective, List<LinearConstraint> cons, int k) {
        // The simplex's tolerances are absolute (entries below cutOff are dropped, reduced costs compared with
        // epsilon), so a P spanning 1e-6 … 1e6 or scaled by 1e8 would read as unbounded. Equilibrate first:
        // scale each variable, then each constraint and the objective, by a power of two so its largest
        // coefficient is in [1, 2). Powers of two are exact, so the LP is unchanged and so is its optimum.
        double[] varScale = new double[k];
        for (int i = 0; i < k; i++) {
            double max = 0;
            for (LinearConstraint c : cons) {
                max = Math.max(max, Math.abs(c.getCoefficients().getEntry(i)));
            }
            varScale[i] = max > 0 ? 1.0 / Math.scalb(1.0, Math.getExponent(max)) : 1.0;
        }
        double[] obj = new double[k];
        double objMax = 0;
        for (int i = 0; i < k; i++) {
            obj[i] = objective[i] * varScale[i];
            objMax = Math.max(objMax, Math.abs(obj[i]));
        }
        // The objective too, by a power of two undone on the optimum (reduced costs are compared with epsilon).
        double objScale = objMax > 0 ? 1.0 / Math.scalb(1.0, Math.getExponent(objMax)) : 1.0;
        for (int i = 0; i < k; i++) {
            obj[i] *= objScale;
        }
        List<LinearConstraint> scaled = new ArrayList<>();
        for (LinearConstraint c : cons) {
            double[] a = new double[k];
            double max = 0;
            for (int i = 0; i < k; i++) {
                a[i] = c.getCoefficients().getEntry(i) * varScale[i];
                max = Math.max(max, Math.abs(a[i]));
            }
            double rowScale = max > 0 ? 1.0 / Math.scalb(1.0, Math.getExponent(max)) : 1.0;
            for (int i = 0; i < k; i++) {
                a[i] *= rowScale;
            }
            scaled.add(new LinearConstraint(a, c.getRelationship(), c.getValue() * rowScale));
        }
        try {
            PointValuePair r = new SimplexSolver(1e-9, 10, 1e-12).optimize(new MaxIter(10_000),
                    new LinearObjectiveFunction(obj, 0), new LinearConstraintSet(scaled), GoalType.MAXIMIZE,
                    new NonNegativeConstraint(false), PivotSelectionRule.BLAND);
            return r.getValue() / objScale;
        } catch (UnboundedSolutionException e) {
            return Double.POSITIVE_INFINITY;
        } catch (NoFeasibleSolutionException e) {
            return 0;
        }
    }

    private static double[][] generator(double[][] p) {
        int k = p.length;
        int n = k + p[0].length;
        double[][] g = new double[k][n];
        for (int i = 0; i < k; i++) {
            g[i][i] = 1;
            System.arraycopy(p[i], 0, g[i], k, n - k);
        }
        return g;
    }

    private static double[] column(double[][] g, int j) {
        double[] c = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            c[i] = g[i][j];
        }
        return c;
    }

    private static double[] scale(double[] v, double s) {
        double[] r = v.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] *= s;
        }
        return r;
    }

    private static List<int[]> combinations(List<Integer> items, int size) {
        List<int[]> out = new ArrayList<>();
        combine(items, size, 0, new int[size], 0, out);
        return out;
    }

    private static void combine(List<Integer> items, int size, int from, int[] cur, int depth, List<int[]> out) {
        if (depth == size) {
            out.add(cur.clone());
            return;
        }
        for (int i = from; i <= items.size() - (size - depth); i++) {
            cur[depth] = items.get(i);
            combine(items, size, i + 1, cur, depth + 1, out);
        }
    }
}

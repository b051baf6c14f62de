package org.mheightlab.augment;

import java.util.SplittableRandom;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.code.Symmetries;
import org.mheightlab.code.UnsupportedCodeException;
import org.mheightlab.data.Dataset;

/**
 * Makes one new labelled sample from sample {@code i} of a pool (and, for interpolations, a partner from the
 * same group). Text forms, for run definitions: {@code noise:S}, {@code smote}, {@code rowsum-interpolation},
 * {@code exact-symmetry}, {@code noise-relabel:S}.
 */
public sealed interface Augmentation {

    /** The text forms, for messages. */
    String FORMS = "use noise:S, noise-relabel:S, smote, rowsum-interpolation or exact-symmetry";

    /** A new sample; {@code partner[0]} receives the pool index of the partner used, or −1. */
    Made make(Dataset pool, int i, int[] sameGroup, SplittableRandom rng, ExactHeightCalculator calc);

    /** The text form. */
    String spec();

    /** Whether the label can differ from the true m-height of the new P (everything but the exact ones). */
    boolean labelMayBeWrong();

    /** A made sample: P, its label, and the partner's pool index (−1 if none). */
    record Made(double[][] p, double height, int partner) {
    }

    /**
     * Gaussian noise on P with standard deviation {@code scale}·max|P|, label kept (Runs 6–7). The noisy code
     * has a different true height, so the label is wrong by an amount that grows with the scale.
     */
    record GaussianNoise(double scale) implements Augmentation {
        public GaussianNoise {
            org.mheightlab.Bounds.check("noise scale", scale, org.mheightlab.Bounds.NOISE_SCALE);
        }

        @Override
        public Made make(Dataset pool, int i, int[] sameGroup, SplittableRandom rng, ExactHeightCalculator calc) {
            return new Made(noisy(pool.p(i), scale, rng), pool.height(i), -1);
        }

        @Override
        public String spec() {
            return "noise:" + scale;
        }

        @Override
        public boolean labelMayBeWrong() {
            return true;
        }
    }

    /** Noise as {@link GaussianNoise}, then the exact engine relabels the new code: never a wrong label. */
    record NoiseRelabel(double scale) implements Augmentation {
        public NoiseRelabel {
            org.mheightlab.Bounds.check("noise scale", scale, org.mheightlab.Bounds.NOISE_SCALE);
        }

        @Override
        public Made make(Dataset pool, int i, int[] sameGroup, SplittableRandom rng, ExactHeightCalculator calc) {
            for (int attempt = 0; attempt < 100; attempt++) {
                double[][] p = noisy(pool.p(i), scale, rng);
                double h;
                try {
                    h = calc.height(p, pool.m(i));
                } catch (UnsupportedCodeException e) {
                    continue; // noise left an entry the engine cannot take (say 1e-13): draw the noise again
                }
                if (Double.isFinite(h)) {
                    return new Made(p, h, -1);
                }
            }
            return new Made(pool.p(i), pool.height(i), -1);
        }

        @Override
        public String spec() {
            return "noise-relabel:" + scale;
        }

        @Override
        public boolean labelMayBeWrong() {
            return false;
        }
    }

    /**
     * SMOTE-style interpolation with a random partner of the same group: P = P_i + λ(P_j − P_i) and
     * log2 h = log2 h_i + λ(log2 h_j − log2 h_i), λ uniform in [0, 1).
     */
    record Smote() implements Augmentation {
        @Override
        public Made make(Dataset pool, int i, int[] sameGroup, SplittableRandom rng, ExactHeightCalculator calc) {
            int j = sameGroup[rng.nextInt(sameGroup.length)];
            double lambda = rng.nextDouble();
            double[][] a = pool.p(i);
            double[][] b = pool.p(j);
            for (int r = 0; r < a.length; r++) {
                for (int c = 0; c < a[r].length; c++) {
                    a[r][c] += lambda * (b[r][c] - a[r][c]);
                }
            }
            double log2h = log2(pool.height(i)) + lambda * (log2(pool.height(j)) - log2(pool.height(i)));
            return new Made(a, Math.pow(2, log2h), j);
        }

        @Override
        public String spec() {
            return "smote";
        }

        @Override
        public boolean labelMayBeWrong() {
            return true;
        }
    }

    /**
     * Domain-aware interpolation: rows of the partner are matched to rows of P_i by rank of their absolute row
     * sums, mixed with weight λ, and each mixed row is rescaled so its absolute row sum is the same mix of the
     * two rows' sums (row sums set the scale of the codewords); the label is the geometric mean
     * h_i^(1−λ)·h_j^λ.
     */
    record RowSumInterpolation() implements Augmentation {
        @Override
        public Made make(Dataset pool, int i, int[] sameGroup, SplittableRandom rng, ExactHeightCalculator calc) {
            int j = sameGroup[rng.nextInt(sameGroup.length)];
            double lambda = rng.nextDouble();
            double[][] a = pool.p(i);
            double[][] b = pool.p(j);
            Integer[] ra = rowsByAbsSum(a);
            Integer[] rb = rowsByAbsSum(b);
            double[][] out = new double[a.length][];
            for (int t = 0; t < a.length; t++) {
                double[] x = a[ra[t]];
                double[] y = b[rb[t]];
                double[] mix = new double[x.length];
                double target = (1 - lambda) * absSum(x) + lambda * absSum(y);
                for (int c = 0; c < x.length; c++) {
                    mix[c] = (1 - lambda) * x[c] + lambda * y[c];
                }
                double got = absSum(mix);
                if (got > 0) {
                    for (int c = 0; c < mix.length; c++) {
                        mix[c] *= target / got;
                    }
                }
                out[ra[t]] = mix;
            }
            double h = Math.pow(pool.height(i), 1 - lambda) * Math.pow(pool.height(j), lambda);
            return new Made(out, h, j);
        }

        private static Integer[] rowsByAbsSum(double[][] p) {
            Integer[] idx = new Integer[p.length];
            for (int r = 0; r < idx.length; r++) {
                idx[r] = r;
            }
            java.util.Arrays.sort(idx, (x, y) -> Double.compare(absSum(p[x]), absSum(p[y])));
            return idx;
        }

        private static double absSum(double[] row) {
            double s = 0;
            for (double v : row) {
                s += Math.abs(v);
            }
            return s;
        }

        @Override
        public String spec() {
            return "rowsum-interpolation";
        }

        @Override
        public boolean labelMayBeWrong() {
            return true;
        }
    }

    /**
     * Exact augmentation: a random permutation of the rows and of the columns of P and random sign flips of
     * each; the m-height is unchanged, so the label stays exact.
     */
    record ExactSymmetry() implements Augmentation {
        @Override
        public Made make(Dataset pool, int i, int[] sameGroup, SplittableRandom rng, ExactHeightCalculator calc) {
            return new Made(Symmetries.random(pool.p(i), rng), pool.height(i), -1);
        }

        @Override
        public String spec() {
            return "exact-symmetry";
        }

        @Override
        public boolean labelMayBeWrong() {
            return false;
        }
    }

    static double[][] noisy(double[][] p, double scale, SplittableRandom rng) {
        double s = 1;
        for (double[] row : p) {
            for (double v : row) {
                s = Math.max(s, Math.abs(v));
            }
        }
        for (double[] row : p) {
            for (int c = 0; c < row.length; c++) {
                row[c] += scale * s * gaussian(rng);
            }
        }
        return p;
    }

    static double gaussian(SplittableRandom rng) {
        double u;
        double v;
        double q;
        do {
            u = rng.nextDouble(-1, 1);
            v = rng.nextDouble(-1, 1);
            q = u * u + v * v;
        } while (q >= 1 || q == 0);
        return u * Math.sqrt(-2 * Math.log(q) / q);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static Augmentation parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        String arg = colon < 0 ? null : t.substring(colon + 1);
        if (arg != null && (name.equals("smote") || name.equals("rowsum-interpolation")
                || name.equals("exact-symmetry"))) {
            // "smote:3" used to drop the 3 silently; a parameter the step does not take is a mistake.
            throw new IllegalArgumentException("augmentation '" + name + "' takes no parameter, got '" + t + "' ("
                    + FORMS + ")");
        }
        try {
            return switch (name) {
                case "noise" -> new GaussianNoise(Double.parseDouble(arg));
                case "noise-relabel" -> new NoiseRelabel(Double.parseDouble(arg));
                case "smote" -> new Smote();
                case "rowsum-interpolation" -> new RowSumInterpolation();
                case "exact-symmetry" -> new ExactSymmetry();
                default -> throw new IllegalArgumentException("unknown augmentation '" + name + "' (" + FORMS + ")");
            };
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("augmentation '" + t + "' needs a numeric scale, e.g. noise:0.01 ("
                    + FORMS + ")");
        }
    }
}

package org.mheightlab.data.gen;

import java.util.SplittableRandom;

/**
 * How the entries of P are drawn. Text forms (for the CLI and provenance): {@code course}, {@code course-mix},
 * {@code uniform-int:R}, {@code uniform-real:R}, {@code gaussian:S}, and a mixture of them,
 * {@code mix:0.6*course-mix+0.2*gaussian:1+0.2*uniform-int:1000} (each code from one component, drawn with
 * the given weights).
 */
public sealed interface EntryDistribution {

    /** Fills a k×cols matrix. */
    double[][] sample(SplittableRandom rng, int k, int cols);

    /** The text form, which {@link #parse} reads back. */
    String spec();

    /** The ranges the course data uses: one r per sample, entries uniform integers in [−r, r]. */
    int[] COURSE_RANGES = {4, 8, 16, 32, 50, 64, 100};

    /** Per sample a range r from {@link #COURSE_RANGES}, entries uniform integers in [−r, r] (like DS-1). */
    record Course() implements EntryDistribution {
        @Override
        public double[][] sample(SplittableRandom rng, int k, int cols) {
            int r = COURSE_RANGES[rng.nextInt(COURSE_RANGES.length)];
            return new UniformInt(r).sample(rng, k, cols);
        }

        @Override
        public String spec() {
            return "course";
        }
    }

    /**
     * A mixture matched to the course data DS-1 (docs/course-mix.md; every share below is printed by
     * {@code mheight describe ../shared/data/course/DS-1-samples_n_k_m_P.pkl}, in percent of samples, per k).
     * Per sample:
     * <ol>
     *   <li>a family, with DS-1's share for this k ({@link #FAMILY_SHARES}): near-constant, near-low-rank, or
     *       generic (the rest; DS-1's 0.02 % of degenerate matrices — zero or proportional rows/columns, whose
     *       heights are infinite for some m — are left out);</li>
     *   <li>a range r from {@link MatrixFamilies#FINE_RANGES} with DS-1's share of samples whose max|P| falls in
     *       that fine bin for this k ({@link #RANGE_SHARES});</li>
     *   <li>the matrix, redrawn until {@link MatrixFamilies#classify} gives the family:
     *     <ul>
     *       <li>generic: entries uniform integers in [−r, r];</li>
     *       <li>near-low-rank: round(r·M/max|M| + e·U), clamped to [−r, r], where M = AB is a real rank
     *           min(k, n−k)−1 product of uniform [−1, 1] factors, U uniform [−1, 1] noise, and
     *           e = max(0.5, r·10^u) with u uniform in [−3, −1.3] (if 1,000 draws in a row fail, r moves up one
     *           fine range: small shapes such as 2×7 in [−4, 4] round to exactly proportional rows);</li>
     *       <li>near-constant (r ignored): ±(c − w_ij) with c uniform integer in [86, 100], w_ij uniform in
     *           [0, 2], and signs s_i·t_j (all + with probability 1/2, else random row and column signs).</li>
     *     </ul></li>
     * </ol>
     * A k outside 4..6 uses the shares of all of DS-1; where min(k, n−k) = 1 no matrix is near-low-rank and that
     * share goes to generic. Integer entries within [−100, 100]; deterministic for a given random stream.
     */
    record CourseMix() implements EntryDistribution {

        /** Rows: k = 4, 5, 6, all of DS-1; columns: near-constant, near-low-rank (percent of samples). */
        static final double[][] FAMILY_SHARES = {
            {0.39, 12.73},
            {0.03, 8.47},
            {0.01, 0.66},
            {0.12, 6.25},
        };

        /** Rows as {@link #FAMILY_SHARES}; columns: {@link MatrixFamilies#FINE_RANGES} (percent of samples). */
        static final double[][] RANGE_SHARES = {
            {1.30, 1.46, 1.08, 3.19, 1.39, 15.59, 1.43, 7.28, 4.66, 9.48, 5.96, 3.11, 44.07},
            {0.53, 0.71, 0.55, 6.68, 0.50, 11.50, 0.88, 8.55, 7.14, 13.45, 8.86, 5.48, 35.16},
            {0.14, 0.11, 0.18, 8.29, 0.19, 18.10, 0.19, 11.31, 2.69, 22.09, 10.56, 4.54, 21.60},
            {0.58, 0.66, 0.54, 6.39, 0.62, 15.56, 0.74, 9.40, 4.48, 16.12, 8.78, 4.39, 31.74},
        };

        /** Redraws of one family before giving up (never reached for n = 9; a guard against a loop). */
        private static final int MAX_TRIES = 100_000;
        /** Failed draws after which the range moves up one fine range. */
        private static final int ESCALATE = 1_000;

        static int row(int k) {
            return k >= 4 && k <= 6 ? k - 4 : 3;
        }

        @Override
        public double[][] sample(SplittableRandom rng, int k, int cols) {
            int row = row(k);
            double[] fam = FAMILY_SHARES[row];
            boolean lowRankPossible = Math.min(k, cols) >= 2;
            double u = rng.nextDouble(100.0);
            MatrixFamilies.Family family = u < fam[0] ? MatrixFamilies.Family.NEAR_CONSTANT
                    : u < fam[0] + fam[1] && lowRankPossible ? MatrixFamilies.Family.NEAR_LOW_RANK
                    : MatrixFamilies.Family.GENERIC;
            int r = drawRange(rng, RANGE_SHARES[row]);
            for (int t = 0; t < MAX_TRIES; t++) {
                if (t > 0 && t % ESCALATE == 0 && r < MatrixFamilies.FINE_RANGES[MatrixFamilies.FINE_RANGES.length - 1]) {
                    // A family that a small range can hardly give in this shape (a rank-1 2×7 in [−4, 4] with
                    // noise is nearly always exactly proportional): the next range up.
                    r = MatrixFamilies.bin(r + 1, MatrixFamilies.FINE_RANGES);
                }
                double[][] p = switch (family) {
                    case NEAR_CONSTANT -> nearConstant(rng, k, cols);
                    case NEAR_LOW_RANK -> nearLowRank(rng, k, cols, r);
                    default -> new UniformInt(r).sample(rng, k, cols);
                };
                if (MatrixFamilies.classify(p) == family) {
                    return p;
                }
            }
            throw new IllegalStateException("course-mix drew no " + family.label() + " " + k + "×" + cols
                    + " matrix with range " + r + " in " + MAX_TRIES + " tries");
        }

        private static int drawRange(SplittableRandom rng, double[] shares) {
            double total = 0;
            for (double s : shares) {
                total += s;
            }
            double u = rng.nextDouble(total);
            for (int i = 0; i < shares.length - 1; i++) {
                u -= shares[i];
                if (u < 0) {
                    return MatrixFamilies.FINE_RANGES[i];
                }
            }
            return MatrixFamilies.FINE_RANGES[shares.length - 1];
        }

        private static double[][] nearConstant(SplittableRandom rng, int k, int cols) {
            int c = rng.nextInt(86, 101);
            boolean allPlus = rng.nextBoolean();
            double[] s = new double[k];
            double[] t = new double[cols];
            for (int i = 0; i < k; i++) {
                s[i] = allPlus || rng.nextBoolean() ? 1 : -1;
            }
            for (int j = 0; j < cols; j++) {
                t[j] = allPlus || rng.nextBoolean() ? 1 : -1;
            }
            double[][] p = new double[k][cols];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < cols; j++) {
                    p[i][j] = s[i] * t[j] * (c - rng.nextInt(0, 3));
                }
            }
            return p;
        }

        private static double[][] nearLowRank(SplittableRandom rng, int k, int cols, int r) {
            int rank = Math.min(k, cols) - 1;
            double[][] a = new double[k][rank];
            double[][] b = new double[rank][cols];
            for (double[] x : a) {
                for (int j = 0; j < rank; j++) {
                    x[j] = rng.nextDouble(-1.0, 1.0);
                }
            }
            for (double[] x : b) {
                for (int j = 0; j < cols; j++) {
                    x[j] = rng.nextDouble(-1.0, 1.0);
                }
            }
            double[][] m = new double[k][cols];
            double max = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = 0;
                    for (int q = 0; q < rank; q++) {
                        v += a[i][q] * b[q][j];
                    }
                    m[i][j] = v;
                    max = Math.max(max, Math.abs(v));
                }
            }
            double e = Math.max(0.5, r * Math.pow(10, rng.nextDouble(-3.0, -1.3)));
            double[][] p = new double[k][cols];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = Math.rint(r * m[i][j] / max + e * rng.nextDouble(-1.0, 1.0));
                    p[i][j] = Math.max(-r, Math.min(r, v)) + 0.0;
                }
            }
            return p;
        }

        @Override
        public String spec() {
            return "course-mix";
        }
    }

    /** Entries uniform integers in [−r, r]. */
    record UniformInt(int range) implements EntryDistribution {
        public UniformInt {
            if (range < 1) {
                throw new IllegalArgumentException("uniform-int range must be ≥ 1, got " + range);
            }
        }

        @Override
        public double[][] sample(SplittableRandom rng, int k, int cols) {
            double[][] p = new double[k][cols];
            for (double[] row : p) {
                for (int c = 0; c < cols; c++) {
                    row[c] = rng.nextInt(-range, range + 1);
                }
            }
            return p;
        }

        @Override
        public String spec() {
            return "uniform-int:" + range;
        }
    }

    /** Entries uniform reals in [−r, r). */
    record UniformReal(double range) implements EntryDistribution {
        public UniformReal {
            if (!(range > 0) || !Double.isFinite(range)) {
                throw new IllegalArgumentException("uniform-real range must be positive, got " + range);
            }
        }

        @Override
        public double[][] sample(SplittableRandom rng, int k, int cols) {
            double[][] p = new double[k][cols];
            for (double[] row : p) {
                for (int c = 0; c < cols; c++) {
                    row[c] = rng.nextDouble(-range, range);
                }
            }
            return p;
        }

        @Override
        public String spec() {
            return "uniform-real:" + range;
        }
    }

    /** Entries normal with mean 0 and standard deviation s. */
    record Gaussian(double sigma) implements EntryDistribution {
        public Gaussian {
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("gaussian sigma must be positive, got " + sigma);
            }
        }

        @Override
        public double[][] sample(SplittableRandom rng, int k, int cols) {
            double[][] p = new double[k][cols];
            for (double[] row : p) {
                for (int c = 0; c < cols; c++) {
                    row[c] = sigma * gaussian(rng);
                }
            }
            return p;
        }

        /** Marsaglia's polar method: SplittableRandom has no nextGaussian in Java 17. */
        private static double gaussian(SplittableRandom rng) {
            double u;
            double v;
            double s;
            do {
                u = rng.nextDouble(-1.0, 1.0);
                v = rng.nextDouble(-1.0, 1.0);
                s = u * u + v * v;
            } while (s >= 1.0 || s == 0.0);
            return u * Math.sqrt(-2.0 * Math.log(s) / s);
        }

        @Override
        public String spec() {
            return "gaussian:" + sigma;
        }
    }

    /**
     * Per code one component, drawn with probability proportional to its weight, then its entries from that
     * component: a training mix that covers several distributions in known shares.
     */
    record Mixture(java.util.List<Double> weights, java.util.List<EntryDistribution> components)
            implements EntryDistribution {
        public Mixture {
            weights = java.util.List.copyOf(weights);
            components = java.util.List.copyOf(components);
            if (weights.size() != components.size() || weights.isEmpty()) {
                throw new IllegalArgumentException("a mixture needs one weight per component");
            }
            for (double w : weights) {
                if (!(w > 0) || !Double.isFinite(w)) {
                    throw new IllegalArgumentException("mixture weights must be finite numbers > 0, got " + w);
                }
            }
            for (EntryDistribution c : components) {
                if (c instanceof Mixture) {
                    throw new IllegalArgumentException("a mixture cannot contain a mixture");
                }
            }
        }

        @Override
        public double[][] sample(SplittableRandom rng, int k, int cols) {
            double total = weights.stream().mapToDouble(Double::doubleValue).sum();
            double u = rng.nextDouble() * total;
            int i = 0;
            while (i < weights.size() - 1 && u >= weights.get(i)) {
                u -= weights.get(i);
                i++;
            }
            return components.get(i).sample(rng, k, cols);
        }

        @Override
        public String spec() {
            java.util.List<String> parts = new java.util.ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                parts.add(weights.get(i) + "*" + components.get(i).spec());
            }
            return "mix:" + String.join("+", parts);
        }
    }

    /** The text forms, for messages. */
    String FORMS = "use course, course-mix, uniform-int:R, uniform-real:R, gaussian:S or mix:W*FORM+W*FORM...";

    static EntryDistribution parse(String text) {
        String t = text.trim();
        if (t.startsWith("mix:")) {
            java.util.List<Double> weights = new java.util.ArrayList<>();
            java.util.List<EntryDistribution> components = new java.util.ArrayList<>();
            for (String part : t.substring(4).split("\\+")) {
                int star = part.indexOf('*');
                if (star < 0) {
                    throw new IllegalArgumentException("mixture component '" + part.trim() + "' needs a weight, as "
                            + "in 0.2*gaussian:1 (" + FORMS + ")");
                }
                try {
                    weights.add(Double.parseDouble(part.substring(0, star).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad weight in mixture component '" + part.trim() + "' ("
                            + FORMS + ")");
                }
                components.add(parse(part.substring(star + 1)));
            }
            try {
                return new Mixture(weights, components);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (" + FORMS + ")");
            }
        }
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        String arg = colon < 0 ? null : t.substring(colon + 1);
        try {
            return switch (name) {
                case "course" -> {
                    if (arg != null) {
                        throw new IllegalArgumentException("'course' takes no parameter");
                    }
                    yield new Course();
                }
                case "course-mix" -> {
                    if (arg != null) {
                        throw new IllegalArgumentException("'course-mix' takes no parameter");
                    }
                    yield new CourseMix();
                }
                case "uniform-int" -> new UniformInt(Integer.parseInt(require(arg, t)));
                case "uniform-real" -> new UniformReal(Double.parseDouble(require(arg, t)));
                case "gaussian" -> new Gaussian(Double.parseDouble(require(arg, t)));
                default -> throw new IllegalArgumentException("unknown distribution '" + name + "'");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad parameter in distribution '" + t + "'");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    + " (" + FORMS + ")");
        }
    }

    private static String require(String arg, String text) {
        if (arg == null || arg.isBlank()) {
            throw new IllegalArgumentException("distribution '" + text + "' needs a parameter");
        }
        return arg;
    }
}

package org.mheightlab.data.gen;

import java.util.SplittableRandom;

/**
 * How the entries of P are drawn. Text forms (for the CLI and provenance): {@code course},
 * {@code uniform-int:R}, {@code uniform-real:R}, {@code gaussian:S}.
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

    /** The text forms, for messages. */
    String FORMS = "use course, uniform-int:R, uniform-real:R or gaussian:S";

    static EntryDistribution parse(String text) {
        String t = text.trim();
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
                case "uniform-int" -> new UniformInt(Integer.parseInt(require(arg, t)));
                case "uniform-real" -> new UniformReal(Double.parseDouble(require(arg, t)));
                case "gaussian" -> new Gaussian(Double.parseDouble(require(arg, t)));
                default -> throw new IllegalArgumentException("unknown distribution '" + name + "'");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad parameter in distribution '" + t + "'");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    + " (use course, uniform-int:R, uniform-real:R or gaussian:S)");
        }
    }

    private static String require(String arg, String text) {
        if (arg == null || arg.isBlank()) {
            throw new IllegalArgumentException("distribution '" + text + "' needs a parameter");
        }
        return arg;
    }
}

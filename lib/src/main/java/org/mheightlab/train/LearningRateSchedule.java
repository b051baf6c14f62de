package org.mheightlab.train;

/**
 * How the learning rate moves from epoch to epoch. Text forms for run definitions:
 * {@code constant}, {@code cosine-restarts:T0:MULT:MIN}, {@code exponential:GAMMA},
 * {@code plateau:PATIENCE:FACTOR:MIN}. A run definition holds the parsed value ({@code training.schedule}); a
 * schedule may be stateful (plateau counts epochs), so each training starts its own with {@link #fresh}.
 */
public interface LearningRateSchedule {

    /** The rate for {@code epoch} (0-based), given the base rate and the previous epoch's validation loss. */
    double rate(int epoch, double base, double previousValidationLoss);

    /** The text form, which {@link #parse} reads back. */
    String spec();

    /**
     * A schedule in its starting state, for one training (a plateau schedule counts epochs, so the copy a run
     * definition holds is never stepped itself).
     */
    default LearningRateSchedule fresh() {
        return this; // stateless: the setting steps itself
    }

    /** The text forms, for messages. */
    String FORMS = "use constant, cosine-restarts:T0:MULT:MIN, exponential:GAMMA or plateau:PATIENCE:FACTOR:MIN, "
            + "or two of them joined by + (both at once, e.g. exponential:0.95+plateau:15:0.7:1e-6)";

    static LearningRateSchedule parse(String text) {
        if (text.contains("+")) {
            String[] parts = text.split("\\+", -1);
            java.util.List<LearningRateSchedule> each = new java.util.ArrayList<>();
            for (String part : parts) {
                if (part.isBlank()) {
                    throw new IllegalArgumentException("bad schedule '" + text + "': an empty part around '+' ("
                            + FORMS + ")");
                }
                each.add(parse(part));
            }
            return new Combined(each);
        }
        String[] f = text.trim().split(":", -1);
        int expected = switch (f[0]) {
            case "constant" -> 1;
            case "exponential" -> 2;
            case "cosine-restarts", "plateau" -> 4;
            default -> throw new IllegalArgumentException("unknown schedule '" + f[0] + "' (" + FORMS + ")");
        };
        if (f.length != expected) {
            // "exponential:0.9:5" used to drop the 5 silently; "constant:0.5" the 0.5.
            throw new IllegalArgumentException("bad schedule '" + text + "': " + f[0] + " takes " + (expected - 1)
                    + " parameter(s) (" + FORMS + ")");
        }
        try {
            return switch (f[0]) {
                case "constant" -> new Constant();
                case "cosine-restarts" -> new CosineRestarts(Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        Double.parseDouble(f[3]));
                case "exponential" -> new Exponential(Double.parseDouble(f[1]));
                case "plateau" -> new Plateau(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
                default -> throw new IllegalArgumentException("unknown schedule '" + f[0] + "'");
            };
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("bad schedule '" + text + "': " + FORMS);
        }
    }

    record Constant() implements LearningRateSchedule {
        @Override
        public double rate(int epoch, double base, double previousValidationLoss) {
            return base;
        }

        @Override
        public String spec() {
            return "constant";
        }
    }

    /** Cosine annealing with warm restarts (SGDR): periods T0, T0·mult, T0·mult², … down to {@code min}. */
    record CosineRestarts(int t0, int mult, double min) implements LearningRateSchedule {
        public CosineRestarts {
            org.mheightlab.Bounds.check("cosine-restarts T0", t0, org.mheightlab.Bounds.SCHEDULE_PERIOD);
            org.mheightlab.Bounds.check("cosine-restarts MULT", mult, org.mheightlab.Bounds.SCHEDULE_MULT);
            org.mheightlab.Bounds.check("cosine-restarts MIN", min, org.mheightlab.Bounds.SCHEDULE_MIN);
        }

        @Override
        public double rate(int epoch, double base, double previousValidationLoss) {
            int period = t0;
            int e = epoch;
            while (e >= period) {
                e -= period;
                period *= mult;
            }
            return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * e / period));
        }

        @Override
        public String spec() {
            return "cosine-restarts:" + t0 + ":" + mult + ":" + min;
        }
    }

    /** base·gamma^epoch. */
    record Exponential(double gamma) implements LearningRateSchedule {
        public Exponential {
            org.mheightlab.Bounds.check("exponential GAMMA", gamma, new org.mheightlab.Bounds.Range(0, true, 1, false));
        }

        @Override
        public double rate(int epoch, double base, double previousValidationLoss) {
            return base * Math.pow(gamma, epoch);
        }

        @Override
        public String spec() {
            return "exponential:" + gamma;
        }
    }

    /**
     * ReduceLROnPlateau: multiply by {@code factor} after {@code patience} epochs without a new best. The record is
     * the setting; {@link #fresh} gives the stepping schedule of one training, which counts the epochs.
     */
    record Plateau(int patience, double factor, double min) implements LearningRateSchedule {
        public Plateau {
            org.mheightlab.Bounds.check("plateau PATIENCE", patience, org.mheightlab.Bounds.PATIENCE);
            org.mheightlab.Bounds.check("plateau FACTOR", factor, new org.mheightlab.Bounds.Range(0, true, 1, true));
            org.mheightlab.Bounds.check("plateau MIN", min, org.mheightlab.Bounds.SCHEDULE_MIN);
        }

        @Override
        public double rate(int epoch, double base, double previousValidationLoss) {
            throw new IllegalStateException("a plateau schedule counts epochs: step the copy fresh() returns");
        }

        @Override
        public LearningRateSchedule fresh() {
            return new Stepping(this);
        }

        @Override
        public String spec() {
            return "plateau:" + patience + ":" + factor + ":" + min;
        }

        private static final class Stepping implements LearningRateSchedule {
            private final Plateau setting;
            private double best = Double.POSITIVE_INFINITY;
            private int waited;
            private double scale = 1.0;

            Stepping(Plateau setting) {
                this.setting = setting;
            }

            @Override
            public double rate(int epoch, double base, double previousValidationLoss) {
                if (epoch > 0 && !Double.isNaN(previousValidationLoss)) {
                    if (previousValidationLoss < best - 1e-12) {
                        best = previousValidationLoss;
                        waited = 0;
                    } else if (++waited > setting.patience()) {
                        scale *= setting.factor();
                        waited = 0;
                    }
                }
                return Math.max(setting.min(), base * scale);
            }

            @Override
            public LearningRateSchedule fresh() {
                return new Stepping(setting);
            }

            @Override
            public String spec() {
                return setting.spec();
            }
        }
    }

    /**
     * Several schedules at once, as Keras applies a per-epoch decay and ReduceLROnPlateau together (Runs 4 and 7 of
     * the write-ups): each scales the rate by its own factor, rate = base · Π (rate_i / base); a plateau part's
     * floor (MIN) bounds its own factor, as Keras's min_lr does.
     */
    record Combined(java.util.List<LearningRateSchedule> parts) implements LearningRateSchedule {
        public Combined {
            parts = java.util.List.copyOf(parts);
            if (parts.size() < 2) {
                throw new IllegalArgumentException("a combined schedule joins at least two schedules");
            }
            for (LearningRateSchedule p : parts) {
                if (p instanceof Combined) {
                    throw new IllegalArgumentException("a combined schedule joins plain schedules");
                }
            }
        }

        @Override
        public double rate(int epoch, double base, double previousValidationLoss) {
            double rate = base;
            for (LearningRateSchedule p : parts) {
                rate *= p.rate(epoch, base, previousValidationLoss) / base;
            }
            return rate;
        }

        @Override
        public LearningRateSchedule fresh() {
            return new Combined(parts.stream().map(LearningRateSchedule::fresh).toList());
        }

        @Override
        public String spec() {
            return String.join("+", parts.stream().map(LearningRateSchedule::spec).toList());
        }
    }
}

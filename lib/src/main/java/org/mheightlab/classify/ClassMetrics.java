package org.mheightlab.classify;

/**
 * Binary classification metrics of one pass, class 1 being the positive (minority) class. Precision, recall and
 * F1 are 0 where their denominator is 0, as scikit-learn reports them with {@code zero_division=0}.
 */
public record ClassMetrics(double loss, int truePositives, int falsePositives, int trueNegatives,
                           int falseNegatives) {

    public static ClassMetrics of(int[] truth, int[] predicted, double loss) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth and predictions differ in length");
        }
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == 1) {
                if (truth[i] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (truth[i] == 1) {
                fn++;
            } else {
                tn++;
            }
        }
        return new ClassMetrics(loss, tp, fp, tn, fn);
    }

    public int total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public double accuracy() {
        return total() == 0 ? 0 : (double) (truePositives + trueNegatives) / total();
    }

    public double precision() {
        int d = truePositives + falsePositives;
        return d == 0 ? 0 : (double) truePositives / d;
    }

    public double recall() {
        int d = truePositives + falseNegatives;
        return d == 0 ? 0 : (double) truePositives / d;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The class every sample was predicted as, or -1 when both classes were predicted. */
    public int singleClass() {
        int positives = truePositives + falsePositives;
        if (total() == 0) {
            return -1;
        }
        return positives == 0 ? 0 : positives == total() ? 1 : -1;
    }
}

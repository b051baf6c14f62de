package org.mheightlab.run;

import java.nio.file.Path;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.data.Group;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.model.FeatureEncoder;

/**
 * Reads the labelled datasets that training and evaluation use and refuses, naming the file, sample and field,
 * what they cannot use. Checked here, right after reading, because the later steps (limit, split, augment)
 * build new datasets that no longer know their file: a missing height found there read "&lt;input&gt;: sample 0,
 * field 'height'", and a sample the features cannot encode named no file at all.
 */
public final class LabelledData {

    private LabelledData() {
    }

    /** Training and its test split: every height present and finite (log2 ∞ makes the loss NaN). */
    public static Dataset forTraining(Path file, FeatureEncoder features) {
        Dataset d = labelled(file, features, "training needs labelled data");
        for (int i = 0; i < d.size(); i++) {
            if (Double.isInfinite(d.height(i))) {
                throw new DatasetFormatException(file, i, "height", "is infinite; training and its test scores need "
                        + "finite labels (mheight evaluate scores data with infinite labels, counting them apart)");
            }
        }
        return d;
    }

    /** Evaluation: every height present; infinite heights are allowed (the caller counts them apart). */
    public static Dataset forEvaluation(Path file, FeatureEncoder features) {
        return labelled(file, features, "evaluate needs labelled data (use mheight predict for inputs without heights)");
    }

    /** Prediction: the inputs only (heights, if any, are ignored), every sample one the model can encode. */
    public static Dataset forPrediction(Path file, FeatureEncoder features) {
        Dataset d = DatasetFiles.readInputs(file);
        if (d.size() == 0) {
            throw DatasetFormatException.ofFile(file, "holds no samples", null);
        }
        checkEncodable(file, d, features);
        return d;
    }

    private static Dataset labelled(Path file, FeatureEncoder features, String why) {
        Dataset d = DatasetFiles.read(file);
        if (!d.isLabelled()) {
            throw DatasetFormatException.ofFile(file, "has no heights (an unlabelled dataset); " + why, null);
        }
        if (d.size() == 0) {
            throw DatasetFormatException.ofFile(file, "holds no samples", null);
        }
        checkEncodable(file, d, features);
        return d;
    }

    /**
     * Every sample is an n = 9 code whose k and m the features cover. n is checked first: an n = 10, k = 5
     * sample fits the 6×5 padding and would otherwise be predicted, silently, by a model that never saw n = 10.
     */
    private static void checkEncodable(Path file, Dataset d, FeatureEncoder features) {
        for (int i = 0; i < d.size(); i++) {
            if (d.n(i) != Group.TASK_N) {
                throw new DatasetFormatException(file, i, "n", "is " + d.n(i) + ", but the models of this project are "
                        + "trained on n = " + Group.TASK_N + " codes");
            }
            int k = d.k(i);
            String field = k > features.maxK() || d.n(i) - k > features.maxCols() ? "k" : d.m(i) > features.maxM() ? "m"
                    : null;
            if (field != null) {
                throw new DatasetFormatException(file, i, field, "(n=" + d.n(i) + ", k=" + k + ", m=" + d.m(i)
                        + ") does not fit the model's features (k ≤ " + features.maxK() + ", n−k ≤ "
                        + features.maxCols() + ", m ≤ " + features.maxM() + ")");
            }
        }
    }
}

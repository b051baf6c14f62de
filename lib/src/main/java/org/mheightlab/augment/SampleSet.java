package org.mheightlab.augment;

import java.util.Arrays;
import org.mheightlab.data.Dataset;

/**
 * Training or validation samples with their lineage: for each sample the index of the original sample of the
 * base dataset it was made from ({@code origin}) and, for interpolations, of the second original
 * ({@code partner}, −1 if none). Originals have origin = their own base index. The lineage is what lets the
 * leakage guard see a validation sample that shares an original with the training set.
 */
public record SampleSet(Dataset data, int[] origin, int[] partner) {

    public SampleSet {
        if (origin.length != data.size() || partner.length != data.size()) {
            throw new IllegalArgumentException("lineage arrays must match the dataset size " + data.size());
        }
        origin = origin.clone();
        partner = partner.clone();
    }

    /** The samples of {@code base} at {@code indices}, as originals. */
    public static SampleSet originals(Dataset base, int[] indices) {
        int[] none = new int[indices.length];
        Arrays.fill(none, -1);
        return new SampleSet(base.subset(indices), indices, none);
    }

    public int size() {
        return data.size();
    }

    public int origin(int i) {
        return origin[i];
    }

    public int partner(int i) {
        return partner[i];
    }

    @Override
    public int[] origin() {
        return origin.clone();
    }

    @Override
    public int[] partner() {
        return partner.clone();
    }
}

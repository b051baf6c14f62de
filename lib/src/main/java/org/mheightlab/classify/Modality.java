package org.mheightlab.classify;

import java.util.Arrays;

/**
 * One input modality: per sample, {@code tokens} vectors of width {@code width}, row-major in {@code values}
 * (sample, token, feature). A modality stored as (N, d) is one token of width d; (N, T, d) is T tokens.
 */
public record Modality(String name, int tokens, int width, float[] values) {

    public Modality {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a modality needs a name");
        }
        if (tokens < 1 || width < 1 || values.length % (tokens * width) != 0) {
            throw new IllegalArgumentException("modality '" + name + "': " + values.length + " values do not make "
                    + "samples of " + tokens + " x " + width);
        }
    }

    public int size() {
        return values.length / (tokens * width);
    }

    public int perSample() {
        return tokens * width;
    }

    /** The rows {@code indices}, in that order. */
    public Modality select(int[] indices) {
        int per = perSample();
        float[] out = new float[indices.length * per];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * per, out, i * per, per);
        }
        return new Modality(name, tokens, width, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Modality m && m.name.equals(name) && m.tokens == tokens && m.width == width
                && Arrays.equals(m.values, values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return name + "(" + size() + " x " + tokens + " x " + width + ")";
    }
}

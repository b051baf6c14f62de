package org.mheightlab.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mheightlab.data.DatasetFormatException;

/**
 * A binary classification dataset with several input modalities: labels in {0, 1}, an optional auxiliary
 * regression target per sample (for the auxiliary head), and an optional split column
 * ({@link #TRAIN}, {@link #VALIDATION}, {@link #TEST}).
 */
public final class MultimodalDataset {

    public static final int TRAIN = 0;
    public static final int VALIDATION = 1;
    public static final int TEST = 2;

    private final List<Modality> modalities;
    private final int[] labels;
    private final float[] aux;
    private final int[] split;
    /** The file it was read from (null for one built in memory): refusals of its content name it. */
    private final Path source;

    public MultimodalDataset(List<Modality> modalities, int[] labels, float[] aux, int[] split) {
        this(modalities, labels, aux, split, null);
    }

    /** As the 4-argument constructor, remembering the file the data came from. */
    public MultimodalDataset(List<Modality> modalities, int[] labels, float[] aux, int[] split, Path source) {
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one modality");
        }
        for (Modality m : modalities) {
            if (m.size() != labels.length) {
                throw new IllegalArgumentException("modality '" + m.name() + "' has " + m.size() + " samples, labels "
                        + labels.length);
            }
        }
        if (aux != null && aux.length != labels.length) {
            throw new IllegalArgumentException("aux has " + aux.length + " values, labels " + labels.length);
        }
        if (split != null && split.length != labels.length) {
            throw new IllegalArgumentException("split has " + split.length + " values, labels " + labels.length);
        }
        this.modalities = List.copyOf(modalities);
        this.labels = labels.clone();
        this.aux = aux == null ? null : aux.clone();
        this.split = split == null ? null : split.clone();
        this.source = source;
    }

    /** The file this dataset (or the dataset it was selected from) was read from; null when built in memory. */
    public Path source() {
        return source;
    }

    /**
     * The refusal of this dataset's content for {@code problem}: naming its file when it came from one (so a user
     * with several .npz files knows which to fix), a plain IllegalArgumentException otherwise.
     */
    public RuntimeException problem(String problem) {
        return source == null ? new IllegalArgumentException(problem)
                : DatasetFormatException.ofFile(source, problem, null);
    }

    public int size() {
        return labels.length;
    }

    public List<Modality> modalities() {
        return modalities;
    }

    public int label(int i) {
        return labels[i];
    }

    public int[] labels() {
        return labels.clone();
    }

    public boolean hasAux() {
        return aux != null;
    }

    public float aux(int i) {
        return aux[i];
    }

    public boolean hasSplit() {
        return split != null;
    }

    public int[] split() {
        return split == null ? null : split.clone();
    }

    /** Samples with label 1. */
    public int positives() {
        int p = 0;
        for (int l : labels) {
            p += l;
        }
        return p;
    }

    /** The samples {@code indices}, in that order (the split column is dropped). */
    public MultimodalDataset select(int[] indices) {
        List<Modality> ms = new ArrayList<>();
        for (Modality m : modalities) {
            ms.add(m.select(indices));
        }
        int[] l = new int[indices.length];
        float[] a = aux == null ? null : new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            l[i] = labels[indices[i]];
            if (a != null) {
                a[i] = aux[indices[i]];
            }
        }
        return new MultimodalDataset(ms, l, a, null, source);
    }

    /** The samples whose split column equals {@code which}. */
    public MultimodalDataset part(int which) {
        if (split == null) {
            throw new IllegalStateException("this dataset has no split column");
        }
        return select(java.util.stream.IntStream.range(0, size()).filter(i -> split[i] == which).toArray());
    }

    /** Token shapes of the modalities, e.g. "rows 6x5, group 1x9". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Modality m : modalities) {
            b.append(b.length() == 0 ? "" : ", ").append(m.name()).append(' ').append(m.tokens()).append('x')
                    .append(m.width());
        }
        return size() + " samples (" + positives() + " positive), modalities " + b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultimodalDataset d && d.modalities.equals(modalities) && Arrays.equals(d.labels, labels)
                && Arrays.equals(d.aux, aux) && Arrays.equals(d.split, split);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels);
    }
}

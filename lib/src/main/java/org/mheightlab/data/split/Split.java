package org.mheightlab.data.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.mheightlab.code.Permutations;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;

/**
 * A train/validation split of a dataset's indices, stratified by (k,m) group so every group keeps its share in
 * both parts. Made before any augmentation: augmented copies then inherit the side of their origin.
 */
public record Split(int[] train, int[] validation) {

    public Split {
        train = train.clone();
        validation = validation.clone();
    }

    /** Per group, a seeded shuffle; the first round(fraction·size) indices (at least one) go to validation. */
    public static Split stratified(Dataset data, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (Group g : data.groups()) {
            int[] idx = data.indices(g);
            shuffle(idx, rng.split());
            int nVal = idx.length < 2 ? 0 : Math.max(1, (int) Math.round(validationFraction * idx.length));
            for (int j = 0; j < idx.length; j++) {
                (j < nVal ? val : train).add(idx[j]);
            }
        }
        int[] t = train.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] v = val.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Split(t, v);
    }

    /**
     * A split by code: rows that share a key (all m of one P, its exact duplicates and its symmetric copies)
     * go to the same side. Per stratum (k, say), the distinct keys in order of first appearance are shuffled
     * with the seed and the first round(fraction·keys) of them (at least one when there are two or more) take
     * all their rows to validation.
     */
    public static Split byKey(String[] keys, int[] stratum, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        java.util.Map<Integer, java.util.LinkedHashMap<String, List<Integer>>> byStratum = new java.util.TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            byStratum.computeIfAbsent(stratum[i], s -> new java.util.LinkedHashMap<>())
                    .computeIfAbsent(keys[i], key -> new ArrayList<>()).add(i);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (java.util.LinkedHashMap<String, List<Integer>> groups : byStratum.values()) {
            List<List<Integer>> codes = new ArrayList<>(groups.values());
            int[] order = new int[codes.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            shuffle(order, rng.split());
            int nVal = order.length < 2 ? 0 : Math.max(1, (int) Math.round(validationFraction * order.length));
            for (int j = 0; j < order.length; j++) {
                (j < nVal ? val : train).addAll(codes.get(order[j]));
            }
        }
        int[] t = train.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] v = val.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Split(t, v);
    }

    /** The project's one seeded shuffle, {@link Permutations#shuffle}. */
    public static void shuffle(int[] a, SplittableRandom rng) {
        Permutations.shuffle(a, rng);
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }

    @Override
    public String toString() {
        return "Split[train=" + train.length + ", validation=" + validation.length + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && Arrays.equals(s.train, train) && Arrays.equals(s.validation, validation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(validation);
    }
}

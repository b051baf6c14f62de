package org.mheightlab.augment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mheightlab.code.Symmetries;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.ProfileSet;

/**
 * Refuses a validation set that shares a sample with the training set: the same original (through
 * augmentation lineage: a noisy or interpolated copy of a validation original in training, which is what
 * augment-then-split does), or a sample equal to a training one up to row/column permutations and sign flips.
 * Run 6 reported a validation log2-MSE of 0.181 that came from exactly this leak.
 */
public final class LeakageGuard {

    /** The validation set leaks training data. */
    public static final class LeakageException extends IllegalArgumentException {
        LeakageException(String message) {
            super(message);
        }
    }

    /** What the guard found; empty lists mean no leak. */
    public record Findings(List<String> sharedOrigins, List<String> transformDuplicates, int leakingSamples) {
        public boolean clean() {
            return leakingSamples == 0;
        }
    }

    private LeakageGuard() {
    }

    /** Throws {@link LeakageException} with the first few leaks if there is any. */
    public static void check(SampleSet train, SampleSet validation) {
        Findings f = inspect(train, validation);
        if (!f.clean()) {
            List<String> shown = new ArrayList<>(f.sharedOrigins());
            shown.addAll(f.transformDuplicates());
            throw new LeakageException(f.leakingSamples() + " validation samples leak training data, e.g. "
                    + String.join("; ", shown.subList(0, Math.min(3, shown.size())))
                    + ". Split before you augment, and split by code (\"split\": \"by-code\": all m of one P on one side); "
                    + "a run reproduces Run 6's mistake only with \"allowLeakage\": true.");
        }
    }

    public static Findings inspect(SampleSet train, SampleSet validation) {
        Set<Integer> trainOrigins = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            trainOrigins.add(train.origin(i));
            if (train.partner(i) >= 0) {
                trainOrigins.add(train.partner(i));
            }
        }
        Dataset t = train.data();
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            byKey.computeIfAbsent(key(t, i), x -> new ArrayList<>()).add(i);
        }
        List<String> shared = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        Dataset v = validation.data();
        int leaking = 0;
        for (int i = 0; i < v.size(); i++) {
            boolean leak = false;
            if (trainOrigins.contains(validation.origin(i))
                    || validation.partner(i) >= 0 && trainOrigins.contains(validation.partner(i))) {
                leak = true;
                if (shared.size() < 5) {
                    shared.add("validation sample " + i + " comes from original " + validation.origin(i)
                            + ", which the training set also uses");
                }
            } else {
                double[][] p = v.p(i);
                for (int j : byKey.getOrDefault(key(v, i), List.of())) {
                    if (Symmetries.equivalent(t.p(j), p)) {
                        leak = true;
                        if (duplicates.size() < 5) {
                            duplicates.add("validation sample " + i + " is training sample " + j
                                    + (v.m(i) == t.m(j) ? "" : " (under another m)")
                                    + " up to row/column permutations and sign flips");
                        }
                        break;
                    }
                }
            }
            leaking += leak ? 1 : 0;
        }
        return new Findings(shared, duplicates, leaking);
    }

    /**
     * The code of a sample, whatever its m: h_m for every m is a function of P, so one P on both sides (even
     * under different m) lets validation see what training learnt about that very code.
     */
    private static String key(Dataset d, int i) {
        return d.n(i) + "," + d.k(i) + ":" + Symmetries.fingerprint(d.p(i));
    }

    /**
     * The guard for code sets (all m of a P in one record): throws {@link LeakageException} when a validation
     * code equals a training code up to row/column permutations and sign flips.
     */
    public static void checkCodes(ProfileSet train, ProfileSet validation) {
        Findings f = inspectCodes(train, validation);
        if (!f.clean()) {
            throw new LeakageException(f.leakingSamples() + " validation codes are also training codes, e.g. "
                    + String.join("; ", f.transformDuplicates()) + ". Split by code (all m of one P, its duplicates "
                    + "and symmetric copies on one side).");
        }
    }

    /**
     * What {@link #checkCodes} looks at, as findings: the validation codes that equal a training code up to the
     * symmetries (at most three described), and how many there are.
     */
    public static Findings inspectCodes(ProfileSet train, ProfileSet validation) {
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < train.size(); i++) {
            byKey.computeIfAbsent(train.key(i), x -> new ArrayList<>()).add(i);
        }
        int leaking = 0;
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < validation.size(); i++) {
            for (int j : byKey.getOrDefault(validation.key(i), List.of())) {
                if (Symmetries.equivalent(train.p(j), validation.p(i))) {
                    leaking++;
                    if (shown.size() < 3) {
                        shown.add("validation code " + i + " (k = " + validation.k() + ") is training code " + j
                                + " up to row/column permutations and sign flips");
                    }
                    break;
                }
            }
        }
        return new Findings(List.of(), shown, leaking);
    }
}

package org.mheightlab.data.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.TestData;
import org.mheightlab.augment.LeakageGuard;
import org.mheightlab.augment.SampleSet;
import org.mheightlab.code.Symmetries;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.ProfileSet;
import org.mheightlab.data.io.DatasetFiles;

/** Issue 9, item 4: split by P, not by row — and the guard refuses a split that puts one P on both sides. */
class SplitByCodeTest {

    /** A dataset where every P appears under two m, and half of them also as a symmetric copy under a third. */
    private static Dataset codesUnderSeveralM() {
        Dataset base = DatasetFiles.read(TestData.projectDir().resolve("data/test"));
        SplittableRandom rng = new SplittableRandom(4);
        Dataset.Builder b = Dataset.builder();
        for (int i : base.indices(new Group(4, 2))) {
            if (i % 5 != 0) {
                continue;
            }
            double[][] p = base.p(i);
            b.add(null, 9, 4, 2, p, 2.0);
            b.add(null, 9, 4, 3, p, 3.0);
            if (i % 2 == 0) {
                b.add(null, 9, 4, 4, Symmetries.random(p, rng), 4.0);
            }
        }
        return b.build();
    }

    @Test
    void byKeyKeepsEveryMOfACodeAndItsSymmetricCopiesTogether() {
        Dataset d = codesUnderSeveralM();
        String[] keys = new String[d.size()];
        int[] stratum = new int[d.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ProfileSet.keyOf(d.p(i));
        }
        Split s = Split.byKey(keys, stratum, 0.25, 7);
        Set<String> trainKeys = new HashSet<>();
        for (int i : s.train()) {
            trainKeys.add(keys[i]);
        }
        for (int i : s.validation()) {
            assertFalse(trainKeys.contains(keys[i]), "row " + i + "'s code is on both sides");
        }
        assertEquals(d.size(), s.train().length + s.validation().length);
        assertTrue(s.validation().length > 0.15 * d.size() && s.validation().length < 0.35 * d.size());
        assertEquals(s, Split.byKey(keys, stratum, 0.25, 7), "seeded");
    }

    @Test
    void guardRefusesOnePOnBothSidesEvenUnderAnotherM() {
        Dataset d = codesUnderSeveralM();
        // A row split puts the (4,2) and (4,3) rows of some P on different sides.
        Split rows = Split.stratified(d, 0.3, 3);
        SampleSet train = SampleSet.originals(d, rows.train());
        SampleSet val = SampleSet.originals(d, rows.validation());
        LeakageGuard.Findings f = LeakageGuard.inspect(train, val);
        assertFalse(f.clean(), "a row split of codes under several m must leak");
        assertTrue(String.join(" ", f.transformDuplicates()).contains("under another m"), f.toString());
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.check(train, val));
        assertTrue(e.getMessage().contains("by-code"), e.getMessage());
    }

    @Test
    void codeGuardRefusesASymmetricCopyOnBothSides() {
        Dataset d = codesUnderSeveralM();
        ProfileSet codes = ProfileSet.fromDataset(d, 4);
        assertTrue(codes.size() < d.size(), "rows of one P merge into one code");
        List<Integer> firstHalf = new ArrayList<>();
        List<Integer> secondHalf = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            (i < codes.size() / 2 ? firstHalf : secondHalf).add(i);
        }
        ProfileSet train = codes.subset(firstHalf.stream().mapToInt(Integer::intValue).toArray());
        ProfileSet val = codes.subset(secondHalf.stream().mapToInt(Integer::intValue).toArray());
        LeakageGuard.checkCodes(train, val); // disjoint: accepted
        Dataset.Builder b = Dataset.builder();
        b.add(null, 9, 4, 2, Symmetries.random(train.p(0), new SplittableRandom(1)), 2.5);
        ProfileSet leaky = val.concat(ProfileSet.fromDataset(b.build(), 4));
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.checkCodes(train, leaky));
        assertTrue(e.getMessage().contains("1 validation codes are also training codes"), e.getMessage());
    }

    @Test
    void fromDatasetMergesTheMOfOneP() {
        Dataset.Builder b = Dataset.builder();
        double[][] p = {{1, 2, 3, 4, 5}, {-1, 0, 2, 7, 1}, {3, 3, -2, 1, 0}, {4, -5, 6, 1, 2}};
        b.add(null, 9, 4, 2, p, 13.98245614035088);
        b.add(null, 9, 4, 4, p, 40.0);
        ProfileSet s = ProfileSet.fromDataset(b.build(), 4);
        assertEquals(1, s.size());
        assertEquals(Math.log(13.98245614035088) / Math.log(2), s.log2Height(0, 2), 1e-12);
        assertTrue(Double.isNaN(s.log2Height(0, 3)));
        assertEquals(Math.log(40.0) / Math.log(2), s.log2Height(0, 4), 1e-12);
        assertEquals(2, s.labelCount());
    }
}

package org.mheightlab.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.TestData;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.code.Symmetries;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.split.Split;

class AugmentAndLeakageTest {

    private static Dataset testData() {
        return DatasetFiles.read(TestData.projectDir().resolve("data/test"));
    }

    @Test
    void stratifiedSplitKeepsEveryGroupsShareAndIsDisjoint() {
        Dataset d = testData();
        Split s = Split.stratified(d, 0.2, 1);
        assertEquals(d.size(), s.train().length + s.validation().length);
        Dataset val = d.subset(s.validation());
        for (Group g : d.groups()) {
            assertEquals(100, val.indices(g).length, "group " + g);
        }
        assertEquals(s, Split.stratified(d, 0.2, 1));
        assertNotEquals(s, Split.stratified(d, 0.2, 2));
    }

    @Test
    void symmetriesAreExactAndMinusTransposeIsNotOne() {
        SplittableRandom rng = new SplittableRandom(3);
        ExactHeightCalculator calc = new ExactHeightCalculator();
        double[][] p = {{1, 2, 3}, {-4, 5, 6}, {7, -8, 9}};
        for (int t = 0; t < 20; t++) {
            double[][] q = Symmetries.random(p, rng);
            assertTrue(Symmetries.equivalent(p, q));
            assertEquals(Symmetries.fingerprint(p), Symmetries.fingerprint(q));
            for (int m = 1; m <= 3; m++) {
                assertEquals(calc.height(p, m), calc.height(q, m), 1e-9 * calc.height(p, m));
            }
        }
        double[][] minusT = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                minusT[i][j] = -p[j][i];
            }
        }
        assertFalse(Symmetries.equivalent(p, minusT));
    }

    @Test
    void exactAugmentationsKeepTrueLabelsAndNoiseDoesNot() {
        Dataset d = testData().subset(new int[] {0, 1, 2, 3, 600, 601, 602, 3900, 3901, 3902});
        ExactHeightCalculator calc = new ExactHeightCalculator();
        for (String spec : List.of("exact-symmetry", "noise-relabel:0.05")) {
            SampleSet out = new AugmentationPlan(List.of(new AugmentationPlan.Step(Augmentation.parse(spec), List.of(), 2)))
                    .apply(SampleSet.originals(d, range(d.size())), 9);
            assertEquals(3 * d.size(), out.size());
            for (int i = d.size(); i < out.size(); i++) {
                double exact = calc.height(out.data().p(i), out.data().m(i));
                assertEquals(exact, out.data().height(i), 1e-9 * exact, spec + " sample " + i);
            }
        }
        SampleSet noisy = new AugmentationPlan(List.of(new AugmentationPlan.Step(Augmentation.parse("noise:0.05"),
                List.of(), 1))).apply(SampleSet.originals(d, range(d.size())), 9);
        int wrong = 0;
        for (int i = d.size(); i < noisy.size(); i++) {
            double exact = calc.height(noisy.data().p(i), noisy.data().m(i));
            wrong += Math.abs(exact - noisy.data().height(i)) > 1e-6 * exact ? 1 : 0;
            assertEquals(noisy.origin(i), i - d.size());
        }
        assertTrue(wrong > 0, "noise with the label kept must change some true labels");
    }

    @Test
    void interpolationsStayWithinTheirGroupAndRecordBothOrigins() {
        Dataset d = testData().subset(range(40));
        for (String spec : List.of("smote", "rowsum-interpolation")) {
            SampleSet out = new AugmentationPlan(List.of(new AugmentationPlan.Step(Augmentation.parse(spec),
                    List.of(new Group(4, 2)), 1))).apply(SampleSet.originals(d, range(d.size())), 1);
            assertEquals(80, out.size());
            for (int i = 40; i < 80; i++) {
                assertEquals(new Group(4, 2), out.data().group(i));
                assertTrue(out.partner(i) >= 0);
                assertTrue(out.data().height(i) >= 1.0);
            }
        }
    }

    @Test
    void guardRefusesAugmentThenSplitAndExactDuplicates() {
        Dataset d = testData().subset(range(60));
        SampleSet all = new AugmentationPlan(List.of(new AugmentationPlan.Step(Augmentation.parse("noise:0.01"),
                List.of(), 2))).apply(SampleSet.originals(d, range(d.size())), 5);
        Split leaky = Split.stratified(all.data(), 0.3, 5);
        SampleSet train = pick(all, leaky.train());
        SampleSet val = pick(all, leaky.validation());
        LeakageGuard.LeakageException e = assertThrows(LeakageGuard.LeakageException.class,
                () -> LeakageGuard.check(train, val));
        assertTrue(e.getMessage().contains("Split before you augment"), e.getMessage());

        Split honest = Split.stratified(d, 0.3, 5);
        SampleSet honestTrain = new AugmentationPlan(List.of(new AugmentationPlan.Step(Augmentation.parse("noise:0.01"),
                List.of(), 2))).apply(SampleSet.originals(d, honest.train()), 5);
        LeakageGuard.check(honestTrain, SampleSet.originals(d, honest.validation()));

        // A validation sample that is a permuted, sign-flipped training sample is caught without lineage.
        Dataset.Builder b = Dataset.builder();
        b.add(d.sample(0));
        b.add(null, d.n(0), d.k(0), d.m(0), Symmetries.random(d.p(0), new SplittableRandom(1)), d.height(0));
        Dataset two = b.build();
        LeakageGuard.Findings f = LeakageGuard.inspect(SampleSet.originals(two, new int[] {0}),
                new SampleSet(two.subset(new int[] {1}), new int[] {99}, new int[] {-1}));
        assertEquals(1, f.transformDuplicates().size());
    }

    private static SampleSet pick(SampleSet s, int[] idx) {
        int[] o = new int[idx.length];
        int[] p = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            o[i] = s.origin(idx[i]);
            p[i] = s.partner(idx[i]);
        }
        return new SampleSet(s.data().subset(idx), o, p);
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}

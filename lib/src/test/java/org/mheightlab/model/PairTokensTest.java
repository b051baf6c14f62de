package org.mheightlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mheightlab.RandomCodes;
import org.mheightlab.code.Minors;
import org.mheightlab.code.Symmetries;

class PairTokensTest {

    private static final float S = MinorFeatures.TOKEN_SCALE;

    private static float[] tokens(double[][] p) {
        int k = p.length;
        float[] out = new float[PairTokens.count(9, k) * PairTokens.width(k)];
        new PairTokens(9, k).tokens(p, out, 0);
        return out;
    }

    /** The tokens as a sorted list of strings, each value rounded to 1e−4 (an LU's last bits depend on order). */
    private static List<String> multiset(double[][] p) {
        int k = p.length;
        int width = PairTokens.width(k);
        float[] t = tokens(p);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.length; i += width) {
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < width; j++) {
                b.append(String.format(Locale.ROOT, "%.4f,", t[i + j] + 0f));
            }
            out.add(b.toString().replace("-0.0000", "0.0000"));
        }
        Collections.sort(out);
        return out;
    }

    @Test
    void countsAndWidthsPerK() {
        assertEquals(126 * 10, PairTokens.count(9, 4));
        assertEquals(126 * 6, PairTokens.count(9, 5));
        assertEquals(84 * 3, PairTokens.count(9, 6));
        assertEquals(16, PairTokens.width(5));
    }

    /**
     * The first basis is G's identity columns, where A = G_B⁻¹ G is P itself, and its first pair is P's columns 0
     * and 1. P = [[1, 4, ·], [−2, 1, ·], [8, −2, ·], [0, 3, ·]] (k = 4): column 0 has ℓ1 norm 11 against 10, so it is
     * a; rows sorted by |P_i0|: 8, −2, 1, 0, made non-negative on a; y's entries in that order, times sign(P_i0):
     * −2, −1, 4, 3 (rows 2, 1, 0, 3); their sum is 4 ≥ 0, so y keeps its sign. The last row's a entry is 0, so σ
     * flips it freely and its sign is 0.
     */
    @Test
    void theIdentityBasisReadsPByHand() {
        double[][] p = {{1, 4, 0, 1, 2}, {-2, 1, 5, 0, 1}, {8, -2, 1, 1, 1}, {0, 3, 2, 7, 1}};
        float[] t = tokens(p);
        double[] a = {8, 2, 1, 0};
        double[] y = {-2, -1, 4, 3};
        for (int i = 0; i < 4; i++) {
            float la = a[i] == 0 ? (float) (Minors.FLOOR / S) : (float) (Math.log(a[i]) / Math.log(2) / S);
            assertEquals(la, t[3 * i], 1e-6f, "row " + i + " log2|A_ia|");
            assertEquals((float) (Math.log(Math.abs(y[i])) / Math.log(2) / S), t[3 * i + 1], 1e-6f,
                    "row " + i + " log2|A_iy|");
            assertEquals(a[i] == 0 ? 0f : (float) Math.signum(y[i]), t[3 * i + 2], "row " + i + " sign");
        }
        assertEquals(0f, t[12], "a basis: no flag");
    }

    /** Row/column permutations and sign flips of P leave the set of tokens unchanged (real and integer P, every k). */
    @Test
    void tokensAreInvariantUnderTheSymmetriesOfP() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int k = 4; k <= 6; k++) {
            for (int trial = 0; trial < 6; trial++) {
                double[][] p = RandomCodes.smallP(rng, k, trial % 2 == 0);
                assertEquals(multiset(p), multiset(Symmetries.random(p, rng)), "k=" + k + " trial " + trial);
            }
        }
    }

    /**
     * Two equal columns of P make every B holding both (with k − 2 identity columns that miss the rows where they
     * differ from zero… here all rows) singular: those tokens are zeros with the flag, the rest are not flagged.
     */
    @Test
    void aSingularBasisIsFlaggedNotComputed() {
        double[][] p = {{1, 1, 2, 3, 5}, {2, 2, -1, 4, 1}, {3, 3, 7, -2, 2}, {-1, -1, 1, 1, 9}};
        int width = PairTokens.width(4);
        float[] t = tokens(p);
        int flagged = 0;
        for (int i = 0; i < t.length; i += width) {
            if (t[i + width - 1] == 1f) {
                flagged++;
                for (int j = 0; j < width - 1; j++) {
                    assertEquals(0f, t[i + j]);
                }
            }
        }
        // B ⊇ {p0, p1} with any 2 of the other 7 columns: C(7, 2) = 21 bases, each with C(5, 2) = 10 pairs.
        assertEquals(21 * 10, flagged);
        assertTrue(flagged < PairTokens.count(9, 4));
    }
}

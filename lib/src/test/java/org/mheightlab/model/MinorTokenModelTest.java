package org.mheightlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MinorTokenModelTest {

    private static final List<String> WITH_PAIRS = List.of("cocircuits", "circuits", "columns", "pairs");

    @Test
    void pairTokensAreReadOnlyWhereNamed() {
        MinorTokenModel run8 = new MinorTokenModel(List.of(64, 64), List.of(256), 0, false);
        assertFalse(run8.pairsAt(5));
        assertNull(run8.pairWidths(), "no pair family, nothing to size");
        MinorTokenModel every = new MinorTokenModel(List.of(64, 64), List.of(256), 0, false, WITH_PAIRS, null, null,
                null);
        assertTrue(every.pairsAt(4) && every.pairsAt(5) && every.pairsAt(6));
        assertEquals(List.of(64, 64), every.pairWidths(), "absent pairWidths: the token widths");
        MinorTokenModel some = new MinorTokenModel(List.of(64, 64), List.of(256), 0, false, WITH_PAIRS, null,
                List.of(32), List.of(5, 6));
        assertFalse(some.pairsAt(4));
        assertTrue(some.pairsAt(5) && some.pairsAt(6));
        assertTrue(some.describe().contains("pair tokens 32 at k = 5, 6"), some.describe());
    }

    /** The memory check's estimates: the pair MLP's weights and the pair tokens' heap, only where they are read. */
    @Test
    void memoryEstimatesCountThePairTokensWhereRead() {
        MinorTokenModel m = new MinorTokenModel(List.of(64, 64), List.of(256, 256), 0, false, WITH_PAIRS, null,
                List.of(64, 64), List.of(5, 6));
        // tokens 9·64 + 64·64, head 64·256 + 256·256; at k = 5 the pair MLP 16·64 + 64·64 more
        long base = 9 * 64 + 64 * 64 + 64 * 256 + 256 * 256;
        assertEquals(base, m.denseWeights(4));
        assertEquals(base + 16 * 64 + 64 * 64, m.denseWeights(5));
        assertEquals(0.0, m.extraBytesPerCode(4));
        assertEquals(4.0 * 756 * 16, m.extraBytesPerCode(5));
        assertEquals(4.0 * 252 * 19, m.extraBytesPerCode(6));
    }

    @Test
    void pairSettingsWithoutTheFamilyOrForAnotherKAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MinorTokenModel(
                List.of(64), List.of(256), 0, false, null, null, List.of(32), null));
        assertTrue(e.getMessage().startsWith("model.pairWidths:") && e.getMessage().contains("\"pairs\""),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MinorTokenModel(
                List.of(64), List.of(256), 0, false, null, null, null, List.of(5)));
        assertTrue(e.getMessage().startsWith("model.pairsAtK:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MinorTokenModel(
                List.of(64), List.of(256), 0, false, WITH_PAIRS, null, null, List.of(7)));
        assertTrue(e.getMessage().contains("7 is not a k of the task [4, 5, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MinorTokenModel(
                List.of(64), List.of(256), 0, false, List.of("cocircuits", "pair"), null, null, null));
        assertTrue(e.getMessage().contains("unknown family 'pair'"), e.getMessage());
    }
}

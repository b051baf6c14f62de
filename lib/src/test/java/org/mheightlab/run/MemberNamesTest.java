package org.mheightlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mheightlab.model.ModelSection;

/** A member's file name, its label in history.csv and provenance.json, and how messages name it. */
class MemberNamesTest {

    @Test
    void messagesNameAMemberAsItsLabelSays() {
        int all = ModelSection.ALL_ROWS;
        int[][] cases = {{5, 0, 1}, {5, 1, 2}, {4, 0, 3}, {all, 0, 1}, {all, 2, 3}};
        String[] labels = {"k5", "k5-1", "k4-0", "0", "2"};
        String[] described = {"k=5", "k=5, member 1", "k=4, member 0", "", "member 2"};
        for (int i = 0; i < cases.length; i++) {
            int[] c = cases[i];
            String label = RunFolder.historyLabel(c[0], c[1], c[2]);
            assertEquals(labels[i], label);
            assertEquals(described[i], RunFolder.memberDescription(c[0], c[1], c[2]), label);
            if (c[2] > 1 || c[0] != all) {
                // a run's only model is not named in messages; its label "0" reads as member 0
                assertEquals(described[i], RunFolder.memberDescription(label), label);
            }
        }
        assertEquals("member 0", RunFolder.memberDescription("0"));
        assertEquals("weird", RunFolder.memberDescription("weird"));
    }
}

package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the exact engine (issue 8, item 10): entries it cannot handle are refused with the supported
 * range, through {@code height} and, naming file, sample and field, through {@code verify}; entries inside the
 * range give the right heights, however large or small.
 */
class EngineBadInputTest {

    /** The words every range refusal must carry, so a user learns what is accepted. */
    private static final String RANGE = "supported range";
    private static final String BOUNDS = "between 1.0E-12 and 1.0E12";

    @TempDir
    Path dir;

    @Test
    void hugeEntryIsRefusedWithTheSupportedRange() {
        BadInput.refused(dir, "height", "-m", "1", "1e308 1; 1 1")
                .mentions("mheight height: error: P entry [0][0] = 1.0E308", RANGE, BOUNDS);
    }

    @Test
    void entryJustAboveTheBoundIsRefused() {
        BadInput.refused(dir, "height", "2 -1.5; 1 -1.000001e12").mentions("P entry [1][1] = -1.000001E12", RANGE);
    }

    @Test
    void tinyNonzeroEntryIsRefused() {
        BadInput.refused(dir, "height", "-m", "2", "1 2 3; 4 5 1e-13").mentions("P entry [1][2] = 1.0E-13", RANGE,
                BOUNDS);
    }

    @Test
    void subnormalEntryIsRefused() {
        BadInput.refused(dir, "height", "1 4.9e-324; 1 1").mentions("P entry [0][1] = 4.9E-324", RANGE);
    }

    @Test
    void nanEntryIsRefused() {
        BadInput.refused(dir, "height", "-m", "1", "NaN 1; 1 1").mentions("P entry [0][0] = NaN", RANGE);
    }

    @Test
    void infiniteEntryIsRefused() {
        BadInput.refused(dir, "height", "1 2; Infinity 3").mentions("P entry [1][0] = Infinity", RANGE);
    }

    @Test
    void overflowingLiteralIsRefused() {
        // 1e400 parses to +Infinity: refused as such, not computed.
        BadInput.refused(dir, "height", "-m", "1", "1 -1e400; 1 1").mentions("P entry [0][1] = -Infinity", RANGE);
    }

    @Test
    void badEntryOnStdinIsRefused() {
        java.io.InputStream in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("1 2\n3 1e300\n".getBytes(StandardCharsets.UTF_8)));
            BadInput.refused(dir, "height", "-").mentions("P entry [1][1] = 1.0E300", RANGE);
        } finally {
            System.setIn(in);
        }
    }

    @Test
    void verifyNamesTheFileTheSampleAndTheField() throws IOException {
        Path csv = dir.resolve("codes.csv");
        Files.writeString(csv, "id,n,k,m,height,P\n"
                + "a,4,2,1,3,\"1 2;3 4\"\n"
                + "b,4,2,1,3,\"1 2;3 4\"\n"
                + "c,4,2,1,5,\"1 2;3 1e20\"\n", StandardCharsets.UTF_8);
        BadInput.refused(dir, "verify", csv.toString())
                .mentions(csv.toString(), "sample 2", "field 'P'", "entry [1][1] = 1.0E20", RANGE, BOUNDS)
                .doesNotMention("verification failed");
    }

    @Test
    void verifyRefusesATinyEntryInAFile() throws IOException {
        Path csv = dir.resolve("tiny.csv");
        Files.writeString(csv, "n,k,m,height,P\n"
                + "3,1,1,2,\"1e-200 2\"\n", StandardCharsets.UTF_8);
        BadInput.refused(dir, "verify", csv.toString())
                .mentions(csv.toString(), "sample 0", "field 'P'", "entry [0][0] = 1.0E-200", RANGE);
    }

    // ---- accepted: entries inside the range, with the values they must give ----

    @Test
    void largeEntryGivesTheTrueHeightNotInfinity() {
        // Worked out by hand in ExactHeightCalculatorTest: h_1 = a, h_2 = 2a − 1, h_3 = ∞ for P = [[a, 1], [1, 1]].
        assertEquals("1.0E10", BadInput.accepted("height", "-m", "1", "1e10 1; 1 1").out().trim());
        assertEquals("n=4 k=2\nh_1 = 1.0E10\nh_2 = 1.9999999999E10\nh_3 = inf\n",
                BadInput.accepted("height", "1e10 1; 1 1").out().replace("\r\n", "\n"));
    }

    @Test
    void entriesAtTheBoundsAreAccepted() {
        // k = 1: c = (1, 1e12, 1e-12) is the only codeword up to scale; sorted 1e12, 1, 1e-12.
        assertEquals("1.0E12", BadInput.accepted("height", "-m", "1", "1e12 1e-12").out().trim());
        assertEquals("1.0E24", BadInput.accepted("height", "-m", "2", "1e12 1e-12").out().trim());
        assertEquals("1.0E12", BadInput.accepted("height", "-m", "1", "0 -1e12").out().trim());
    }

    @Test
    void decimalRowsThatAreProportionalGiveInfinity() {
        // (0.3, 0.9) = 3·(0.1, 0.3) as typed, though not in binary: P's two columns have rank 1, so h_2 = ∞.
        assertEquals("inf", BadInput.accepted("height", "-m", "2", "0.1 0.3; 0.3 0.9").out().trim());
        assertEquals("inf", BadInput.accepted("height", "-m", "3", "0.1 0.7 1.3; 0.37 2.59 4.81; 0.2 -0.5 0.9")
                .out().trim());
    }

    @Test
    void integerCodesAreUnchanged() {
        // The class's own example (k = 1): c = (1, 2, 3), h_1 = 3/2, h_2 = 3.
        assertEquals("n=3 k=1\nh_1 = 1.5\nh_2 = 3.0\n",
                BadInput.accepted("height", "2 3").out().replace("\r\n", "\n"));
        // A zero entry: the codeword (1, 0, 3) has n−m = 1 zero for m = 2.
        assertEquals("inf", BadInput.accepted("height", "-m", "2", "0 3").out().trim());
    }

    @Test
    void verifyAcceptsAFileWithLargeAndSmallEntries() throws IOException {
        Path csv = dir.resolve("wide.csv");
        // Heights by hand: P = [[1e10, 1], [1, 1]] has h_1 = 1e10; k = 1, P = (1e-6, 1e6): c = (1, 1e-6, 1e6),
        // h_1 = 1e6 / 1 = 1e6.
        Files.writeString(csv, "n,k,m,height,P\n"
                + "4,2,1,1e10,\"1e10 1;1 1\"\n"
                + "3,1,1,1e6,\"1e-6 1e6\"\n", StandardCharsets.UTF_8);
        BadInput.Outcome ok = BadInput.accepted("verify", csv.toString());
        org.junit.jupiter.api.Assertions.assertTrue(ok.out().contains("2 of 2 labels match"), ok.out());
    }
}

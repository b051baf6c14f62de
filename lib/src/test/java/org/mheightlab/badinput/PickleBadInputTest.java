package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.CoursePickleFormat;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.io.PickleOptions;

/**
 * Bad and unusual-but-valid course pickles through {@code verify}, {@code convert} and DatasetFiles: files made
 * by Python's pickle and numpy the way a user's script would, and hand-made bytes for the hostile ones.
 */
class PickleBadInputTest {

    private static final Dataset DATA = DataFiles.bundled(6);

    @TempDir
    Path dir;

    private Path inputs() {
        return dir.resolve("x_n_k_m_P.pkl");
    }

    private Path heights() {
        return dir.resolve("x_mHeights.pkl");
    }

    /** A Python statement that spoils the pair, and what the refusal must name. */
    static Stream<Arguments> pythonCases() {
        return Stream.of(
                Arguments.of("n 9.7", "rows[3][0] = 9.7", new String[] {"sample 3", "field 'n'", "9.7"}),
                Arguments.of("k a numpy float 4.5", "rows[3][1] = np.float64(4.5)",
                        new String[] {"sample 3", "field 'k'", "4.5"}),
                Arguments.of("m True", "rows[3][2] = True", new String[] {"sample 3", "field 'm'", "integer"}),
                Arguments.of("n 13 (beyond the engine)", "rows[3][0] = 13", new String[] {"sample 3", "field 'n'"}),
                Arguments.of("object-dtype P", "rows[3][3] = rows[3][3].astype(object)",
                        new String[] {"sample 3", "field 'P'", "object"}),
                Arguments.of("complex P", "rows[3][3] = rows[3][3].astype(complex)",
                        new String[] {"sample 3", "field 'P'", "unsupported numpy dtype"}),
                Arguments.of("string P", "rows[3][3] = np.array([['a', 'b']])",
                        new String[] {"sample 3", "field 'P'", "unsupported numpy dtype"}),
                Arguments.of("1-D P", "rows[3][3] = rows[3][3].ravel()",
                        new String[] {"sample 3", "field 'P'", "2-D"}),
                Arguments.of("P of the wrong shape", "rows[3][3] = rows[3][3][:, :2]",
                        new String[] {"sample 3", "field 'P'"}),
                Arguments.of("row of 3 items", "rows[3] = rows[3][:3]", new String[] {"sample 3", "[n, k, m, P]"}),
                Arguments.of("row that is a dict", "rows[3] = {'n': 9}", new String[] {"sample 3", "[n, k, m, P]"}),
                Arguments.of("P with NaN", "rows[3][3][0, 0] = np.nan", new String[] {"sample 3", "field 'P'", "NaN"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pythonCases")
    void verifyRefusesABadSample(String name, String mutate, String[] mentions) {
        DataFiles.pickle(DATA, inputs(), heights(), mutate);
        BadInput.refused(dir, "verify", inputs().toString()).mentions(inputs().toString()).mentions(mentions);
    }

    /** P whose data is shorter than its shape says: the sample and field are named, not "truncated or corrupt?". */
    @Test
    void arrayDataOfTheWrongLengthNamesSampleAndField() {
        DataFiles.pickle(DATA, inputs(), heights(), String.join("\n",
                "class Bad:",
                "    def __reduce__(self):",
                "        return (np._core.multiarray._reconstruct, (np.ndarray, (0,), b'b'),",
                "                (1, (4, 5), np.dtype('<f8'), False, b'\\0' * 16))",
                "rows[3][3] = Bad()"));
        BadInput.refused(dir, "verify", inputs().toString())
                .mentions(inputs() + ": sample 3, field 'P'", "needs 160 bytes", "holds 16");
    }

    @Test
    void heightThatIsNotANumberNamesSample() {
        DataFiles.pickle(DATA, inputs(), heights(), "hs[3] = 'big'");
        BadInput.refused(dir, "verify", inputs().toString()).mentions(heights() + ": sample 3, field 'height'");
    }

    @Test
    void heightsOfTheWrongCountNameBothFiles() {
        DataFiles.pickle(DATA, inputs(), heights(), "hs.pop()");
        BadInput.refused(dir, "verify", inputs().toString()).mentions(heights().toString(), "holds 5 heights",
                inputs().toString());
    }

    @Test
    void missingHeightsFileIsNamed() {
        DataFiles.pickle(DATA, inputs(), null, "");
        BadInput.refused(dir, "verify", inputs().toString()).mentions(heights().toString(), "file not found");
    }

    @Test
    void heightsFileGivenAsInputsIsNamed() {
        DataFiles.pickle(DATA, inputs(), heights(), "");
        BadInput.refused(dir, "verify", heights().toString()).mentions(heights().toString(), "is a heights file",
                inputs().toString());
    }

    @Test
    void foreignGlobalIsRefusedAndNeverRun() {
        DataFiles.pickle(DATA, inputs(), heights(), String.join("\n",
                "import os",
                "class Evil:",
                "    def __reduce__(self):",
                "        return (os.system, ('touch pwned',))",
                "rows[3] = Evil()"));
        BadInput.refused(dir, "verify", inputs().toString()).mentions(inputs().toString(), "'posix.system'");
        assertFalse(Files.exists(dir.resolve("pwned")));
    }

    /** Bytes written by hand: a header, the body, STOP. */
    private Path raw(byte[]... parts) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.write(p);
        }
        Files.write(inputs(), b.toByteArray());
        CoursePickleFormat.writeHeights(new double[] {1}, heights(), PickleOptions.DEFAULT);
        return inputs();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static Stream<Arguments> hostileCases() {
        return Stream.of(
                Arguments.of("BINBYTES claiming 2 GiB in 34 bytes",
                        new byte[][] {bytes(0x80, 4, 'B', 0xff, 0xff, 0xff, 0x7f), new byte[26], bytes('.')},
                        "claims 2147483647 bytes"),
                Arguments.of("BINUNICODE claiming 4 GiB",
                        new byte[][] {bytes(0x80, 4, 'X', 0xff, 0xff, 0xff, 0xff), new byte[10], bytes('.')},
                        "claims 4294967295 bytes"),
                Arguments.of("BINBYTES8 claiming 2^62 bytes",
                        new byte[][] {bytes(0x80, 4, 0x8e, 0, 0, 0, 0, 0, 0, 0, 0x40), bytes('.')},
                        "claims 4611686018427387904 bytes"),
                Arguments.of("FRAME longer than the file",
                        new byte[][] {bytes(0x80, 4, 0x95, 0, 0, 0, 0x10, 0, 0, 0, 0, ']', '.')}, "truncated or corrupt"),
                Arguments.of("negative BINSTRING length",
                        new byte[][] {bytes(0x80, 2, 'T', 0xfe, 0xff, 0xff, 0xff, '.')}, "claims"),
                Arguments.of("list nested 100 000 deep",
                        new byte[][] {bytes(0x80, 4), "]".repeat(100_000).getBytes(), "a".repeat(99_999).getBytes(),
                                bytes('.')}, "nested more than 16 levels"),
                Arguments.of("list that holds itself",
                        new byte[][] {bytes(0x80, 4, ']', 0x94, 'h', 0, 'a', '.')}, "nested more than 16 levels"),
                Arguments.of("dict keyed by a deeply nested tuple",
                        new byte[][] {bytes(0x80, 4, '}'), nestedTuple(200_000),
                                bytes('N', 's', '.')}, "nested"),
                Arguments.of("PNG renamed .pkl", new byte[][] {NpzBadInputTest.pngBytes()}, "is not a pickle file: it "
                        + "looks like a PNG image"),
                Arguments.of("zip renamed .pkl", new byte[][] {bytes('P', 'K', 3, 4, 0, 0, 0, 0)}, "a zip archive"),
                Arguments.of("empty file", new byte[][] {new byte[0]}, "an empty file"),
                Arguments.of("CSV renamed .pkl", new byte[][] {"id,n,k,m,height,P\n".getBytes()},
                        "does not start like a binary pickle"),
                Arguments.of("pickle cut in the middle", new byte[][] {bytes(0x80, 4, ']', '(', 'K', 9, 'K')},
                        "truncated or corrupt"));
    }

    /** A tuple nested {@code depth} deep: ( ... ( ) ... ) as EMPTY_TUPLE then TUPLE1 over and over. */
    private static byte[] nestedTuple(int depth) {
        byte[] b = new byte[depth + 1];
        b[0] = ')';
        for (int i = 1; i <= depth; i++) {
            b[i] = (byte) 0x85; // TUPLE1
        }
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCases")
    void verifyRefusesAHostileFile(String name, byte[][] parts, String mention) throws IOException {
        Path f = raw(parts);
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString(), mention).doesNotMention("opcode 80");
    }

    /** float16 P (np.float16) reads as the same values as float64 (the bundled P are small integers). */
    @Test
    void float16PReadsTheSameValues() {
        DataFiles.pickle(DATA, inputs(), heights(), "for r in rows: r[3] = r[3].astype(np.float16)");
        DataFiles.assertSameData(DATA, DatasetFiles.read(inputs()));
        assertTrue(BadInput.accepted("verify", inputs().toString()).out().contains("6 of 6 labels match"));
    }

    /** Big-endian and Fortran-ordered P in a pickle read as the same values. */
    @Test
    void bigEndianFortranPReadsTheSameValues() {
        DataFiles.pickle(DATA, inputs(), heights(),
                "for r in rows: r[3] = np.asfortranarray(r[3].astype('>f8'))\nrows[0][3] = rows[0][3].astype('>i4')");
        DataFiles.assertSameData(DATA, DatasetFiles.read(inputs()));
    }

    /** An inputs file without the course suffix (X.pkl) is read as itself, with X_mHeights.pkl as its heights. */
    @Test
    void inputsFileWithoutCourseSuffixIsRead() {
        Path x = dir.resolve("X.pkl");
        DataFiles.pickle(DATA, x, dir.resolve("X_mHeights.pkl"), "");
        DataFiles.assertSameData(DATA, DatasetFiles.read(x));
        assertTrue(BadInput.accepted("verify", x.toString()).out().contains("6 of 6 labels match"));
        Dataset inputsOnly = DatasetFiles.readInputs(x);
        assertFalse(inputsOnly.isLabelled());
        assertEquals(DATA.size(), inputsOnly.size());
    }

    /** X.pkl with no heights beside it converts as unlabelled inputs (the predict case: inputs only). */
    @Test
    void inputsFileWithoutSuffixOrHeightsConvertsUnlabelled() throws IOException {
        Path x = dir.resolve("X.pkl");
        DataFiles.pickle(DATA, x, null, "");
        Path out = dir.resolve("x.csv");
        assertTrue(BadInput.accepted("convert", x.toString(), out.toString()).out().contains("unlabelled"));
        Dataset back = DatasetFiles.readInputs(out);
        assertEquals(DATA.size(), back.size());
        for (int i = 0; i < back.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(DATA.p(i), back.p(i));
        }
        BadInput.refused(dir, "verify", x.toString()).mentions(dir.resolve("X_mHeights.pkl").toString(),
                "file not found");
    }
}

package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.CsvFormat;
import org.mheightlab.data.io.DatasetFiles;

/** Bad and unusual-but-valid CSV datasets, through {@code verify} and {@code convert}. */
class CsvBadInputTest {

    private static final Dataset DATA = DataFiles.bundled(6);

    @TempDir
    Path dir;

    /** DATA as the lines of a CSV file (header first), as CsvFormat writes it, with ids s0..s5. */
    private static List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("id,n,k,m,height,P");
        for (int i = 0; i < DATA.size(); i++) {
            StringBuilder p = new StringBuilder();
            double[][] rows = DATA.p(i);
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0; c < rows[r].length; c++) {
                    p.append(c == 0 ? (r == 0 ? "" : ";") : " ").append((long) rows[r][c]);
                }
            }
            out.add("s" + i + "," + DATA.n(i) + "," + DATA.k(i) + "," + DATA.m(i) + "," + DATA.height(i) + ",\"" + p
                    + "\"");
        }
        return out;
    }

    /** Line of sample 3 with cell {@code column} (0 = id ... 5 = P) replaced. */
    private static List<String> withSample3(int column, String value) {
        List<String> l = lines();
        List<String> cells = new ArrayList<>(List.of(l.get(4).split(",", 6)));
        cells.set(column, value);
        l.set(4, String.join(",", cells));
        return l;
    }

    private Path write(List<String> lines) throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    static Stream<Arguments> cellCases() {
        return Stream.of(
                Arguments.of("n 9.7", 1, "9.7", "field 'n'", "must be an integer, got '9.7'"),
                Arguments.of("k 4.5", 2, "4.5", "field 'k'", "'4.5'"),
                Arguments.of("m abc", 3, "abc", "field 'm'", "'abc'"),
                Arguments.of("k 1e400", 2, "1e400", "field 'k'", "'1e400'"),
                Arguments.of("n 13 (beyond the engine)", 1, "13", "field 'n'", "must be in [2, "),
                Arguments.of("hex-float height 0x1p3", 4, "0x1p3", "field 'height'", "decimal number, got '0x1p3'"),
                Arguments.of("height 1e400 overflows", 4, "1e400", "field 'height'", "beyond the range of a double"),
                Arguments.of("Java-suffixed height 8d", 4, "8d", "field 'height'", "'8d'"),
                Arguments.of("height NaN", 4, "NaN", "field 'height'", "NaN"),
                Arguments.of("negative height", 4, "-2.5", "field 'height'", "positive"),
                Arguments.of("hex-float P entry", 5, "\"0x1p3 1 1 1 1;1 1 1 1 1;1 1 1 1 1;1 1 1 1 1\"", "field 'P'",
                        "'0x1p3'"),
                Arguments.of("P entry 1e400 overflows", 5, "\"1e400 1 1 1 1;1 1 1 1 1;1 1 1 1 1;1 1 1 1 1\"",
                        "field 'P'", "beyond the range"),
                Arguments.of("empty P", 5, "", "field 'P'", "is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cellCases")
    void verifyRefusesABadCell(String name, int column, String value, String field, String problem) throws Exception {
        Path f = write(withSample3(column, value));
        BadInput.refused(dir, "verify", f.toString()).mentions(f + ": sample 3", field, problem);
    }

    @Test
    void latin1FileIsNotUtf8AndTheLineIsNamed() throws Exception {
        List<String> l = lines();
        l.set(5, l.get(5).replaceFirst("^s4", "café"));
        Path f = dir.resolve("latin1.csv");
        Files.write(f, (String.join("\n", l) + "\n").getBytes(StandardCharsets.ISO_8859_1));
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString(), "not UTF-8", "line 6", "0xE9")
                .doesNotMention("Input length");
    }

    @Test
    void duplicateHeaderColumnIsNamed() throws Exception {
        List<String> l = lines();
        l.set(0, "id,n,k,m,height,P,n");
        for (int i = 1; i < l.size(); i++) {
            l.set(i, l.get(i) + ",9");
        }
        Path f = write(l);
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString(), "column 'n' twice", "columns 2 and 7");
    }

    /** A misspelt column must not turn a labelled file into an unlabelled dataset (exit 0) without a word. */
    @Test
    void misspeltColumnIsRefusedWithTheClosestName() throws Exception {
        List<String> l = lines();
        l.set(0, "id,n,k,m,heigth,P");
        Path f = write(l);
        Path out = dir.resolve("out.npz");
        BadInput.refused(dir, "convert", f.toString(), out.toString())
                .mentions(f.toString(), "unknown column 'heigth'", "did you mean 'height'?", "id, n, k, m, height, P");
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString(), "unknown column 'heigth'");
        BadInput.refused(dir, "describe", f.toString()).mentions(f.toString(), "did you mean 'height'?");
    }

    /** Columns the formats cannot carry are refused by name, not silently dropped by CSV → CSV. */
    @Test
    void extraColumnsAreNamedNotDropped() throws Exception {
        List<String> l = lines();
        l.set(0, l.get(0) + ",note,source");
        for (int i = 1; i < l.size(); i++) {
            l.set(i, l.get(i) + ",checked,lab " + i);
        }
        Path f = write(l);
        BadInput.refused(dir, "convert", f.toString(), dir.resolve("out.csv").toString())
                .mentions(f.toString(), "unknown columns 'note', 'source'", "remove them");
    }

    /** Column names are case-sensitive: 'p' is not 'P', and the message says which was meant. */
    @Test
    void wrongCaseColumnIsRefused() throws Exception {
        List<String> l = lines();
        l.set(0, "id,n,k,m,height,p");
        Path f = write(l);
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString(), "unknown column 'p'",
                "did you mean 'P'?");
    }

    /** A file whose first line is already a sample: said so, with the line to add (not "A header name is missing"). */
    @Test
    void fileWithoutAHeaderLineIsNamed() throws Exception {
        List<String> withIds = lines().subList(1, 7);
        Path f = write(withIds);
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString(), "has no header line",
                "id,n,k,m,height,P");
        List<String> noIds = new ArrayList<>();
        for (String line : withIds) {
            noIds.add(line.replaceFirst("^s\\d+", ""));
        }
        Path g = write(noIds);
        BadInput.refused(dir, "convert", g.toString(), dir.resolve("o.npz").toString())
                .mentions(g.toString(), "has no header line").doesNotMention("header name is missing");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "\n");
        BadInput.refused(dir, "verify", empty.toString()).mentions(empty.toString(), "is empty");
    }

    @Test
    void missingColumnIsNamed() throws Exception {
        List<String> l = lines();
        for (int i = 1; i < l.size(); i++) {
            l.set(i, l.get(i).substring(0, l.get(i).lastIndexOf(",\"")));
        }
        l.set(0, "id,n,k,m,height");
        Path f = write(l);
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString(), "no 'P' column");
    }

    @Test
    void rowWithTooFewCellsNamesSampleAndLine() throws Exception {
        List<String> l = lines();
        l.set(4, "s3,9,4");
        Path f = write(l);
        BadInput.refused(dir, "verify", f.toString()).mentions(f + ": sample 3", "line 5", "3 cells");
    }

    /** Sample indices count samples: after a skipped blank line, the bad row is still sample 3. */
    @Test
    void blankLinesDoNotShiftTheSampleIndex() throws Exception {
        List<String> l = withSample3(1, "9.7");
        l.add(2, "   ");
        l.add(2, "");
        Path f = write(l);
        BadInput.refused(dir, "verify", f.toString()).mentions(f + ": sample 3", "field 'n'");
    }

    /** /dev/zero as a CSV: an endless line of NULs, refused at once rather than read until memory runs out. */
    @Test
    void devZeroIsRefusedQuickly() throws Exception {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero");
        Path f = dir.resolve("zero.csv");
        Files.createSymbolicLink(f, zero);
        long start = System.nanoTime();
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString(), "NUL character", "not CSV text");
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "took more than 10 s");
    }

    /** A large file without a line break is refused once the line passes the bound, not buffered whole. */
    @Test
    void endlessLineIsRefused() throws Exception {
        Path f = dir.resolve("long.csv");
        Files.writeString(f, "id,n,k,m,height,P\n" + "1".repeat(CsvFormat.MAX_LINE_CHARS + 10));
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString(), "line 2 is longer than " + CsvFormat.MAX_LINE_CHARS);
    }

    @Test
    void binaryFileIsRefused() throws Exception {
        Path f = dir.resolve("image.csv");
        Files.write(f, NpzBadInputTest.pngBytes());
        BadInput.refused(dir, "verify", f.toString()).mentions(f.toString());
    }

    /** A byte-order mark (Excel's "CSV UTF-8") is skipped: verify reads the header, convert keeps the ids. */
    @Test
    void byteOrderMarkIsStripped() throws Exception {
        Path plain = write(lines());
        Path bom = dir.resolve("bom.csv");
        byte[] body = Files.readAllBytes(plain);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(bom, withBom);
        Dataset read = DatasetFiles.read(bom);
        DataFiles.assertSameData(DATA, read);
        assertEquals("s0", read.id(0));
        assertTrue(BadInput.accepted("verify", bom.toString()).out().contains("6 of 6 labels match"));
        Path out = dir.resolve("out.csv");
        BadInput.accepted("convert", bom.toString(), out.toString());
        assertTrue(Files.readString(out).startsWith("id,n,k,m,height,P\ns0,"), Files.readString(out));
    }

    /** Lines of only spaces or tabs are skipped like empty lines. */
    @Test
    void whitespaceOnlyLinesAreSkipped() throws Exception {
        List<String> l = lines();
        l.add(3, "    ");
        l.add(1, " \t ");
        l.add("  ");
        Path f = write(l);
        Dataset read = DatasetFiles.read(f);
        DataFiles.assertSameData(DATA, read);
        assertEquals("s3", read.id(3));
        assertTrue(BadInput.accepted("verify", f.toString()).out().contains("6 of 6 labels match"));
    }

    /** {@code inf}, which the CSV writer uses for an infinite height, stays valid. */
    @Test
    void infiniteHeightStaysValid() throws Exception {
        Path f = write(withSample3(4, "inf"));
        assertEquals(Double.POSITIVE_INFINITY, DatasetFiles.read(f).height(3));
    }
}

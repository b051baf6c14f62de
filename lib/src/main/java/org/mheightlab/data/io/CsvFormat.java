package org.mheightlab.data.io;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.files.AtomicFiles;

/**
 * CSV with a header row and the columns {@code id,n,k,m,height,P}.
 *
 * <ul>
 *   <li>{@code id}: optional text (empty cell for none);</li>
 *   <li>{@code n}, {@code k}, {@code m}: integers;</li>
 *   <li>{@code height}: h_m as a decimal (round-trips exactly), {@code inf} for an infinite height, empty for
 *   an unlabelled row;</li>
 *   <li>{@code P}: the k×(n−k) matrix row-major, entries separated by spaces and rows by {@code ;}, for example
 *   {@code "3 -1 0;2 5 -4"}.</li>
 * </ul>
 * Column order is free on reading; a column of another name is refused with the closest valid name (a misspelt
 * {@code heigth} must not read as an unlabelled file, and no format could carry a {@code note} column on), and so
 * is a column named twice or a file without a header line. The file is
 * UTF-8 (a leading byte-order mark is skipped); empty lines and lines of only spaces are skipped, and sample
 * indices in messages count samples, not lines. Numbers are plain decimals: hex floats and values beyond the
 * range of a double are refused.
 */
public final class CsvFormat {

    static final List<String> COLUMNS = List.of("id", "n", "k", "m", "height", "P");

    private CsvFormat() {
    }

    /**
     * The longest line read: a real line is under a few hundred characters, and without a bound a file with no
     * line break (a device like /dev/zero, a binary file renamed .csv) would be buffered until memory runs out.
     */
    public static final int MAX_LINE_CHARS = 1 << 20;

    public static Dataset read(Path file) {
        InputFile.require(file);
        // REPORT, not the default REPLACE: a Latin-1 file must be refused, not read with U+FFFD in its ids.
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader reader = new GuardedReader(file, new InputStreamReader(Files.newInputStream(file), utf8));
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                     .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).setAllowMissingColumnNames(true)
                     .setTrim(true).build().parse(reader)) {
            checkHeader(file, parser.getHeaderNames());
            Map<String, Integer> header = parser.getHeaderMap();
            for (String required : List.of("n", "k", "m", "P")) {
                if (!header.containsKey(required)) {
                    throw DatasetFormatException.ofFile(file, "has no '" + required + "' column (header: "
                            + header.keySet() + ")", null);
                }
            }
            boolean hasHeight = header.containsKey("height");
            boolean hasId = header.containsKey("id");
            Dataset.Builder b = Dataset.builder(file);
            boolean anyLabel = false;
            boolean anyMissing = false;
            for (CSVRecord rec : parser) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue; // a line of only spaces (trimmed to one empty cell), skipped like an empty line
                }
                int index = b.size(); // the sample index, which skipped lines do not advance
                if (!rec.isConsistent()) {
                    throw new DatasetFormatException(file, index, null, "line " + rec.getParser().getCurrentLineNumber()
                            + " has " + rec.size() + " cells, the header has " + header.size());
                }
                int n = parseInt(file, index, "n", rec.get("n"));
                int k = parseInt(file, index, "k", rec.get("k"));
                int m = parseInt(file, index, "m", rec.get("m"));
                double[][] p = parseMatrix(file, index, rec.get("P"));
                double h = Double.NaN;
                String hText = hasHeight ? rec.get("height") : "";
                if (!hText.isEmpty()) {
                    h = parseDouble(file, index, "height", hText);
                    if (Double.isNaN(h)) {
                        throw new DatasetFormatException(file, index, "height", "is NaN");
                    }
                    anyLabel = true;
                } else {
                    anyMissing = true;
                }
                String id = hasId && !rec.get("id").isEmpty() ? rec.get("id") : null;
                b.add(id, n, k, m, p, h);
            }
            if (anyLabel && anyMissing) {
                return b.build(); // names the first row without a height
            }
            return anyLabel || b.size() == 0 ? b.build() : b.buildUnlabelled();
        } catch (NoSuchFileException e) {
            throw InputFile.missing(file);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (cause instanceof CharacterCodingException) {
                throw notUtf8(file, e);
            }
            throw DatasetFormatException.ofFile(file, "cannot read CSV: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof DatasetFormatException d) {
                throw d;
            }
            throw DatasetFormatException.ofFile(file, "malformed CSV: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a header this format cannot read faithfully: none (the first line is a sample, or the file is
     * empty), a column without a name, a column named twice, or a column of another name.
     */
    private static void checkHeader(Path file, List<String> names) {
        String expected = "the columns are " + String.join(", ", COLUMNS) + " (id and height optional)";
        if (names.isEmpty() || names.stream().noneMatch(COLUMNS::contains)) {
            throw DatasetFormatException.ofFile(file, names.isEmpty() || names.stream().allMatch(String::isEmpty)
                    ? "is empty: no header line and no samples (" + expected + ")"
                    : "has no header line: its first line names none of the columns (" + expected + "); add the "
                    + "line " + String.join(",", COLUMNS) + " at the top", null);
        }
        List<String> unknown = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw DatasetFormatException.ofFile(file, "column " + (i + 1) + " of the header has no name ("
                        + expected + ")", null);
            }
            int first = names.indexOf(name);
            if (first != i) {
                throw DatasetFormatException.ofFile(file, "the header names column '" + name + "' twice (columns "
                        + (first + 1) + " and " + (i + 1) + ")", null);
            }
            if (!COLUMNS.contains(name)) {
                unknown.add(name);
            }
        }
        if (unknown.size() == 1) {
            throw DatasetFormatException.ofFile(file, "unknown column '" + unknown.get(0) + "'"
                    + org.mheightlab.ClosestName.hint(unknown.get(0), COLUMNS) + "; " + expected, null);
        }
        if (!unknown.isEmpty()) {
            StringBuilder list = new StringBuilder();
            for (String u : unknown) {
                list.append(list.length() == 0 ? "" : ", ").append('\'').append(u).append('\'')
                        .append(org.mheightlab.ClosestName.hint(u, COLUMNS));
            }
            throw DatasetFormatException.ofFile(file, "unknown columns " + list + "; " + expected + ": remove them "
                    + "(or rename a misspelt one), since no dataset format keeps other columns", null);
        }
    }

    /**
     * The refusal of a file that is not UTF-8, with the line and byte of the first bad sequence. The decoder
     * fails a whole buffer at a time, so the place is found by decoding the file again, chunk by chunk.
     */
    private static DatasetFormatException notUtf8(Path file, Exception cause) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long line = 1;
        try (InputStream s = Files.newInputStream(file)) {
            while (true) {
                int got = s.read(in.array(), in.position(), in.remaining());
                boolean eof = got < 0;
                if (got > 0) {
                    in.position(in.position() + got);
                }
                in.flip();
                CoderResult r = d.decode(in, out, eof);
                out.flip();
                while (out.hasRemaining()) {
                    if (out.get() == '\n') {
                        line++;
                    }
                }
                out.clear();
                if (r.isError()) {
                    int bad = in.get(in.position()) & 0xff;
                    return DatasetFormatException.ofFile(file, String.format("is not UTF-8 text: line %d holds the "
                            + "byte 0x%02X, which UTF-8 does not allow there (a Latin-1 or Windows-1252 file? save it "
                            + "as UTF-8)", line, bad), cause);
                }
                in.compact();
                if (eof) {
                    break;
                }
            }
        } catch (IOException e) {
            // fall through to the message without a line
        }
        return DatasetFormatException.ofFile(file, "is not UTF-8 text (save it as UTF-8)", cause);
    }

    /**
     * The characters of a CSV file on their way to the parser: drops a leading byte-order mark (which would
     * otherwise become part of the first column's name), and refuses a NUL character or a line longer than
     * {@link #MAX_LINE_CHARS} as soon as it arrives, so a binary file or an endless line fails fast.
     */
    private static final class GuardedReader extends FilterReader {
        private final Path file;
        private boolean first = true;
        private long line = 1;
        private int column;

        GuardedReader(Path file, Reader in) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            int got = read(one, 0, 1);
            return got < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int got = super.read(buf, off, len);
            if (got > 0 && first) {
                first = false;
                if (buf[off] == '\uFEFF') {
                    System.arraycopy(buf, off + 1, buf, off, got - 1);
                    got--;
                    if (got == 0) {
                        return read(buf, off, len);
                    }
                }
            }
            for (int i = off; i < off + got; i++) {
                char c = buf[i];
                if (c == '\n') {
                    line++;
                    column = 0;
                } else if (c == 0) {
                    throw DatasetFormatException.ofFile(file, "holds a NUL character on line " + line
                            + ": binary data, not CSV text", null);
                } else if (++column > MAX_LINE_CHARS) {
                    throw DatasetFormatException.ofFile(file, "line " + line + " is longer than " + MAX_LINE_CHARS
                            + " characters: not a CSV dataset (a file without line breaks?)", null);
                }
            }
            return got;
        }
    }

    public static void write(Dataset data, Path file) {
        AtomicFiles.write(file, writer(data));
    }

    /** The CSV file's bytes, for {@link AtomicFiles.Batch#write}. */
    public static AtomicFiles.Writer writer(Dataset data) {
        return out -> {
            OutputStreamWriter w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                    .setHeader(COLUMNS.toArray(String[]::new)).setRecordSeparator('\n').build());
            for (int i = 0; i < data.size(); i++) {
                String id = data.id(i);
                double h = data.height(i);
                printer.printRecord(id == null ? "" : id, data.n(i), data.k(i), data.m(i),
                        Double.isNaN(h) ? "" : formatNumber(h), formatMatrix(data, i));
            }
            printer.flush();
        };
    }

    static String formatNumber(double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String formatMatrix(Dataset data, int i) {
        int k = data.k(i);
        int cols = data.n(i) - k;
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < k; r++) {
            if (r > 0) {
                sb.append(';');
            }
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    sb.append(' ');
                }
                sb.append(formatNumber(data.p(i, r, c)));
            }
        }
        return sb.toString();
    }

    /** A plain decimal: Double.parseDouble also takes hex ({@code 0x1p3}), {@code 8d} and {@code Infinity}. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern INFINITY = Pattern.compile("(?i)([+-]?)(?:inf|infinity)");

    /** An integer, written as one or as an integral decimal (9 or 9.0); 9.7 is refused, never truncated. */
    private static int parseInt(Path file, int index, String field, String text) {
        if (DECIMAL.matcher(text).matches()) {
            double d = Double.parseDouble(text);
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new DatasetFormatException(file, index, field, "must be an integer, got '" + text + "'");
    }

    /**
     * A decimal number, {@code inf} (what {@link #write} writes for an infinite height) or {@code nan}; a decimal
     * too large for a double ({@code 1e400}) is refused rather than read as infinity.
     */
    private static double parseDouble(Path file, int index, String field, String text) {
        Matcher inf = INFINITY.matcher(text);
        if (inf.matches()) {
            return inf.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (text.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new DatasetFormatException(file, index, field, "must be a decimal number, got '" + text + "'");
        }
        double v = Double.parseDouble(text);
        if (Double.isInfinite(v)) {
            throw new DatasetFormatException(file, index, field, "'" + text + "' is beyond the range of a double "
                    + "(write inf for an infinite height)");
        }
        return v;
    }

    private static double[][] parseMatrix(Path file, int index, String text) {
        if (text.isBlank()) {
            throw new DatasetFormatException(file, index, "P", "is empty");
        }
        String[] rows = text.split(";", -1);
        double[][] p = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            String row = rows[r].trim();
            String[] cells = row.isEmpty() ? new String[0] : row.split("\\s+");
            p[r] = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                p[r][c] = parseDouble(file, index, "P", cells[c]);
            }
        }
        return p;
    }
}

package org.mheightlab.data.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;

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
 * Column order is free on reading; extra columns are ignored.
 */
public final class CsvFormat {

    static final List<String> COLUMNS = List.of("id", "n", "k", "m", "height", "P");

    private CsvFormat() {
    }

    public static Dataset read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                     .setTrim(true).build().parse(reader)) {
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
                int index = (int) rec.getRecordNumber() - 1;
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
            throw DatasetFormatException.ofFile(file, "file not found", e);
        } catch (IOException | UncheckedIOException e) {
            throw DatasetFormatException.ofFile(file, "cannot read CSV: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof DatasetFormatException d) {
                throw d;
            }
            throw DatasetFormatException.ofFile(file, "malformed CSV: " + e.getMessage(), e);
        }
    }

    public static void write(Dataset data, Path file) {
        AtomicFiles.write(file, out -> {
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
        });
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

    private static int parseInt(Path file, int index, String field, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, index, field, "must be an integer, got '" + text + "'");
        }
    }

    private static double parseDouble(Path file, int index, String field, String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        if (t.equals("inf") || t.equals("+inf") || t.equals("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, index, field, "must be a number, got '" + text + "'");
        }
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

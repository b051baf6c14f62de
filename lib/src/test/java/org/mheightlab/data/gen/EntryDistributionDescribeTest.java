package org.mheightlab.data.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.badinput.BadInput;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.io.DatasetFormat;
import org.mheightlab.data.io.PickleOptions;

/** {@code mheight describe} counts, and docs/course-mix.md against DS-1 and against CourseMix's tables. */
class EntryDistributionDescribeTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path DOCS = ROOT.resolve("docs/course-mix.md");
    static final Path DS1 = ROOT.resolve("../shared/data/course/DS-1-samples_n_k_m_P.pkl").normalize();

    @TempDir
    Path tmp;

    @Test
    void describePrintsTheExpectedCountsOfASmallCsv() throws Exception {
        double[][] nearConstant = {{98, 97, 98, 98, 100}, {99, 100, 98, 100, 98}, {99, 98, 97, 100, 99},
                {98, 100, 99, 100, 97}};
        double[][] generic = {{1, 2, 3, 4, 5}, {-1, 0, 2, 7, 1}, {3, 3, -2, 1, 0}, {4, -5, 6, 1, 2}};
        double[][] degenerate = {{1, 2, 3}, {2, 4, 6}, {1, 1, 0}, {0, 3, 1}, {1, 5, 2}, {2, 2, 1}};
        Dataset d = Dataset.builder()
                .add(null, 9, 4, 2, nearConstant, 3.0)
                .add(null, 9, 4, 3, nearConstant, 4.0) // the same P under a second m
                .add(null, 9, 4, 2, generic, 5.0)
                .add(null, 9, 4, 2, generic, 5.0) // a repeated row
                .add(null, 9, 6, 2, degenerate, 7.0)
                .build();
        Path csv = tmp.resolve("small.csv");
        DatasetFiles.write(d, csv, DatasetFormat.CSV, PickleOptions.DEFAULT);
        BadInput.Outcome r = BadInput.runCli("describe", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("samples: 5"), out);
        assertTrue(out.contains("(4,2)           3") && out.contains("(4,3)           1")
                && out.contains("(6,2)           1"), out);
        assertTrue(out.contains("distinct (k,P): 3; under several m: 1; rows repeating an earlier (k,m,P): 1"), out);
        // k=4: 2 of 4 near-constant, 2 generic; k=6: the one degenerate; all 5: 2 / 1 / 2
        assertTrue(out.contains(String.format("%-14s %8.2f %8.2f %8.2f", "near-constant", 50.0, 0.0, 40.0)), out);
        assertTrue(out.contains(String.format("%-14s %8.2f %8.2f %8.2f", "degenerate", 0.0, 100.0, 20.0)), out);
        assertTrue(out.contains(String.format("%-14s %8.2f %8.2f %8.2f", "generic", 50.0, 0.0, 40.0)), out);
        // max|P|: 100, 100, 7, 7, 6 → coarse bins 100, 100, 8, 8, 8
        assertTrue(out.contains(String.format("%-14s %8.2f %8.2f %8.2f", "r=8", 50.0, 100.0, 60.0)), out);

        BadInput.Outcome bad = BadInput.runCli("describe");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("give a dataset DATA or --draw DIST"), bad.err());
        bad = BadInput.runCli("describe", "--draw", "nope");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("unknown distribution 'nope'"), bad.err());
    }

    /** The describe block of the docs. */
    static String docsBlock() throws Exception {
        String doc = Files.readString(DOCS);
        Matcher m = Pattern.compile("<!-- describe DS-1 begin -->\\n```text\\n(.*?)\\n```\\n<!-- describe DS-1 end -->",
                Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/course-mix.md has no describe DS-1 block");
        return m.group(1);
    }

    /** The k=4, k=5, k=6, all columns of a labelled row in the section starting with {@code section}. */
    static double[] values(String block, String section, String label) {
        boolean in = false;
        for (String line : block.split("\n")) {
            if (line.startsWith(section)) {
                in = true;
            } else if (in && line.startsWith(label + " ")) {
                String[] parts = line.substring(14).trim().split("\\s+");
                double[] v = new double[4];
                for (int i = 0; i < 4; i++) {
                    v[i] = Double.parseDouble(parts[i]);
                }
                return v;
            }
        }
        throw new AssertionError("no row " + label + " in section " + section);
    }

    @Test
    void courseMixTablesAreTheDocumentedDs1Numbers() throws Exception {
        String block = docsBlock();
        for (int row = 0; row < 4; row++) {
            double[] fam = EntryDistribution.CourseMix.FAMILY_SHARES[row];
            assertEquals(values(block, "families", "near-constant")[row], fam[0], 0, "near-constant row " + row);
            assertEquals(values(block, "families", "near-low-rank")[row], fam[1], 0, "near-low-rank row " + row);
            for (int f = 0; f < MatrixFamilies.FINE_RANGES.length; f++) {
                assertEquals(values(block, "fine range bins", "r=" + MatrixFamilies.FINE_RANGES[f])[row],
                        EntryDistribution.CourseMix.RANGE_SHARES[row][f], 0, "fine bin " + f + " row " + row);
            }
        }
        // the tables of the docs quote the block
        String doc = Files.readString(DOCS);
        for (String family : List.of("near-constant", "degenerate", "near-low-rank", "generic", "sparse")) {
            double[] v = values(block, "families", family);
            String cell = String.format("| %.2f / %.2f / %.2f (all %.2f) |", v[0], v[1], v[2], v[3]);
            assertTrue(doc.contains("| " + family + " |") && doc.contains(cell), family + ": " + cell);
        }
    }

    @Test
    void describeOnDs1PrintsTheDocumentedBlock() throws Exception {
        Assumptions.assumeTrue(Files.exists(DS1), "DS-1 not found at " + DS1 + ": skipping the docs-vs-DS-1 check");
        BadInput.Outcome r = BadInput.runCli("describe", DS1.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> printed = new ArrayList<>(List.of(r.out().strip().split("\n")));
        assertEquals(String.join("\n", printed), docsBlock());
    }
}

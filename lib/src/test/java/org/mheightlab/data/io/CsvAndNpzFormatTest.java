package org.mheightlab.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;

class CsvAndNpzFormatTest {

    @TempDir
    Path tmp;

    private static void assertSameData(Dataset a, Dataset b, boolean ids) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.n(i), b.n(i));
            assertEquals(a.group(i), b.group(i));
            assertArrayEquals(a.p(i), b.p(i));
            assertEquals(a.height(i), b.height(i));
            if (ids) {
                assertEquals(a.id(i), b.id(i));
            }
        }
    }

    @Test
    void csvRoundTripKeepsIdsExactHeightsAndInfinity() {
        Dataset d = CoursePickleFormatTest.sampleDataset();
        double[] hs = d.heights();
        hs[3] = Double.POSITIVE_INFINITY;
        Dataset withInf = d.withHeights(hs);
        Path f = tmp.resolve("d.csv");
        CsvFormat.write(withInf, f);
        assertSameData(withInf, CsvFormat.read(f), true);
    }

    @Test
    void csvWithoutHeightsIsUnlabelled() throws Exception {
        Path f = tmp.resolve("u.csv");
        Files.writeString(f, "n,k,m,P\n4,2,1,\"1 2;3 4\"\n");
        Dataset d = CsvFormat.read(f);
        assertFalse(d.isLabelled());
        assertNull(d.id(0));
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, d.p(0));
    }

    @Test
    void csvErrorsNameFileRowAndField() throws Exception {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "id,n,k,m,height,P\na,9,4,2,3.5,\"1 2 3 4 5;1 2 3 4 5;1 2 3 4 5;1 2 3 4 5\"\n"
                + "b,9,4,2,3.5,\"1 2 3 4;1 2 3 4;1 2 3 4;1 2 3 4\"\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> CsvFormat.read(f));
        assertEquals(1, e.sampleIndex());
        assertEquals("P", e.field());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());

        Files.writeString(f, "id,n,k,m,height,P\na,9,4,2,NaN,\"1 2 3 4 5;1 2 3 4 5;1 2 3 4 5;1 2 3 4 5\"\n");
        e = assertThrows(DatasetFormatException.class, () -> CsvFormat.read(f));
        assertEquals("height", e.field());

        Files.writeString(f, "id,n,k,m,height,P\na,9,4,x,2,\"1 2 3 4 5;1 2 3 4 5;1 2 3 4 5;1 2 3 4 5\"\n");
        e = assertThrows(DatasetFormatException.class, () -> CsvFormat.read(f));
        assertEquals("m", e.field());

        Files.writeString(f, "id,n,k,height,P\n");
        e = assertThrows(DatasetFormatException.class, () -> CsvFormat.read(f));
        assertTrue(e.getMessage().contains("no 'm' column"), e.getMessage());
    }

    @Test
    void npzRoundTripThroughDjl() {
        Dataset d = CoursePickleFormatTest.sampleDataset();
        Path f = tmp.resolve("d.npz");
        NpzFormat.write(d, f);
        assertSameData(d, NpzFormat.read(f), false);
    }

    @Test
    void npzWithoutRequiredArrayIsRefused() throws Exception {
        Path f = tmp.resolve("bad.npz");
        Files.write(f, new byte[] {'P', 'K', 3, 4, 0, 0});
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> NpzFormat.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void datasetFilesPicksTheFormatFromTheName() {
        Dataset d = CoursePickleFormatTest.sampleDataset();
        DatasetFiles.write(d, tmp.resolve("x"), DatasetFormat.PICKLE, PickleOptions.DEFAULT);
        assertTrue(Files.exists(tmp.resolve("x_n_k_m_P.pkl")) && Files.exists(tmp.resolve("x_mHeights.pkl")));
        assertSameData(d, DatasetFiles.read(tmp.resolve("x")), false);
        assertSameData(d, DatasetFiles.read(tmp.resolve("x_n_k_m_P.pkl")), false);
        DatasetFiles.write(d, tmp.resolve("x.csv"), DatasetFormat.of(tmp.resolve("x.csv")), PickleOptions.DEFAULT);
        assertSameData(d, DatasetFiles.read(tmp.resolve("x.csv")), true);
    }
}

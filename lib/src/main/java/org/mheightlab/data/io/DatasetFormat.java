package org.mheightlab.data.io;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats a dataset can be read from and written to. */
public enum DatasetFormat {
    /** The course's pickle pair ({@code X_n_k_m_P.pkl} + {@code X_mHeights.pkl}). */
    PICKLE,
    /** One CSV file; see {@link CsvFormat}. */
    CSV,
    /** One numpy {@code .npz} file; see {@link NpzFormat}. */
    NPZ;

    /** The format a path's extension names; a path without a known extension is a pickle prefix. */
    public static DatasetFormat of(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".npz")) {
            return NPZ;
        }
        return PICKLE;
    }

    public static DatasetFormat parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + text + "': use pickle, csv or npz");
        }
    }
}

package org.mheightlab.data.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.files.PathKind;

/**
 * The refusals of a dataset path that names no readable file, in the user's terms: a folder ({@code convert
 * models/ out.csv} must not become "models_n_k_m_P.pkl: file not found"), a path below a file, a missing file.
 * Every dataset reader checks its path here first.
 */
public final class InputFile {

    private InputFile() {
    }

    /** Refuses a folder given as a dataset file, before any name is derived from it (a pickle prefix). */
    public static void notAFolder(Path file) {
        if (Files.isDirectory(file)) {
            throw DatasetFormatException.ofFile(file, "is a folder, not a dataset file (give a .csv, .npz or "
                    + "X_n_k_m_P.pkl file)", null);
        }
    }

    /** Refuses a folder or a path that does not exist, saying which (and which file blocks a path below it). */
    public static void require(Path file) {
        notAFolder(file);
        if (!Files.exists(file)) {
            throw missing(file);
        }
    }

    /** "file not found", or "base.csv is a file, not a folder" for {@code base.csv/x.csv}. */
    public static DatasetFormatException missing(Path file) {
        String blocked = PathKind.blockedBy(file);
        return DatasetFormatException.ofFile(file, blocked != null ? blocked : "file not found", null);
    }
}

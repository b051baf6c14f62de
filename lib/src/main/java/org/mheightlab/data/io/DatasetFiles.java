package org.mheightlab.data.io;

import java.nio.file.Path;
import java.util.List;
import org.mheightlab.data.Dataset;

/**
 * Reads and writes datasets by path, choosing the format from the name. A pickle dataset is named by its
 * inputs file ({@code X_n_k_m_P.pkl}, the heights file beside it) or by the prefix {@code X}.
 */
public final class DatasetFiles {

    private DatasetFiles() {
    }

    /** Reads a labelled dataset; for a pickle, the heights file is found beside the inputs. */
    public static Dataset read(Path path) {
        return switch (DatasetFormat.of(path)) {
            case CSV -> CsvFormat.read(path);
            case NPZ -> NpzFormat.read(path);
            case PICKLE -> {
                Path inputs = pickleInputs(path);
                yield CoursePickleFormat.read(inputs, CoursePickleFormat.heightsFileFor(inputs));
            }
        };
    }

    /** Reads a pickle inputs file with an explicitly named heights file. */
    public static Dataset read(Path inputs, Path heights) {
        return heights == null ? read(inputs) : CoursePickleFormat.read(inputs, heights);
    }

    /** Reads the inputs only (the heights, if any, are ignored). */
    public static Dataset readInputs(Path path) {
        return switch (DatasetFormat.of(path)) {
            case CSV -> CsvFormat.read(path);
            case NPZ -> NpzFormat.read(path);
            case PICKLE -> CoursePickleFormat.readInputs(pickleInputs(path));
        };
    }

    /** The files a dataset at {@code path} is read from (for provenance digests). */
    public static List<Path> files(Path path) {
        if (DatasetFormat.of(path) != DatasetFormat.PICKLE) {
            return List.of(path);
        }
        Path inputs = pickleInputs(path);
        return List.of(inputs, CoursePickleFormat.heightsFileFor(inputs));
    }

    /** Writes a dataset; returns the files written. */
    public static List<Path> write(Dataset data, Path path, DatasetFormat format, PickleOptions options) {
        return switch (format) {
            case CSV -> {
                CsvFormat.write(data, path);
                yield List.of(path);
            }
            case NPZ -> {
                NpzFormat.write(data, path);
                yield List.of(path);
            }
            case PICKLE -> {
                Path inputs = pickleInputs(path);
                Path heights = CoursePickleFormat.heightsFileFor(inputs);
                CoursePickleFormat.write(data, inputs, heights, options);
                yield List.of(inputs, heights);
            }
        };
    }

    /** {@code X_n_k_m_P.pkl} stays as it is; a prefix {@code X} (or {@code X.pkl}) becomes {@code X_n_k_m_P.pkl}. */
    public static Path pickleInputs(Path path) {
        String name = path.getFileName().toString();
        if (name.endsWith(CoursePickleFormat.INPUTS_SUFFIX)) {
            return path;
        }
        if (name.endsWith(".pkl")) {
            name = name.substring(0, name.length() - 4);
        }
        return path.resolveSibling(name + CoursePickleFormat.INPUTS_SUFFIX);
    }
}

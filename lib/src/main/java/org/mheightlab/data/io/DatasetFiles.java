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

    /** Writes a dataset (a pickle pair as one commit); returns the files written. */
    public static List<Path> write(Dataset data, Path path, DatasetFormat format, PickleOptions options) {
        try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
            List<Path> files = stage(batch, data, path, format, options);
            batch.commit();
            return files;
        }
    }

    /**
     * Stages a dataset's files in {@code batch} (the caller adds a sidecar and commits); returns the target files.
     * An unlabelled dataset written as a pickle is the inputs file alone, and a heights file already beside it
     * is removed in the same commit, since it would no longer match.
     */
    public static List<Path> stage(AtomicFiles.Batch batch, Dataset data, Path path, DatasetFormat format,
                                   PickleOptions options) {
        return switch (format) {
            case CSV -> {
                batch.writeVia(path, tmp -> CsvFormat.write(data, tmp));
                yield List.of(path);
            }
            case NPZ -> {
                batch.writeVia(path, tmp -> NpzFormat.write(data, tmp));
                yield List.of(path);
            }
            case PICKLE -> {
                Path inputs = pickleInputs(path);
                Path heights = CoursePickleFormat.heightsFileFor(inputs);
                if (data.isLabelled()) {
                    CoursePickleFormat.stage(batch, data, inputs, heights, options);
                    yield List.of(inputs, heights);
                }
                batch.write(inputs, CoursePickleFormat.inputsWriter(data, options));
                batch.remove(heights);
                yield List.of(inputs);
            }
        };
    }

    /**
     * Every file that writing a dataset at {@code path} in {@code format} creates or replaces — for a pickle
     * both files of the pair, whether or not the data is labelled (an unlabelled write removes the heights file).
     */
    public static List<Path> outputFiles(Path path, DatasetFormat format) {
        if (format != DatasetFormat.PICKLE) {
            return List.of(path);
        }
        Path inputs = pickleInputs(path);
        return List.of(inputs, CoursePickleFormat.heightsFileFor(inputs));
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

package org.mheightlab.data.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.files.AtomicFiles;

/**
 * Reads and writes datasets by path, choosing the format from the name. A pickle dataset is named by its
 * inputs file ({@code X_n_k_m_P.pkl}, the heights file beside it) or by the prefix {@code X}.
 *
 * <p>Reading also takes an inputs pickle whose name lacks the course suffix: a {@code .pkl} path that exists
 * (say {@code X.pkl}) is the inputs file itself, not the prefix {@code X}. Its heights file is
 * {@code X_mHeights.pkl} beside it; reading it as labelled data needs that file (or an explicit heights file),
 * reading its inputs alone does not. Writing keeps the prefix meaning ({@code X.pkl} → {@code X_n_k_m_P.pkl}
 * and {@code X_mHeights.pkl}), so where a dataset is written never depends on which files happen to exist.
 */
public final class DatasetFiles {

    private DatasetFiles() {
    }

    /** Reads a labelled dataset; for a pickle, the heights file is found beside the inputs. */
    public static Dataset read(Path path) {
        InputFile.notAFolder(path);
        return switch (DatasetFormat.of(path)) {
            case CSV -> CsvFormat.read(path);
            case NPZ -> NpzFormat.read(path);
            case PICKLE -> {
                Path inputs = inputsToRead(path);
                Path heights = CoursePickleFormat.heightsFileFor(inputs);
                if (Files.exists(inputs) && !Files.exists(heights)) {
                    throw DatasetFormatException.ofFile(heights, "file not found: it holds the heights of " + inputs
                            + " (name another heights file with --heights; inputs alone suffice for predict)", null);
                }
                yield CoursePickleFormat.read(inputs, heights);
            }
        };
    }

    /** Reads a pickle inputs file with an explicitly named heights file. */
    public static Dataset read(Path inputs, Path heights) {
        return heights == null ? read(inputs) : CoursePickleFormat.read(inputs, heights);
    }

    /** Reads the inputs only (the heights, if any, are ignored). */
    public static Dataset readInputs(Path path) {
        InputFile.notAFolder(path);
        return switch (DatasetFormat.of(path)) {
            case CSV -> CsvFormat.read(path);
            case NPZ -> NpzFormat.read(path);
            case PICKLE -> CoursePickleFormat.readInputs(inputsToRead(path));
        };
    }

    /** The files a dataset at {@code path} is read from (for provenance digests). */
    public static List<Path> files(Path path) {
        InputFile.notAFolder(path);
        if (DatasetFormat.of(path) != DatasetFormat.PICKLE) {
            return List.of(path);
        }
        Path inputs = inputsToRead(path);
        return List.of(inputs, CoursePickleFormat.heightsFileFor(inputs));
    }

    /**
     * The inputs pickle to read for {@code path}: an existing {@code .pkl} file is itself (whatever its name),
     * anything else is resolved as by {@link #pickleInputs}. A heights file given in its place is refused with
     * the name of the inputs file to give instead.
     */
    public static Path inputsToRead(Path path) {
        InputFile.notAFolder(path);
        String name = path.getFileName().toString();
        if (name.endsWith(CoursePickleFormat.HEIGHTS_SUFFIX)) {
            Path inputs = path.resolveSibling(name.substring(0, name.length()
                    - CoursePickleFormat.HEIGHTS_SUFFIX.length()) + CoursePickleFormat.INPUTS_SUFFIX);
            throw DatasetFormatException.ofFile(path, "is a heights file; give the inputs file " + inputs
                    + " (its heights are read from beside it)", null);
        }
        if (name.endsWith(".pkl") && !name.endsWith(CoursePickleFormat.INPUTS_SUFFIX) && Files.isRegularFile(path)) {
            return path;
        }
        return pickleInputs(path);
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
                batch.write(path, CsvFormat.writer(data));
                yield List.of(path);
            }
            case NPZ -> {
                batch.write(path, NpzFormat.writer(data));
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
        if (Files.isDirectory(path)) {
            // Not a pickle prefix beside it (models_n_k_m_P.pkl): the user meant a file, most likely inside it.
            throw new IllegalArgumentException(path + " is a folder, not a dataset file: name a file, such as "
                    + path.resolve("data.csv") + " or the pickle prefix " + path.resolve("data"));
        }
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

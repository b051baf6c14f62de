package org.mheightlab.data;

import java.nio.file.Path;

/**
 * Bad input in a dataset file. The message always names the file, and the sample index and field when the
 * problem belongs to one sample, so a user can find and fix it.
 */
public class DatasetFormatException extends RuntimeException {

    private final transient Path file;
    private final int sampleIndex;
    private final String field;

    public DatasetFormatException(Path file, int sampleIndex, String field, String problem) {
        this(file, sampleIndex, field, problem, null);
    }

    public DatasetFormatException(Path file, int sampleIndex, String field, String problem, Throwable cause) {
        super(describe(file, sampleIndex, field, problem), cause);
        this.file = file;
        this.sampleIndex = sampleIndex;
        this.field = field;
    }

    /** A problem with the file as a whole (truncated, not a pickle, lengths that disagree). */
    public static DatasetFormatException ofFile(Path file, String problem, Throwable cause) {
        return new DatasetFormatException(file, -1, null, problem, cause);
    }

    private static String describe(Path file, int sampleIndex, String field, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<input>" : file.toString());
        if (sampleIndex >= 0) {
            sb.append(": sample ").append(sampleIndex);
        }
        if (field != null) {
            sb.append(", field '").append(field).append('\'');
        }
        return sb.append(": ").append(problem).toString();
    }

    public Path file() {
        return file;
    }

    /** The 0-based sample index, or −1 when the problem is not about one sample. */
    public int sampleIndex() {
        return sampleIndex;
    }

    public String field() {
        return field;
    }
}

package org.mheightlab.files;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a path the user typed is, in the words a refusal needs: the file that stands where a folder should
 * ({@code base.csv/out.csv}), so that neither the reader's "file not found" nor the writer's "FileAlreadyExists"
 * is all the user sees. Shared by the output rule, the dataset readers and the run folder.
 */
public final class PathKind {

    private PathKind() {
    }

    /**
     * The nearest existing ancestor of {@code p} (not {@code p} itself) when it is not a folder — the file that
     * blocks every path below it — or null when the nearest existing ancestor is a folder (or there is none).
     */
    public static Path fileAbove(Path p) {
        Path parent = p.toAbsolutePath().normalize().getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null || Files.isDirectory(parent)) {
            return null;
        }
        // Named as the user wrote it where the user wrote it: the same number of levels up from p as given.
        Path given = p;
        Path abs = p.toAbsolutePath().normalize();
        while (given != null && abs != null && !abs.equals(parent)) {
            given = given.getParent();
            abs = abs.getParent();
        }
        // With "." or ".." in the path the levels do not line up; the absolute path is then the clear name.
        return given != null && given.getFileName() != null && given.getFileName().equals(parent.getFileName())
                ? given : parent;
    }

    /** "{@code base.csv} is a file, not a folder" for {@link #fileAbove}, or null when nothing blocks {@code p}. */
    public static String blockedBy(Path p) {
        Path file = fileAbove(p);
        return file == null ? null : file + " is a file, not a folder";
    }
}

package org.mheightlab.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one rule for what a command may write over, used by every command that writes (generate, convert,
 * predict, train, classify, the kernel installer). All checks run before anything is written, and all
 * refusals are {@link OutputRefusedException}s naming the option and the path.
 *
 * <ul>
 *   <li>An output is never an input: paths are compared as real paths (symbolic links resolved, hard links
 *       detected), so {@code convert a.npz ./a.npz} is refused.</li>
 *   <li>An output <b>file</b> that exists is replaced only with {@code --overwrite}; a folder in its place is
 *       never replaced.</li>
 *   <li>An output <b>folder</b> may be missing or empty. An existing folder is replaced only when it is one of
 *       ours of the right kind (recognised by its marker files, e.g. a run folder's {@code run.json} +
 *       {@code provenance.json}) and only with {@code --overwrite}; anything else — a folder of data and notes,
 *       a file — is refused. A folder that holds one of the command's inputs is never replaced.</li>
 * </ul>
 */
public final class OutputGuard {

    /** A folder this project writes, recognised by the files it always contains. */
    public record FolderKind(String description, String markers, Predicate<Path> recognises) {
        public FolderKind {
            Objects.requireNonNull(description);
            Objects.requireNonNull(markers);
            Objects.requireNonNull(recognises);
        }

        /** A kind recognised by the presence of every named regular file. */
        public static FolderKind withFiles(String description, String... files) {
            return new FolderKind(description, String.join(" + ", files), dir -> {
                for (String f : files) {
                    if (!Files.isRegularFile(dir.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    // The kinds belong to the code that writes those folders (run.RunFolder.KIND, classify.ClassifierRun.KIND,
    // classify.EncoderCheckpoint.KIND), which alone knows their file names.

    private OutputGuard() {
    }

    /**
     * Checks output files: none is an input, none is a folder, and any that exists needs {@code overwrite}.
     *
     * @param option  the option or parameter that named the outputs (for the message), e.g. "--out"
     * @param outputs every file the command will write or delete (a pickle pair's both files, a sidecar)
     * @param inputs  every file the command reads (null entries are ignored)
     */
    public static void files(String option, boolean overwrite, Collection<Path> outputs, Collection<Path> inputs) {
        for (Path out : outputs) {
            notAnInput(option, out, inputs);
        }
        for (Path out : outputs) {
            underAFolder(option, out);
            if (Files.isDirectory(out)) {
                throw new OutputRefusedException(option + ": " + out + " is a folder, not a file; refusing to "
                        + "replace it");
            }
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
                throw new OutputRefusedException(option + ": " + out + " already exists; pass --overwrite to "
                        + "replace it");
            }
        }
    }

    /**
     * Checks an output folder: see the class comment. {@code overwrite} is the user's permission to replace a
     * folder of {@code kind} (the kernel installer grants it for its own kernelspec by default).
     */
    public static void folder(String option, Path dir, FolderKind kind, boolean overwrite, Collection<Path> inputs) {
        notAnInput(option, dir, inputs);
        underAFolder(option, dir);
        Path real = realPath(dir);
        for (Path in : inputs) {
            if (in != null && realPath(in).startsWith(real)) {
                throw new OutputRefusedException(option + ": " + dir + " holds the input " + in
                        + "; refusing to replace it: choose another output folder");
            }
        }
        State state = state(dir, kind);
        switch (state) {
            case MISSING, EMPTY -> { }
            case OURS -> {
                if (!overwrite) {
                    throw new OutputRefusedException(option + ": " + dir + " holds a previous " + kind.description()
                            + "; pass --overwrite to replace it");
                }
            }
            default -> throw refusal(option, dir, kind, state);
        }
    }

    /** A folder that is about to be replaced must be missing, empty or of {@code kind} (re-checked at the swap). */
    static void requireReplaceable(Path dir, FolderKind kind, String what) {
        State state = state(dir, kind);
        if (state == State.FILE || state == State.FOREIGN || state == State.DANGLING_LINK) {
            throw refusal(what, dir, kind, state);
        }
    }

    /**
     * Refuses an output below a path that is a file ({@code convert a.csv a.csv/out.csv}): nothing can be created
     * there, and the file system would only say "FileAlreadyExists" after the work is done.
     */
    private static void underAFolder(String option, Path out) {
        String blocked = PathKind.blockedBy(out);
        if (blocked != null) {
            throw new OutputRefusedException(option + ": cannot write " + out + ": " + blocked
                    + "; choose a path in a folder");
        }
    }

    /** Refuses an output that is (the real path of) one of the inputs. */
    public static void notAnInput(String option, Path out, Collection<Path> inputs) {
        Path real = realPath(out);
        for (Path in : inputs) {
            if (in != null && (realPath(in).equals(real) || sameFile(in, out))) {
                throw new OutputRefusedException(option + ": " + out + " is also an input (" + in
                        + "); writing it would destroy the input: choose another output path");
            }
        }
    }

    /**
     * The real path of {@code p}: for an existing path {@link Path#toRealPath}, otherwise the real path of its
     * nearest existing ancestor with the rest appended, so {@code dir/../x.csv} and a symlinked folder compare equal.
     */
    public static Path realPath(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Deque<Path> rest = new ArrayDeque<>();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            rest.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path base;
        try {
            base = existing == null ? abs.getRoot() : existing.toRealPath();
        } catch (IOException e) {
            base = existing;
        }
        while (!rest.isEmpty()) {
            base = base.resolve(rest.pop());
        }
        return base;
    }

    private enum State { MISSING, EMPTY, OURS, FILE, FOREIGN, DANGLING_LINK }

    private static State state(Path dir, FolderKind kind) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return State.MISSING;
        }
        if (Files.isSymbolicLink(dir)) {
            // A link to a folder is that folder (StagedFolder replaces the folder it points to and keeps the link);
            // a link to nothing is neither missing (the link would be replaced) nor a file.
            if (!Files.exists(dir)) {
                return State.DANGLING_LINK;
            }
            return state(realFolder(dir), kind);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return State.FILE;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                return State.EMPTY;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the folder " + dir + ": " + AtomicFiles.describe(e), e);
        }
        return kind.recognises().test(dir) ? State.OURS : State.FOREIGN;
    }

    /**
     * The folder an output folder path stands for: a symbolic link (to a folder) is followed, so the folder it
     * points to is the one replaced and the link keeps pointing at the new content; any other path is itself.
     */
    public static Path realFolder(Path dir) {
        if (!Files.isSymbolicLink(dir) || !Files.isDirectory(dir)) {
            return dir;
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot follow the link " + dir + ": " + AtomicFiles.describe(e), e);
        }
    }

    private static OutputRefusedException refusal(String option, Path dir, FolderKind kind, State state) {
        if (state == State.DANGLING_LINK) {
            String to;
            try {
                to = String.valueOf(Files.readSymbolicLink(dir));
            } catch (IOException e) {
                to = "?";
            }
            return new OutputRefusedException(option + ": " + dir + " is a symbolic link to " + to + ", which does "
                    + "not exist; create that folder or choose another output folder");
        }
        if (state == State.FILE) {
            return new OutputRefusedException(option + ": " + dir + " is a file, not a " + kind.description()
                    + "; refusing to replace it: choose a new or empty folder");
        }
        return new OutputRefusedException(option + ": " + dir + " is not empty and is not a " + kind.description()
                + " (no " + kind.markers() + "); refusing to replace it: choose a new or empty folder");
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Convenience: the non-null paths, for the {@code inputs} argument. */
    public static List<Path> inputs(Path... paths) {
        return Stream.of(paths).filter(Objects::nonNull).toList();
    }
}

package org.mheightlab.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
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
 *       detected), so {@code convert a.npz ./a.npz} is refused. An input may be a folder (a run folder that
 *       predict reads, see {@link #folderInputs}): then no output may be written anywhere inside it, even with
 *       {@code --overwrite}.</li>
 *   <li>An output <b>file</b> that exists is replaced only with {@code --overwrite}; a folder in its place is
 *       never replaced.</li>
 *   <li>An output <b>folder</b> may be missing or empty. An existing folder is replaced only with
 *       {@code --overwrite}, and only when this project wrote it (its record, e.g. a run folder's
 *       {@code provenance.json}, says so) <i>and</i> it holds nothing but the files this project writes there;
 *       anything else — a folder of data and notes, a run folder with the user's plots in it, a file — is
 *       refused, naming the foreign files. A folder that holds one of the command's inputs is never replaced.</li>
 * </ul>
 * Without {@code --overwrite} the check is repeated where it matters, at the commit: {@link AtomicFiles} and
 * {@link StagedFolder} never replace an output that appeared while the command worked.
 */
public final class OutputGuard {

    /**
     * A folder this project writes.
     *
     * @param description what it is, for messages ("run folder")
     * @param markers     what {@code recognises} looks for, for messages
     * @param recognises  whether an existing folder was written by this project (its record says so)
     * @param owns        whether an entry of such a folder, given by its relative path with '/' separators (a
     *                    folder with a trailing '/'), is one the project writes there; replacing the folder
     *                    deletes everything in it, so a folder with any other entry is not replaced
     */
    public record FolderKind(String description, String markers, Predicate<Path> recognises, Predicate<String> owns) {
        public FolderKind {
            Objects.requireNonNull(description);
            Objects.requireNonNull(markers);
            Objects.requireNonNull(recognises);
            Objects.requireNonNull(owns);
        }

        /**
         * A kind of folder the command writes into without replacing it (the kernelspec: one kernel.json is
         * rewritten), so whatever else it holds is kept and never stands in the way.
         */
        public FolderKind(String description, String markers, Predicate<Path> recognises) {
            this(description, markers, recognises, entry -> true);
        }
    }

    /** How many foreign entries a refusal names before "and N more". */
    private static final int NAMED = 3;

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
        Found found = inspect(dir, kind);
        switch (found.state()) {
            case MISSING, EMPTY -> { }
            case OURS -> {
                if (!overwrite) {
                    throw new OutputRefusedException(option + ": " + dir + " holds a previous " + kind.description()
                            + "; pass --overwrite to replace it");
                }
            }
            default -> throw refusal(option, dir, kind, found);
        }
    }

    /**
     * A folder that is about to be replaced must be missing, empty or a folder of {@code kind} holding only its
     * own files (re-checked at the swap, under the commit lock).
     */
    static void requireReplaceable(Path dir, FolderKind kind, String what) {
        Found found = inspect(dir, kind);
        if (!found.state().replaceable()) {
            throw refusal(what, dir, kind, found);
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

    /**
     * Refuses an output that is (the real path of) one of the inputs, or that would land inside an input that
     * is a folder (its place is compared: the real path of its parent folder, plus its name).
     */
    public static void notAnInput(String option, Path out, Collection<Path> inputs) {
        Path real = realPath(out);
        Path landing = landing(out);
        for (Path in : inputs) {
            if (in == null || !Files.isDirectory(in)) {
                continue;
            }
            Path folder = realPath(in);
            if (real.equals(folder) || landing.equals(folder)) {
                throw new OutputRefusedException(option + ": " + out + " is a folder this command reads; refusing "
                        + "to write over it: choose an output outside it");
            }
            if (real.startsWith(folder) || landing.startsWith(folder)) {
                throw new OutputRefusedException(option + ": " + out + " is inside " + in + ", a folder this "
                        + "command reads (every file in it is an input); refusing to write there, even with "
                        + "--overwrite: choose an output outside " + in);
            }
        }
        for (Path in : inputs) {
            if (in != null && !Files.isDirectory(in) && (realPath(in).equals(real) || sameFile(in, out))) {
                throw new OutputRefusedException(option + ": " + out + " is also an input (" + in
                        + "); writing it would destroy the input: choose another output path");
            }
        }
    }

    /**
     * The inputs of a command that reads the folder {@code dir} (a run folder, a pretrained encoder): the folder
     * itself and every file and folder in it, symbolic links followed (a link loop or an unreadable entry is
     * skipped), for {@link #files}' and {@link #folder}'s {@code inputs}. Nothing when {@code dir} is not a folder.
     */
    public static List<Path> folderInputs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> all = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            all.add(d);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                            all.add(f);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path f, IOException e) {
                            return FileVisitResult.CONTINUE; // a link loop or an unreadable entry: nothing to read
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the folder " + dir + ": " + AtomicFiles.describe(e), e);
        }
        return all;
    }

    /** Where a new file written as {@code p} lands: the real path of its folder, plus its name (links not followed). */
    private static Path landing(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.getParent() == null ? abs : realPath(abs.getParent()).resolve(abs.getFileName());
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

    /** MIXED: a folder of the kind that also holds entries the project did not write there. */
    private enum State {
        MISSING, EMPTY, OURS, MIXED, FILE, FOREIGN, DANGLING_LINK;

        /** The only places a folder may be written to: nothing there, an empty folder, or one of ours alone. */
        boolean replaceable() {
            return this == MISSING || this == EMPTY || this == OURS;
        }
    }

    /** What is at an output folder's place; {@code foreign} lists a MIXED folder's other entries. */
    private record Found(State state, List<String> foreign) {
        Found(State state) {
            this(state, List.of());
        }
    }

    private static Found inspect(Path dir, FolderKind kind) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return new Found(State.MISSING);
        }
        if (Files.isSymbolicLink(dir)) {
            // A link to a folder is that folder (StagedFolder replaces the folder it points to and keeps the link);
            // a link to nothing is neither missing (the link would be replaced) nor a file.
            if (!Files.exists(dir)) {
                return new Found(State.DANGLING_LINK);
            }
            return inspect(realFolder(dir), kind);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return new Found(State.FILE);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                return new Found(State.EMPTY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the folder " + dir + ": " + AtomicFiles.describe(e), e);
        }
        if (!kind.recognises().test(dir)) {
            return new Found(State.FOREIGN);
        }
        List<String> foreign = foreignEntries(dir, kind);
        return foreign.isEmpty() ? new Found(State.OURS) : new Found(State.MIXED, foreign);
    }

    /**
     * The entries of {@code dir} the kind does not write, relative ('/'-separated, folders with a trailing '/'),
     * a foreign folder named once rather than file by file. Links are not followed: a symbolic link or any other
     * special file is never one of ours.
     */
    private static List<String> foreignEntries(Path dir, FolderKind kind) {
        List<String> foreign = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (d.equals(dir)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = relative(dir, d) + "/";
                    if (kind.owns().test(rel)) {
                        return FileVisitResult.CONTINUE;
                    }
                    foreign.add(rel);
                    return FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    String rel = relative(dir, f);
                    if (!attrs.isRegularFile() || !kind.owns().test(rel)) {
                        foreign.add(rel);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    foreign.add(relative(dir, f)); // unreadable: not known to be ours
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the folder " + dir + ": " + AtomicFiles.describe(e), e);
        }
        foreign.sort(null);
        return foreign;
    }

    private static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
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

    private static OutputRefusedException refusal(String option, Path dir, FolderKind kind, Found found) {
        if (found.state() == State.DANGLING_LINK) {
            String to;
            try {
                to = String.valueOf(Files.readSymbolicLink(dir));
            } catch (IOException e) {
                to = "?";
            }
            return new OutputRefusedException(option + ": " + dir + " is a symbolic link to " + to + ", which does "
                    + "not exist; create that folder or choose another output folder");
        }
        if (found.state() == State.FILE) {
            return new OutputRefusedException(option + ": " + dir + " is a file, not a " + kind.description()
                    + "; refusing to replace it: choose a new or empty folder");
        }
        if (found.state() == State.MIXED) {
            List<String> f = found.foreign();
            return new OutputRefusedException(option + ": " + dir + " is a " + kind.description() + " but also holds "
                    + named(f) + ", which mheight did not write there; replacing the folder would delete "
                    + (f.size() == 1 ? "it" : "them") + ", so it is refused even with --overwrite: move "
                    + (f.size() == 1 ? "it" : "them") + " out or choose another " + option);
        }
        return new OutputRefusedException(option + ": " + dir + " is not empty and is not a " + kind.description()
                + " (no " + kind.markers() + "; it holds " + named(topLevel(dir)) + "); refusing to replace it: "
                + "choose a new or empty folder");
    }

    /** The first few names, then how many more. */
    private static String named(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(NAMED, names.size())))
                + (names.size() > NAMED ? " and " + (names.size() - NAMED) + " more" : "");
    }

    private static List<String> topLevel(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName() + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the folder " + dir + ": " + AtomicFiles.describe(e), e);
        }
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

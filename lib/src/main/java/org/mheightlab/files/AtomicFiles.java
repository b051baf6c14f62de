package org.mheightlab.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Writes files through temporary siblings and atomic renames, so a reader never sees a half-written file and a
 * failed write leaves the old file untouched.
 *
 * <p>Several files that form one dataset (the course pickle pair and its provenance sidecar) are written as a
 * {@link Batch}: every temporary file is written completely first, then all are renamed into place back to back
 * in {@link Batch#commit()}. Either step failing leaves every old file as it was: until the whole commit succeeded
 * each replaced or removed file is kept as a hidden backup beside it (a hard link, so the replacing rename stays
 * atomic), and a rename that fails puts every backup back and removes the new files already placed.
 *
 * <p>A batch made without permission to replace ({@code batch(false)}, a command run without --overwrite) places
 * each file with a hard link, which fails when the target exists: a file that appeared while the command worked
 * (a second command writing the same output) is never replaced, and the whole commit is undone.
 *
 * <p>Every write goes one way: {@link Batch#write} streams the new content through a {@link Writer} into a hidden
 * temporary sibling, and {@link Batch#commit()} renames it into place ({@link #write} and the {@code writeString}
 * methods are that with a batch of one file or a UTF-8 writer).
 *
 * <p>Interruption: every temporary file or staging folder not yet moved into place is registered here, and a JVM
 * shutdown hook (run on SIGINT and SIGTERM; installed with the first registration, so a process that never
 * writes through this class has none) deletes them. The hook and the renames of a commit share one lock,
 * so a signal that arrives during a commit waits the few microseconds until all of its renames are done (the
 * new dataset is then complete), and a commit that starts after the hook ran renames nothing (the old dataset
 * stays complete). Only SIGKILL or a power loss between two renames can leave a mixed pair.
 *
 * <p>Before it deletes anything the hook runs the work registered with {@link #beforeCleanup} (a training command
 * that Ctrl-C asked to stop writes its run folder there), so the cleanup never deletes a folder that is still
 * being written on purpose; JVM shutdown hooks run in no defined order, so this is the one hook that orders them.
 */
public final class AtomicFiles {

    /** The body of a write; it may throw, in which case the target is left as it was. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Guards {@link #PENDING}, {@link #shuttingDown} and {@link #hookInstalled}, and is held for the whole rename
     * phase of a commit.
     */
    private static final Object LOCK = new Object();
    /** Temporary files and staging folders that must not outlive the process unless moved into place. */
    private static final Set<Path> PENDING = new LinkedHashSet<>();
    private static boolean shuttingDown;
    private static boolean hookInstalled;
    /** See {@link #setCommitHook}; none outside tests. */
    private static volatile CommitHook commitHook;

    /**
     * Called with each target just before a commit places a file or folder there (or removes a stale one).
     * Fault tests only: a hook that
     * throws makes that rename fail as a real one would (EPERM, EXDEV), and one that writes the target plays a
     * second process that wrote it meanwhile.
     */
    @FunctionalInterface
    public interface CommitHook {
        void beforePlacing(Path target) throws IOException;
    }

    /** Installs (or, with null, removes) the {@link CommitHook}; for fault tests. */
    public static void setCommitHook(CommitHook hook) {
        commitHook = hook;
    }

    /** Runs the test hook, if any, before placing {@code target}. */
    static void beforePlacing(Path target) throws IOException {
        CommitHook hook = commitHook;
        if (hook != null) {
            hook.beforePlacing(target);
        }
    }

    /** What the shutdown hook runs before its cleanup (see {@link #beforeCleanup}). */
    private static final List<Runnable> FIRST = new CopyOnWriteArrayList<>();

    /** A registration of {@link #beforeCleanup}; closing it withdraws the work. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private AtomicFiles() {
    }

    /** Writes one file atomically, replacing any file there. */
    public static void write(Path target, Writer writer) {
        write(target, writer, true);
    }

    /** Writes one file atomically; without {@code replaceExisting} a file that exists at the commit is kept. */
    public static void write(Path target, Writer writer, boolean replaceExisting) {
        try (Batch batch = new Batch(replaceExisting)) {
            batch.write(target, writer);
            batch.commit();
        }
    }

    /** Writes UTF-8 text atomically, replacing any file there. */
    public static void writeString(Path target, String text) {
        write(target, utf8(text));
    }

    /** Writes UTF-8 text atomically; without {@code replaceExisting} a file that exists at the commit is kept. */
    public static void writeString(Path target, String text, boolean replaceExisting) {
        write(target, utf8(text), replaceExisting);
    }

    private static Writer utf8(String text) {
        return out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A new batch that replaces existing files (see {@link #batch(boolean)}). */
    public static Batch batch() {
        return new Batch(true);
    }

    /**
     * A new batch: stage files with {@link Batch#write}, then {@link Batch#commit()}; closing without commit
     * discards. Without {@code replaceExisting} (no --overwrite) the commit refuses to replace any file.
     */
    public static Batch batch(boolean replaceExisting) {
        return new Batch(replaceExisting);
    }

    /**
     * Files written together: nothing reaches its target until {@link #commit()}, and a batch closed without a
     * commit (an exception, a refusal) leaves no temporary file behind.
     */
    public static final class Batch implements AutoCloseable {

        private final Map<Path, Path> staged = new LinkedHashMap<>();
        private final List<Path> removals = new ArrayList<>();
        private final boolean replaceExisting;
        private boolean committed;

        private Batch(boolean replaceExisting) {
            this.replaceExisting = replaceExisting;
        }

        /** Writes {@code target}'s new content completely to a hidden temporary sibling; returns that file. */
        public Path write(Path target, Writer writer) {
            if (staged.containsKey(target)) {
                throw new IllegalStateException(target + " is staged twice");
            }
            Path tmp;
            try {
                tmp = createTemp(target);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + target + ": " + describe(e), e);
            }
            staged.put(target, tmp);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + target + ": " + describe(e), e);
            }
            return tmp;
        }

        /** Stages UTF-8 text. */
        public Path writeString(Path target, String text) {
            return write(target, utf8(text));
        }

        /** The temporary file holding {@code target}'s new content (to digest it before the commit). */
        public Path staged(Path target) {
            Path tmp = staged.get(target);
            if (tmp == null) {
                throw new IllegalArgumentException(target + " is not staged");
            }
            return tmp;
        }

        /**
         * A file that must not survive the commit, such as a sidecar that would describe the old data. It is
         * deleted at the start of the rename phase, so no crash leaves it beside the new files.
         */
        public void remove(Path target) {
            removals.add(target);
        }

        /**
         * Removes the stale files, then places every staged file at its target, under the shutdown lock. All or
         * nothing: if any step fails, the files already placed are taken back and the old ones restored.
         */
        public void commit() {
            synchronized (LOCK) {
                if (shuttingDown) {
                    throw new UncheckedIOException(new IOException("interrupted: nothing was written to "
                            + staged.keySet()));
                }
                Undo undo = new Undo();
                Path current = null;
                try {
                    for (Path r : removals) {
                        current = r;
                        beforePlacing(r);
                        if (Files.exists(r, LinkOption.NOFOLLOW_LINKS)) {
                            if (!replaceExisting) {
                                // It was checked absent: someone wrote it meanwhile, and it is theirs.
                                throw new FileAlreadyExistsException(r.toString());
                            }
                            Path backup = backupPath(r);
                            Files.move(r, backup, StandardCopyOption.ATOMIC_MOVE);
                            undo.replaced(r, backup);
                        }
                    }
                    for (Map.Entry<Path, Path> e : staged.entrySet()) {
                        current = e.getKey();
                        beforePlacing(current);
                        if (replaceExisting) {
                            Path backup = Files.exists(current, LinkOption.NOFOLLOW_LINKS) ? keepCopy(current) : null;
                            move(e.getValue(), current);
                            if (backup == null) {
                                undo.placed(current);
                            } else {
                                undo.replaced(current, backup);
                            }
                        } else {
                            placeNew(e.getValue(), current);
                            undo.placed(current);
                        }
                        PENDING.remove(e.getValue());
                    }
                } catch (FileAlreadyExistsException e) {
                    String restored = undo.rollBack();
                    throw new OutputRefusedException(current + " appeared while writing (another command wrote "
                            + "it?); not replaced, and nothing else was written" + restored
                            + ": pass --overwrite to replace it");
                } catch (IOException e) {
                    String restored = undo.rollBack();
                    throw new UncheckedIOException("could not write " + current + ": " + describe(e)
                            + "; nothing was replaced" + restored, e);
                }
                undo.forget();
                committed = true;
            }
        }

        /** Deletes any temporary file that was not committed. */
        @Override
        public void close() {
            if (committed) {
                return;
            }
            synchronized (LOCK) {
                for (Path tmp : staged.values()) {
                    if (PENDING.remove(tmp)) {
                        deleteQuietly(tmp);
                    }
                }
            }
        }
    }

    /**
     * What a commit has done so far, to undo it: targets it placed where there was no file (deleted again), and
     * targets it replaced or removed with the hidden backup of their old content (renamed back).
     */
    private static final class Undo {
        private final List<Path[]> steps = new ArrayList<>();

        void placed(Path target) {
            steps.add(new Path[] {target, null});
        }

        void replaced(Path target, Path backup) {
            steps.add(new Path[] {target, backup});
        }

        /** Undoes every step, last first; returns "" or, where a backup could not be put back, where it is. */
        String rollBack() {
            StringBuilder left = new StringBuilder();
            for (int i = steps.size() - 1; i >= 0; i--) {
                Path target = steps.get(i)[0];
                Path backup = steps.get(i)[1];
                try {
                    if (backup == null) {
                        Files.deleteIfExists(target);
                    } else {
                        Files.move(backup, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    left.append(backup == null ? "; could not remove the new " + target
                            : "; the previous " + target + " is at " + backup);
                }
            }
            steps.clear();
            return left.toString();
        }

        /** The commit succeeded: the backups go. */
        void forget() {
            for (Path[] step : steps) {
                if (step[1] != null) {
                    deleteQuietly(step[1]);
                }
            }
            steps.clear();
        }
    }

    /** A free hidden name beside {@code target} for its backup during a commit. */
    private static Path backupPath(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        while (true) {
            Path p = dir.resolve("." + target.getFileName() + ".old-"
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
    }

    /**
     * Keeps {@code target}'s current content under a hidden backup name while it stays in place: a hard link (no
     * copy, and the replacing rename stays atomic), or a copy where the file system has no hard links.
     */
    private static Path keepCopy(Path target) throws IOException {
        Path backup = backupPath(target);
        try {
            Files.createLink(backup, target);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        return backup;
    }

    /**
     * Puts {@code tmp} at {@code target} only if nothing is there: a hard link fails atomically when the target
     * exists (FileAlreadyExistsException). Where the file system has no hard links, a rename without replacing
     * (checked just before it) is the next best.
     */
    private static void placeNew(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.move(tmp, target);
            return;
        }
        Files.delete(tmp);
    }

    /**
     * Creates a hidden staging folder in {@code dir}, registered for deletion if the process is interrupted
     * before it is moved into place (see {@link StagedFolder}); created under the lock, like temp files.
     */
    static Path createPendingFolder(Path dir, String prefix) throws IOException {
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new IOException("interrupted");
            }
            Path folder = Files.createTempDirectory(dir, prefix);
            register(folder);
            return folder;
        }
    }

    /** Runs {@code moves} under the shutdown lock and unregisters {@code done} (a staging folder moved into place). */
    static void commitPending(Path done, IoAction moves) throws IOException {
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new IOException("interrupted: " + done + " was not moved into place");
            }
            moves.run();
            PENDING.remove(done);
        }
    }

    /** Forgets and deletes a registered path (a staging folder given up). */
    static void discardPending(Path path) {
        synchronized (LOCK) {
            PENDING.remove(path);
            deleteQuietly(path);
        }
    }

    /** Forgets a registered path without deleting it (a staging folder kept for the user). */
    static void keepPending(Path path) {
        synchronized (LOCK) {
            PENDING.remove(path);
        }
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    /** The temp file is created and registered under the lock, so the shutdown hook either sees it or it is never made. */
    private static Path createTemp(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new IOException("interrupted");
            }
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            register(tmp);
            readableByAll(tmp);
            return tmp;
        }
    }

    /**
     * Has the shutdown hook (SIGINT, SIGTERM) run {@code work} on its thread before it deletes the pending temporary
     * files and staging folders: the work may still write through this class and move a staging folder into place
     * (a training command writing its run folder with the best epoch so far). {@code work} must return in bounded
     * time; the JVM exits only after it. Nothing is registered if the JVM is already shutting down.
     */
    public static Registration beforeCleanup(Runnable work) {
        synchronized (LOCK) {
            if (!installHook()) {
                return () -> { };
            }
            FIRST.add(work);
        }
        return () -> FIRST.remove(work);
    }

    /** Installs the shutdown hook once; false when the JVM is already shutting down. Called under the lock. */
    private static boolean installHook() {
        if (!hookInstalled) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::shutdown, "mheight-temp-cleanup"));
            } catch (IllegalStateException e) {
                return false;
            }
            hookInstalled = true;
        }
        return true;
    }

    /**
     * Registers a fresh temporary file or staging folder for the shutdown cleanup, installing the hook on the first
     * registration; called under the lock. If the JVM is already shutting down (no hook can be added, and none
     * would run), the path is deleted and the write refused, as once the hook has run.
     */
    private static void register(Path path) throws IOException {
        if (!installHook()) {
            shuttingDown = true;
            deleteQuietly(path);
            throw new IOException("interrupted");
        }
        PENDING.add(path);
    }

    /** The shutdown hook: the registered work first (outside the lock: it writes), then the cleanup. */
    private static void shutdown() {
        for (Runnable work : FIRST) {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                // the cleanup below must run whatever the work did
            }
        }
        abandonPending();
    }

    private static void abandonPending() {
        synchronized (LOCK) {
            shuttingDown = true;
            for (Path p : PENDING) {
                deleteQuietly(p);
            }
            PENDING.clear();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a folder tree; best effort (it is hidden and named after its target). */
    static void deleteQuietly(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // nothing more to do: the leftover is hidden and named after its target
        }
    }

    /** "No space left on device" rather than the exception's class name; the path is in the caller's message. */
    public static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return (fs.getFile() == null ? "" : fs.getFile() + ": ") + fs.getReason();
        }
        if (e instanceof java.nio.file.NoSuchFileException nf) {
            return nf.getFile() + ": no such file or folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException ad) {
            return ad.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs) {
            return fs.getFile() + ": " + e.getClass().getSimpleName().replace("Exception", "");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Temp files start as 0600; a dataset or report is meant to be shared like any other file. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}

package org.mheightlab.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
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
 * in {@link Batch#commit()}. Either step failing leaves every old file as it was.
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
    /** What the shutdown hook runs before its cleanup (see {@link #beforeCleanup}). */
    private static final List<Runnable> FIRST = new CopyOnWriteArrayList<>();

    /** A registration of {@link #beforeCleanup}; closing it withdraws the work. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private AtomicFiles() {
    }

    /** Writes one file atomically. */
    public static void write(Path target, Writer writer) {
        try (Batch batch = new Batch()) {
            batch.write(target, writer);
            batch.commit();
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) {
        write(target, utf8(text));
    }

    private static Writer utf8(String text) {
        return out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A new batch: stage files with {@link Batch#write}, then {@link Batch#commit()}; closing without commit discards. */
    public static Batch batch() {
        return new Batch();
    }

    /**
     * Files written together: nothing reaches its target until {@link #commit()}, and a batch closed without a
     * commit (an exception, a refusal) leaves no temporary file behind.
     */
    public static final class Batch implements AutoCloseable {

        private final Map<Path, Path> staged = new LinkedHashMap<>();
        private final List<Path> removals = new ArrayList<>();
        private boolean committed;

        private Batch() {
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

        /** Removes the stale files, then renames every staged file onto its target, under the shutdown lock. */
        public void commit() {
            synchronized (LOCK) {
                if (shuttingDown) {
                    throw new UncheckedIOException(new IOException("interrupted: nothing was written to "
                            + staged.keySet()));
                }
                Path current = null;
                try {
                    for (Path r : removals) {
                        current = r;
                        Files.deleteIfExists(r);
                    }
                    for (Map.Entry<Path, Path> e : staged.entrySet()) {
                        current = e.getKey();
                        move(e.getValue(), e.getKey());
                        PENDING.remove(e.getValue());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write " + current + ": " + describe(e), e);
                }
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

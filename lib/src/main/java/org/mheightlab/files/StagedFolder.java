package org.mheightlab.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output folder built beside its target and swapped in only when complete (a run folder, a classifier
 * checkpoint folder). Until {@link #commit()} the target is untouched, so a failed or interrupted run never
 * costs the previous one; an interrupted run leaves no staging folder (it is registered with
 * {@link AtomicFiles}' shutdown cleanup).
 *
 * <p>With permission to replace (--overwrite), the swap renames the old folder aside, renames the new one in,
 * then deletes the old one; the target is checked again at the swap, and if it is no longer a folder of
 * {@code kind} holding only its own files (the user added a file meanwhile), the new folder is kept at its
 * staging path and the target left alone. Without that permission the new folder is renamed in only where the
 * target is missing or empty (the rename itself fails on anything else): a folder that appeared while the
 * command worked is never replaced, and the new one is kept at its staging path.
 */
public final class StagedFolder implements AutoCloseable {

    private final Path target;
    private final Path staging;
    private final OutputGuard.FolderKind kind;
    private final boolean replaceExisting;
    private boolean done;

    private StagedFolder(Path target, Path staging, OutputGuard.FolderKind kind, boolean replaceExisting) {
        this.target = target;
        this.staging = staging;
        this.kind = kind;
        this.replaceExisting = replaceExisting;
    }

    /**
     * Starts a staging folder for {@code target}, which must be missing, empty or a folder of {@code kind}
     * holding only its own files; {@code replaceExisting} is the user's permission to replace such a folder
     * (checked before any work by {@link OutputGuard#folder}).
     */
    public static StagedFolder begin(Path target, OutputGuard.FolderKind kind, boolean replaceExisting) {
        // Through a link to a folder, the folder itself is replaced (the link is kept and points at the new one).
        Path out = OutputGuard.realFolder(target.toAbsolutePath().normalize());
        OutputGuard.requireReplaceable(out, kind, "output folder");
        try {
            Files.createDirectories(out.getParent());
            String prefix = "." + out.getFileName() + ".partial-";
            Path staging = AtomicFiles.createPendingFolder(out.getParent(), prefix);
            return new StagedFolder(out, staging, kind, replaceExisting);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + target + ": "
                    + AtomicFiles.describe(e), e);
        }
    }

    /** Where to write the new folder's content. */
    public Path path() {
        return staging;
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    /** Swaps the staging folder into place (see the class comment). */
    public void commit() {
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + staging.getFileName()
                .toString().substring(("." + target.getFileName() + ".partial-").length()));
        try {
            AtomicFiles.commitPending(staging, () -> {
                AtomicFiles.beforePlacing(target);
                if (!replaceExisting) {
                    placeNew();
                    return;
                }
                OutputGuard.requireReplaceable(target, kind, "output folder");
                boolean movedAside = Files.exists(target);
                if (movedAside) {
                    Files.move(target, old);
                }
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (movedAside) {
                        Files.move(old, target); // put the previous folder back before reporting
                    }
                    throw e;
                }
            });
        } catch (OutputRefusedException e) {
            AtomicFiles.keepPending(staging);
            done = true;
            throw new OutputRefusedException(e.getMessage() + "; the new output is kept at " + staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the new output folder into " + target + ": "
                    + AtomicFiles.describe(e) + (Files.exists(old) ? "; the previous one is at " + old : ""), e);
        }
        done = true;
        AtomicFiles.deleteQuietly(old);
    }

    /**
     * Renames the staging folder onto a missing or empty target; rename(2) itself refuses a target that is not
     * empty or not a folder, so nothing that appeared meanwhile is replaced.
     */
    private void placeNew() throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            throw new OutputRefusedException(target + " appeared while writing (another command wrote it?); not "
                    + "replaced: pass --overwrite to replace it");
        }
    }

    /** Deletes the staging folder unless it was committed (or kept). */
    @Override
    public void close() {
        if (!done) {
            done = true;
            AtomicFiles.discardPending(staging);
        }
    }
}

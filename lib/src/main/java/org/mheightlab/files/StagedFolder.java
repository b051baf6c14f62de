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
 * <p>The swap renames the old folder aside, renames the new one in, then deletes the old one. The target is
 * checked again at the swap: if something other than a folder of {@code kind} appeared there meanwhile, the
 * new folder is kept at its staging path and the target is left alone.
 */
public final class StagedFolder implements AutoCloseable {

    private final Path target;
    private final Path staging;
    private final OutputGuard.FolderKind kind;
    private boolean done;

    private StagedFolder(Path target, Path staging, OutputGuard.FolderKind kind) {
        this.target = target;
        this.staging = staging;
        this.kind = kind;
    }

    /**
     * Starts a staging folder for {@code target}, which must be missing, empty or a folder of {@code kind}
     * (whether replacing one is wanted is the caller's decision, see {@link OutputGuard#folder}).
     */
    public static StagedFolder begin(Path target, OutputGuard.FolderKind kind) {
        // Through a link to a folder, the folder itself is replaced (the link is kept and points at the new one).
        Path out = OutputGuard.realFolder(target.toAbsolutePath().normalize());
        OutputGuard.requireReplaceable(out, kind, "output folder");
        try {
            Files.createDirectories(out.getParent());
            String prefix = "." + out.getFileName() + ".partial-";
            Path staging = AtomicFiles.createPendingFolder(out.getParent(), prefix);
            return new StagedFolder(out, staging, kind);
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
        try {
            OutputGuard.requireReplaceable(target, kind, "output folder");
        } catch (IllegalArgumentException e) {
            AtomicFiles.keepPending(staging);
            done = true;
            throw new IllegalArgumentException(e.getMessage() + "; the new output is kept at " + staging, e);
        }
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + staging.getFileName()
                .toString().substring(("." + target.getFileName() + ".partial-").length()));
        try {
            AtomicFiles.commitPending(staging, () -> {
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the new output folder into " + target + ": "
                    + AtomicFiles.describe(e) + (Files.exists(old) ? "; the previous one is at " + old : ""), e);
        }
        done = true;
        AtomicFiles.deleteQuietly(old);
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

/**
 * File safety, below every layer that writes: atomic files and batches of them ({@link
 * org.mheightlab.files.AtomicFiles}), output folders built beside their target and swapped in ({@link
 * org.mheightlab.files.StagedFolder}), both cleaned up on SIGINT/SIGTERM, and the one rule for what a command may
 * write over ({@link org.mheightlab.files.OutputGuard}). Depends on the JDK only.
 */
package org.mheightlab.files;

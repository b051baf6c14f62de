package org.mheightlab.data.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes an NDList as {@code .npz} whose bytes depend only on the arrays: DJL stamps each zip entry with the
 * current time, so the same data written twice would differ. The entries are copied into a new archive with a
 * fixed timestamp, which keeps "the same command remakes the file byte for byte" true for .npz outputs.
 */
public final class ReproducibleNpz {

    private static final FileTime FIXED = FileTime.fromMillis(315_532_800_000L); // 1980-01-01, the zip epoch

    private ReproducibleNpz() {
    }

    /** Names {@code a} (its key in the archive) and returns it. */
    public static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    public static void write(NDList arrays, Path file) {
        byte[] bytes = bytes(arrays);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    static byte[] bytes(NDList arrays) {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            arrays.encode(raw, NDList.Encoding.NPZ);
            ByteArrayOutputStream fixed = new ByteArrayOutputStream();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(raw.toByteArray()));
                 ZipOutputStream out = new ZipOutputStream(fixed)) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setLastModifiedTime(FIXED);
                    copy.setTime(FIXED.toMillis());
                    out.putNextEntry(copy);
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            return fixed.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode .npz", e);
        }
    }
}

package org.mheightlab.data.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.mheightlab.data.DatasetFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * numpy {@code .npz} archives through DJL's NDList, shared by every .npz format of the project. Reading maps
 * the archive to its arrays by name and turns any failure into a {@link DatasetFormatException} naming the file.
 * Writing gives bytes that depend only on the arrays: DJL stamps each zip entry with the current time, so the
 * same data written twice would differ; the entries are copied into a new archive with a fixed timestamp, which
 * keeps "the same command remakes the file byte for byte" true for .npz outputs.
 */
public final class NpzArchive {

    private static final FileTime FIXED = FileTime.fromMillis(315_532_800_000L); // 1980-01-01, the zip epoch

    private NpzArchive() {
    }

    /**
     * Decodes {@code file} and hands its arrays, by name in archive order, to {@code body}; the arrays live until
     * {@code body} returns. A missing file, an unreadable archive or a runtime failure in {@code body} becomes a
     * DatasetFormatException naming the file (one thrown by {@code body} passes through unchanged).
     */
    public static <T> T read(Path file, Function<Map<String, NDArray>, T> body) {
        try (NDManager manager = NDManager.newBaseManager();
             InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDList list = NDList.decode(manager, in);
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (NDArray a : list) {
                arrays.put(a.getName(), a);
            }
            return body.apply(arrays);
        } catch (NoSuchFileException e) {
            throw DatasetFormatException.ofFile(file, "file not found", e);
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw DatasetFormatException.ofFile(file, "not a readable .npz: " + e.getMessage(), e);
        }
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

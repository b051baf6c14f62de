package org.mheightlab.data.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.files.AtomicFiles;

/**
 * numpy {@code .npz} archives, shared by every .npz format of the project. Reading parses each {@code .npy}
 * entry itself (DJL's decoder ignores the byte order and refuses Fortran order): the dtype's byte order
 * ({@code '<'}, {@code '>'}, {@code '|'}) is honoured, Fortran-ordered arrays are reordered to C order, and
 * every size an entry claims is checked against the data it holds before anything is allocated. The arrays
 * come out as {@link NdArray}s by name, in archive order; any failure becomes a {@link DatasetFormatException}
 * naming the file and the array.
 * Writing goes through DJL's NDList and gives bytes that depend only on the arrays: DJL stamps each zip entry
 * with the current time, so the same data written twice would differ; the entries are copied into a new archive
 * with a fixed timestamp, which keeps "the same command remakes the file byte for byte" true for .npz outputs.
 */
public final class NpzArchive {

    private static final FileTime FIXED = FileTime.fromMillis(315_532_800_000L); // 1980-01-01, the zip epoch
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers beyond 10 000 bytes unless told otherwise; ours are under 200. */
    private static final int MAX_HEADER = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpzArchive() {
    }

    /**
     * Decodes {@code file} and hands its arrays, by name in archive order, to {@code body}. A missing file, an
     * unreadable archive or entry, or a runtime failure in {@code body} becomes a DatasetFormatException naming
     * the file (one thrown by {@code body} passes through unchanged).
     */
    public static <T> T read(Path file, Function<Map<String, NdArray>, T> body) {
        InputFile.require(file);
        String kind = FileSignature.describe(file);
        if (kind != null && !kind.equals(FileSignature.ZIP)) {
            throw DatasetFormatException.ofFile(file, "is not a .npz file: it looks like " + kind, null);
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String name = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                if (!name.endsWith(".npy")) {
                    throw DatasetFormatException.ofFile(file, "entry '" + name + "' is not a .npy array", null);
                }
                String key = name.substring(0, name.length() - 4);
                try (InputStream in = zip.getInputStream(e)) {
                    arrays.put(key, readNpy(file, key, in, e.getSize()));
                }
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw DatasetFormatException.ofFile(file, "not a readable .npz (zip of .npy arrays): " + e.getMessage(), e);
        }
        try {
            return body.apply(arrays);
        } catch (DatasetFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DatasetFormatException.ofFile(file, "not a readable .npz: " + e.getMessage(), e);
        }
    }

    /** One {@code .npy} entry (format versions 1 to 3) of {@code size} bytes (−1 if unknown). */
    private static NdArray readNpy(Path file, String key, InputStream in, long size) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !java.util.Arrays.equals(magic, 0, 6, NPY_MAGIC, 0, 6)) {
            throw bad(file, key, "is not a .npy array (no \\x93NUMPY magic)");
        }
        int major = magic[6];
        byte[] lenBytes = in.readNBytes(major == 1 ? 2 : 4);
        if (major < 1 || major > 3 || lenBytes.length < (major == 1 ? 2 : 4)) {
            throw bad(file, key, "has an unknown .npy format version " + major + " or is truncated");
        }
        long headerLength = 0;
        for (int i = lenBytes.length - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (lenBytes[i] & 0xff);
        }
        long preamble = 8 + lenBytes.length;
        if (headerLength > MAX_HEADER || (size >= 0 && headerLength > size - preamble)) {
            throw bad(file, key, "claims a " + headerLength + "-byte header, more than the entry holds (corrupt)");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw bad(file, key, "is truncated inside its header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw bad(file, key, "has a .npy header numpy would not write (need 'descr', 'fortran_order' and "
                    + "'shape'; a structured dtype is not supported): " + header.strip());
        }
        NumpyDtype dtype = new NumpyDtype(descr.group(1));
        if (dtype.problem() != null) {
            throw bad(file, key, "has " + dtype.problem());
        }
        int[] shape = parseShape(file, key, shapeText.group(1));
        long count = NdArray.elementCount(shape);
        long dataBytes = count * dtype.itemSize();
        long available = size >= 0 ? size - preamble - headerLength : Long.MAX_VALUE;
        if (count < 0 || dataBytes > available) {
            throw bad(file, key, "of shape " + java.util.Arrays.toString(shape) + " and dtype " + dtype + " needs "
                    + (count < 0 ? "more than 2^31 elements" : dataBytes + " bytes") + " but the entry holds "
                    + available + " (truncated or corrupt)");
        }
        // readNBytes grows its buffer as data arrives, so a lying entry size cannot make it allocate in advance.
        byte[] raw = in.readNBytes((int) dataBytes);
        if (raw.length < dataBytes) {
            throw bad(file, key, "is truncated: its shape needs " + dataBytes + " bytes of data, the entry holds "
                    + raw.length);
        }
        NdArray a = new NdArray(dtype, shape, raw, fortran.group(1).equals("True"));
        if (a.problem() != null) {
            throw bad(file, key, a.problem());
        }
        return a;
    }

    private static int[] parseShape(Path file, String key, String text) {
        String[] parts = text.split(",");
        int[] shape = new int[parts.length];
        int dims = 0;
        for (String p : parts) {
            String t = p.strip();
            if (t.isEmpty()) {
                continue; // "(3,)" and "()"
            }
            try {
                shape[dims++] = Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw bad(file, key, "has a shape that is not a tuple of ints: (" + text + ")");
            }
            if (shape[dims - 1] < 0) {
                throw bad(file, key, "has a negative dimension: (" + text + ")");
            }
        }
        return java.util.Arrays.copyOf(shape, dims);
    }

    private static DatasetFormatException bad(Path file, String key, String problem) {
        return DatasetFormatException.ofFile(file, "array '" + key + "' " + problem, null);
    }

    /**
     * The refusal of an array name a format does not know, suggesting the closest known name: a typo such as
     * {@code heights} for {@code height} must not silently drop the labels.
     */
    public static DatasetFormatException unknownArray(Path file, String name, Collection<String> known,
            String expected) {
        String hint = org.mheightlab.ClosestName.hint(name, known);
        return DatasetFormatException.ofFile(file, "unknown array '" + name + "'" + hint + ": expected " + expected,
                null);
    }

    /** Names {@code a} (its key in the archive) and returns it. */
    public static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    public static void write(NDList arrays, Path file) {
        AtomicFiles.write(file, writer(arrays));
    }

    /** The archive's bytes, built now (the arrays may be closed afterwards), for {@link AtomicFiles.Batch#write}. */
    public static AtomicFiles.Writer writer(NDList arrays) {
        byte[] bytes = bytes(arrays);
        return out -> out.write(bytes);
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

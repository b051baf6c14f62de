package org.mheightlab.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a file looks like from its first bytes, so that a file in the wrong format (a PNG renamed {@code .pkl},
 * a CSV given as {@code .npz}, a PNG in place of model parameters) is refused as such instead of with a decoder's
 * "opcode 80" or an engine's multi-line report.
 */
public final class FileSignature {

    static final String ZIP = "a zip archive (such as a .npz)";
    static final String PICKLE = "a Python pickle";

    private FileSignature() {
    }

    /** The first bytes of {@code file} (fewer if it is shorter; none if it cannot be read). */
    public static byte[] head(Path file, int count) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(count);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** What {@code file} looks like, or null when its first bytes match no format this knows. */
    static String describe(Path file) {
        return describe(head(file, 16));
    }

    public static String describe(byte[] h) {
        if (h.length == 0) {
            return "an empty file";
        }
        if (starts(h, 0x89, 'P', 'N', 'G')) {
            return "a PNG image";
        }
        if (starts(h, 0xff, 0xd8, 0xff)) {
            return "a JPEG image";
        }
        if (starts(h, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (starts(h, 'P', 'K', 3, 4) || starts(h, 'P', 'K', 5, 6)) {
            return ZIP;
        }
        if (starts(h, 0x1f, 0x8b)) {
            return "gzip-compressed data";
        }
        if (starts(h, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            return "a single numpy .npy array";
        }
        if (starts(h, 0x89, 'H', 'D', 'F')) {
            return "an HDF5 file";
        }
        if ((h[0] & 0xff) == 0x80 && h.length > 1 && h[1] >= 0 && h[1] <= 5) {
            return PICKLE;
        }
        if (allZero(h)) {
            return "a run of zero bytes";
        }
        if (isText(h)) {
            return "text, such as a CSV file";
        }
        return null;
    }

    /** The first line of an engine's or decoder's message, which may go on with its own stack trace. */
    public static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.isEmpty() ? null : line;
    }

    /** "89 50 4e 47 ..." for a message. */
    public static String hex(byte[] h) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(h.length, 8); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", h[i] & 0xff));
        }
        return sb.toString();
    }

    private static boolean starts(byte[] h, int... sig) {
        if (h.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((h[i] & 0xff) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII with a comma or a line break: protocol-0 pickles are text too, but hold neither early. */
    private static boolean isText(byte[] h) {
        boolean separator = false;
        for (byte b : h) {
            int c = b & 0xff;
            if (c == ',' || c == '\n' || c == '\r' || c == '\t') {
                separator = true;
            } else if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return separator;
    }
}

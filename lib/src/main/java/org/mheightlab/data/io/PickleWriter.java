package org.mheightlab.data.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Emits the few pickle constructs the course format needs — lists, ints, floats and numpy arrays — exactly as
 * numpy and CPython would, for pickle protocols 2 to 5 and numpy 1 or numpy 2 module names.
 *
 * <p>numpy 1 names ({@code numpy.core}) load in numpy 1 and numpy 2; numpy 2 names ({@code numpy._core}) only
 * in numpy ≥ 2, as the course files do.
 */
final class PickleWriter {

    private static final int APPENDS_BATCH = 1000;

    private final OutputStream out;
    private final int protocol;
    private final String multiarrayModule;
    /** Memo slots of globals and dtypes already written, reused with GET as CPython's pickler does. */
    private final java.util.Map<String, Integer> memo = new java.util.HashMap<>();

    PickleWriter(OutputStream out, int protocol, int numpyMajor) {
        if (protocol < 2 || protocol > 5) {
            throw new IllegalArgumentException("pickle protocol must be 2 to 5, got " + protocol);
        }
        if (numpyMajor != 1 && numpyMajor != 2) {
            throw new IllegalArgumentException("numpy version must be 1 or 2, got " + numpyMajor);
        }
        this.out = out;
        this.protocol = protocol;
        this.multiarrayModule = numpyMajor == 1 ? "numpy.core.multiarray" : "numpy._core.multiarray";
    }

    void begin() throws IOException {
        out.write(0x80);
        out.write(protocol);
    }

    void end() throws IOException {
        out.write('.');
    }

    /** Starts a list; append items with {@link #item()} bookkeeping through {@link ListWriter}. */
    ListWriter list() throws IOException {
        out.write(']');
        return new ListWriter();
    }

    /** Writes a list's items in APPENDS batches, as CPython does. */
    final class ListWriter {
        private int inBatch;

        void beforeItem() throws IOException {
            if (inBatch == 0) {
                out.write('(');
            }
            inBatch++;
        }

        void afterItem() throws IOException {
            if (inBatch == APPENDS_BATCH) {
                flush();
            }
        }

        void close() throws IOException {
            if (inBatch > 0) {
                flush();
            }
        }

        private void flush() throws IOException {
            out.write('e');
            inBatch = 0;
        }
    }

    void writeInt(long v) throws IOException {
        if (v >= 0 && v < 256) {
            out.write('K');
            out.write((int) v);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            writeLittleInt((int) v);
        } else {
            out.write(0x8a);
            out.write(8);
            byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
            out.write(b);
        }
    }

    void writeFloat(double v) throws IOException {
        out.write('G');
        out.write(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(v).array());
    }

    void writeNone() throws IOException {
        out.write('N');
    }

    void writeBool(boolean b) throws IOException {
        out.write(b ? 0x88 : 0x89);
    }

    void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (protocol >= 4 && b.length < 256) {
            out.write(0x8c);
            out.write(b.length);
        } else {
            out.write('X');
            writeLittleInt(b.length);
        }
        out.write(b);
    }

    void writeBytes(byte[] b) throws IOException {
        if (protocol >= 3) {
            if (b.length < 256) {
                out.write('C');
                out.write(b.length);
            } else {
                out.write('B');
                writeLittleInt(b.length);
            }
            out.write(b);
        } else {
            // Protocol 2 has no bytes type: CPython writes _codecs.encode(latin-1 text, 'latin1').
            writeGlobal("_codecs", "encode");
            writeString(new String(b, StandardCharsets.ISO_8859_1));
            writeString("latin1");
            out.write(0x86);
            out.write('R');
        }
    }

    void writeGlobal(String module, String name) throws IOException {
        String key = module + "." + name;
        if (get(key)) {
            return;
        }
        if (protocol >= 4) {
            writeString(module);
            writeString(name);
            out.write(0x93);
        } else {
            out.write('c');
            out.write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        put(key);
    }

    /** Pushes the memoised object {@code key} if there is one. */
    private boolean get(String key) throws IOException {
        Integer slot = memo.get(key);
        if (slot == null) {
            return false;
        }
        if (slot < 256) {
            out.write('h');
            out.write(slot);
        } else {
            out.write('j');
            writeLittleInt(slot);
        }
        return true;
    }

    /** Memoises the object on top of the stack under {@code key}. */
    private void put(String key) throws IOException {
        int slot = memo.size();
        memo.put(key, slot);
        if (slot < 256) {
            out.write('q');
            out.write(slot);
        } else {
            out.write('r');
            writeLittleInt(slot);
        }
    }

    /** numpy.dtype(code, False, True) with its BUILD state, memoised after the first use. */
    private void writeDtype(String code) throws IOException {
        String key = "dtype:" + code;
        if (get(key)) {
            return;
        }
        writeGlobal("numpy", "dtype");
        writeString(code);
        writeBool(false);
        writeBool(true);
        out.write(0x87);
        out.write('R');
        out.write('(');
        writeInt(3);
        writeString("<");
        writeNone();
        writeNone();
        writeNone();
        writeInt(-1);
        writeInt(-1);
        writeInt(0);
        out.write('t');
        out.write('b');
        put(key);
    }

    /** A C-ordered little-endian int64 or float64 numpy array, pickled as numpy's ndarray.__reduce__ does. */
    void writeArray(int[] shape, double[] values, boolean asInt64) throws IOException {
        writeGlobal(multiarrayModule, "_reconstruct");
        writeGlobal("numpy", "ndarray");
        writeInt(0);
        out.write(0x85);
        writeBytes(new byte[] {'b'});
        out.write(0x87);
        out.write('R');
        out.write('(');
        writeInt(1);
        out.write('(');
        for (int d : shape) {
            writeInt(d);
        }
        out.write('t');
        writeDtype(asInt64 ? "i8" : "f8");
        writeBool(false);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (asInt64) {
                raw.putLong((long) v);
            } else {
                raw.putDouble(v);
            }
        }
        writeBytes(raw.array());
        out.write('t');
        out.write('b');
    }

    private void writeLittleInt(int v) throws IOException {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    /** For tests: a whole pickle in memory. */
    static byte[] toBytes(int protocol, int numpyMajor, PickleBody body) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        PickleWriter w = new PickleWriter(bos, protocol, numpyMajor);
        w.begin();
        body.write(w);
        w.end();
        return bos.toByteArray();
    }

    @FunctionalInterface
    interface PickleBody {
        void write(PickleWriter w) throws IOException;
    }
}

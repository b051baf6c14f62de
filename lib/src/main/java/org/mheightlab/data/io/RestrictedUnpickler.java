package org.mheightlab.data.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler that resolves only numpy's array, dtype and scalar constructors (numpy 1 {@code numpy.core}
 * and numpy 2 {@code numpy._core} names) plus the two byte-string helpers numpy pickles use. Any other global,
 * and the opcodes that instantiate arbitrary classes, are refused: a pickle is data here, never code.
 *
 * <p>Lengths are bounded by the file: Pyrolite allocates whatever a length-prefixed opcode claims
 * ({@code BINBYTES} with 2^31 − 1 makes a 2 GiB array for a 34-byte file), so {@link #load(InputStream, long)}
 * peeks at each such length first and refuses one longer than the bytes left in the file as truncated or
 * corrupt, before anything is allocated.
 */
final class RestrictedUnpickler extends Unpickler {

    /** Thrown for a global or opcode outside the allowed set. */
    static final class RefusedGlobalException extends PickleException {
        RefusedGlobalException(String message) {
            super(message);
        }
    }

    /** Thrown for a length that claims more bytes than the file has left. */
    static final class TruncatedException extends PickleException {
        TruncatedException(String message) {
            super(message);
        }
    }

    private static final IObjectConstructor RECONSTRUCT = args -> new NdArray();
    private static final IObjectConstructor NDARRAY_TYPE = args -> "numpy.ndarray";
    private static final IObjectConstructor DTYPE = args -> new NumpyDtype(String.valueOf(args[0]));
    private static final IObjectConstructor SCALAR = args -> {
        if (args.length != 2 || !(args[0] instanceof NumpyDtype dt)) {
            throw new PickleException("numpy scalar needs (dtype, bytes)");
        }
        byte[] raw = NdArray.toBytes(args[1]);
        if (raw.length != dt.itemSize()) {
            throw new PickleException("numpy scalar of dtype " + dt + " needs " + dt.itemSize() + " bytes");
        }
        dt.requireReadable();
        double v = dt.read(ByteBuffer.wrap(raw).order(dt.order()), 0);
        return dt.isInteger() ? (Object) (long) v : (Object) v;
    };
    private static final IObjectConstructor FROMBUFFER = args -> {
        // _frombuffer(buffer, dtype, shape, order), used by numpy for protocol 5.
        if (args.length != 4 || !(args[1] instanceof NumpyDtype dt)) {
            throw new PickleException("numpy _frombuffer needs (buffer, dtype, shape, order)");
        }
        return NdArray.lenient(dt, args[2], args[0], "F".equals(args[3]));
    };
    private static final IObjectConstructor CODECS_ENCODE = args -> {
        if (args.length < 1 || !(args[0] instanceof String s)) {
            throw new PickleException("_codecs.encode needs a str");
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    };
    private static final IObjectConstructor BYTEARRAY = args -> {
        if (args.length == 0) {
            return new byte[0];
        }
        return args[0] instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : NdArray.toBytes(args[0]);
    };

    private static final Map<String, IObjectConstructor> ALLOWED = Map.ofEntries(
            Map.entry("numpy.core.multiarray._reconstruct", RECONSTRUCT),
            Map.entry("numpy._core.multiarray._reconstruct", RECONSTRUCT),
            Map.entry("numpy.ndarray", NDARRAY_TYPE),
            Map.entry("numpy.dtype", DTYPE),
            Map.entry("numpy.core.multiarray.scalar", SCALAR),
            Map.entry("numpy._core.multiarray.scalar", SCALAR),
            Map.entry("numpy.core.numeric._frombuffer", FROMBUFFER),
            Map.entry("numpy._core.numeric._frombuffer", FROMBUFFER),
            Map.entry("_codecs.encode", CODECS_ENCODE),
            Map.entry("builtins.bytearray", BYTEARRAY),
            Map.entry("__builtin__.bytearray", BYTEARRAY));

    private CountingInput counted;
    private long fileSize;

    /**
     * Unpickles {@code in}, a file of {@code size} bytes (or {@code Long.MAX_VALUE} when the size is unknown, as
     * for a pipe). Every length a length-prefixed opcode claims is checked against the bytes left.
     */
    Object load(InputStream in, long size) throws IOException {
        counted = new CountingInput(in.markSupported() ? in : new java.io.BufferedInputStream(in));
        fileSize = size;
        return super.load(counted);
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        if (counted != null) {
            checkLength(key);
        }
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(resolve(String.valueOf(module), String.valueOf(name)));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST, Opcodes.OBJ, Opcodes.PERSID, Opcodes.BINPERSID, Opcodes.EXT1, Opcodes.EXT2,
                    Opcodes.EXT4 -> throw new RefusedGlobalException(
                            "pickle opcode " + key + " (class instantiation or persistent id) is not allowed");
            default -> {
                return super.dispatch(key);
            }
        }
    }

    /** For an opcode followed by a length, peeks the length and refuses one beyond the end of the file. */
    private void checkLength(short key) throws IOException {
        int width = switch (key) {
            case Opcodes.BINSTRING, Opcodes.BINUNICODE, Opcodes.BINBYTES, Opcodes.LONG4 -> 4;
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8, Opcodes.FRAME -> 8;
            default -> 0;
        };
        if (width == 0) {
            return;
        }
        counted.mark(width);
        byte[] raw = counted.readNBytes(width);
        counted.reset();
        long left = fileSize - counted.position() - width;
        if (raw.length < width) {
            throw new TruncatedException("the file ends inside the length of pickle opcode " + key);
        }
        long claimed = 0;
        for (int i = width - 1; i >= 0; i--) {
            claimed = (claimed << 8) | (raw[i] & 0xff);
        }
        if (width == 4 && (key == Opcodes.BINSTRING || key == Opcodes.LONG4)) {
            claimed = (int) claimed; // signed in the pickle format; a negative length is corrupt too
        }
        if (claimed < 0 || claimed > left) {
            throw new TruncatedException("pickle opcode " + key + " at byte " + (counted.position() - 1) + " claims "
                    + Long.toUnsignedString(claimed) + " bytes but only " + Math.max(left, 0)
                    + " are left in the file (truncated or corrupt)");
        }
    }

    /** Counts the bytes read, so that a claimed length can be compared with what is left of the file. */
    private static final class CountingInput extends FilterInputStream {
        private long position;
        private long marked;

        CountingInput(InputStream in) {
            super(in);
        }

        long position() {
            return position;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            position += s;
            return s;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            marked = position;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            position = marked;
        }
    }

    private static IObjectConstructor resolve(String module, String name) {
        IObjectConstructor c = ALLOWED.get(module + "." + name);
        if (c == null) {
            throw new RefusedGlobalException("pickle global '" + module + "." + name
                    + "' is not allowed: only numpy arrays, dtypes and scalars can be read");
        }
        return c;
    }
}

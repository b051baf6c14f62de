package org.mheightlab.data.io;

import java.io.IOException;
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
 */
final class RestrictedUnpickler extends Unpickler {

    /** Thrown for a global or opcode outside the allowed set. */
    static final class RefusedGlobalException extends PickleException {
        RefusedGlobalException(String message) {
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
        double v = dt.read(ByteBuffer.wrap(raw).order(dt.order()), 0);
        return dt.isInteger() ? (Object) (long) v : (Object) v;
    };
    private static final IObjectConstructor FROMBUFFER = args -> {
        // _frombuffer(buffer, dtype, shape, order), used by numpy for protocol 5.
        if (args.length != 4 || !(args[1] instanceof NumpyDtype dt)) {
            throw new PickleException("numpy _frombuffer needs (buffer, dtype, shape, order)");
        }
        return new NdArray(dt, NdArray.toShape(args[2]), NdArray.toBytes(args[0]), "F".equals(args[3]));
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

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
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

    private static IObjectConstructor resolve(String module, String name) {
        IObjectConstructor c = ALLOWED.get(module + "." + name);
        if (c == null) {
            throw new RefusedGlobalException("pickle global '" + module + "." + name
                    + "' is not allowed: only numpy arrays, dtypes and scalars can be read");
        }
        return c;
    }
}

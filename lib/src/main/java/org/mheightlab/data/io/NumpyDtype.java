package org.mheightlab.data.io;

import java.nio.ByteOrder;
import net.razorvine.pickle.PickleException;

/**
 * A numpy dtype, as pickled ({@code numpy.dtype('i8', False, True)} followed by a BUILD with
 * {@code (3, '<', None, None, None, -1, -1, 0)}) or as written in a {@code .npy} header ({@code '<f8'}). Only
 * fixed-size numeric kinds are readable: {@code i} and {@code u} of 1, 2, 4, 8 bytes, {@code f} of 2, 4, 8
 * bytes and {@code b1}. The byte order is honoured: {@code '>'} big-endian, {@code '<'} little-endian,
 * {@code '|'} (not applicable, one-byte kinds) and {@code '='} (native, which is little-endian on every
 * platform numpy ships for).
 *
 * <p>An unreadable dtype (object {@code O8}, strings, structured) does not fail here: it records
 * {@link #problem()}, so that the array holding it can be refused where the sample and field are known
 * rather than in the middle of unpickling.
 */
public final class NumpyDtype {

    private final String code;
    private final char kind;
    private final int itemSize;
    private final String problem;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    NumpyDtype(String code) {
        this.code = code;
        String c = code;
        if (!c.isEmpty() && "<>|=".indexOf(c.charAt(0)) >= 0) {
            order = c.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            c = c.substring(1);
        }
        char k = c.isEmpty() ? '?' : c.charAt(0);
        int size = -1;
        if (c.length() >= 2 && c.substring(1).chars().allMatch(Character::isDigit) && c.length() <= 4) {
            size = Integer.parseInt(c.substring(1));
        }
        boolean ok = switch (k) {
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'f' -> size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        this.kind = ok ? k : '?';
        this.itemSize = ok ? size : 0;
        this.problem = ok ? null : "unsupported numpy dtype '" + code + "'" + (k == 'O' ? " (an object array)" : "")
                + ": need a numeric dtype such as int64 (i8), float64 (f8), float32 (f4) or float16 (f2)";
    }

    /** BUILD state: (version, byteorder, ...). */
    public void __setstate__(Object[] state) {
        if (state.length > 1 && state[1] instanceof String bo && !bo.isEmpty()) {
            order = bo.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }
    }

    /** Why this dtype cannot be read, or null when it can. */
    public String problem() {
        return problem;
    }

    /** Throws the {@link #problem()} as a PickleException (for uses with no sample to name, like a scalar). */
    NumpyDtype requireReadable() {
        if (problem != null) {
            throw new PickleException(problem);
        }
        return this;
    }

    public char kind() {
        return kind;
    }

    public int itemSize() {
        return itemSize;
    }

    ByteOrder order() {
        return order;
    }

    public boolean isInteger() {
        return kind == 'i' || kind == 'u' || kind == 'b';
    }

    /** Element {@code index} of a raw buffer in this dtype, as a double. */
    double read(java.nio.ByteBuffer buf, int index) {
        int at = index * itemSize;
        return switch (kind) {
            case 'f' -> switch (itemSize) {
                case 2 -> halfToDouble(buf.getShort(at));
                case 4 -> buf.getFloat(at);
                default -> buf.getDouble(at);
            };
            case 'i' -> switch (itemSize) {
                case 1 -> buf.get(at);
                case 2 -> buf.getShort(at);
                case 4 -> buf.getInt(at);
                default -> buf.getLong(at);
            };
            case 'u' -> switch (itemSize) {
                case 1 -> buf.get(at) & 0xff;
                case 2 -> buf.getShort(at) & 0xffff;
                case 4 -> buf.getInt(at) & 0xffffffffL;
                default -> unsignedLong(buf.getLong(at));
            };
            case 'b' -> buf.get(at) != 0 ? 1 : 0;
            default -> throw new IllegalStateException(problem);
        };
    }

    /** IEEE 754 binary16 to double (Java 17 has no Float.float16ToFloat). Exact: every half is a double. */
    static double halfToDouble(short bits) {
        int sign = (bits & 0x8000) != 0 ? -1 : 1;
        int exponent = (bits >> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return mantissa == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (exponent == 0) {
            return sign * Math.scalb((double) mantissa, -24); // subnormal: 0.mantissa × 2^-14
        }
        return sign * Math.scalb((double) (mantissa | 0x400), exponent - 25);
    }

    private static double unsignedLong(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    @Override
    public String toString() {
        if (problem != null) {
            return code;
        }
        return (itemSize == 1 ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<") + kind + itemSize;
    }
}

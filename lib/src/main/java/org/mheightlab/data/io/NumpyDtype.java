package org.mheightlab.data.io;

import java.nio.ByteOrder;
import net.razorvine.pickle.PickleException;

/**
 * A numpy dtype as pickled: {@code numpy.dtype('i8', False, True)} followed by a BUILD with
 * {@code (3, '<', None, None, None, -1, -1, 0)}. Only fixed-size numeric kinds are accepted.
 */
public final class NumpyDtype {

    private final char kind;
    private final int itemSize;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    NumpyDtype(String code) {
        String c = code;
        if (!c.isEmpty() && "<>|=".indexOf(c.charAt(0)) >= 0) {
            order = c.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            c = c.substring(1);
        }
        if (c.length() < 2 || "iufb".indexOf(c.charAt(0)) < 0) {
            throw new PickleException("unsupported numpy dtype '" + code + "' (need a numeric dtype such as i8 or f8)");
        }
        kind = c.charAt(0);
        try {
            itemSize = Integer.parseInt(c.substring(1));
        } catch (NumberFormatException e) {
            throw new PickleException("unsupported numpy dtype '" + code + "'");
        }
        boolean ok = switch (kind) {
            case 'i', 'u' -> itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
            case 'f' -> itemSize == 4 || itemSize == 8;
            default -> itemSize == 1;
        };
        if (!ok) {
            throw new PickleException("unsupported numpy dtype '" + code + "'");
        }
    }

    /** BUILD state: (version, byteorder, ...). */
    public void __setstate__(Object[] state) {
        if (state.length > 1 && state[1] instanceof String bo && !bo.isEmpty()) {
            order = bo.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }
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
            case 'f' -> itemSize == 8 ? buf.getDouble(at) : buf.getFloat(at);
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
            default -> buf.get(at) != 0 ? 1 : 0;
        };
    }

    private static double unsignedLong(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    @Override
    public String toString() {
        return (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + kind + itemSize;
    }
}

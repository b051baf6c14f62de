package org.mheightlab.data.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.razorvine.pickle.PickleException;

/**
 * A numeric numpy array read from a pickle or a {@code .npy} entry of a {@code .npz}, held as doubles in C
 * (row-major) order whatever the order and byte order of the file (P entries and heights are small enough that
 * int64 values convert exactly).
 *
 * <p>An array that cannot be read (an object dtype, data of the wrong length for its shape) is not an
 * exception while unpickling: it keeps the reason in {@link #problem()}, and the reader that knows which sample
 * and field the array is refuses it there, so the message says where the bad array is.
 */
public final class NdArray {

    private NumpyDtype dtype;
    private int[] shape;
    private double[] values;
    private String problem = "numpy array without state (no BUILD after _reconstruct)";

    NdArray() {
    }

    NdArray(NumpyDtype dtype, int[] shape, byte[] raw, boolean fortranOrder) {
        fill(dtype, shape, raw, fortranOrder);
    }

    /** An array for numpy's {@code _frombuffer}; an unreadable one keeps its {@link #problem()}. */
    static NdArray lenient(NumpyDtype dtype, Object shape, Object data, boolean fortranOrder) {
        NdArray a = new NdArray();
        try {
            a.fill(dtype, toShape(shape), toBytes(data), fortranOrder);
        } catch (PickleException e) {
            a.problem = e.getMessage();
        }
        return a;
    }

    /**
     * BUILD state of {@code _reconstruct}: (version, shape, dtype, is_fortran, data) or, in old pickles,
     * (shape, dtype, is_fortran, data).
     */
    public void __setstate__(Object[] state) {
        int base = state.length == 5 ? 1 : 0;
        if (state.length - base != 4) {
            problem = "numpy array state has " + state.length + " fields, expected 4 or 5";
            return;
        }
        if (!(state[base + 1] instanceof NumpyDtype dt)) {
            problem = "numpy array state has no dtype";
            return;
        }
        try {
            fill(dt, toShape(state[base]), toBytes(state[base + 3]), Boolean.TRUE.equals(state[base + 2]));
        } catch (PickleException e) {
            problem = e.getMessage();
        }
    }

    private void fill(NumpyDtype dt, int[] shp, byte[] raw, boolean fortranOrder) {
        this.dtype = dt;
        this.shape = shp;
        if (dt.problem() != null) {
            problem = dt.problem();
            return;
        }
        long count = elementCount(shp);
        if (count < 0 || raw.length != count * dt.itemSize()) {
            problem = "numpy array of shape " + Arrays.toString(shp) + " and dtype " + dt + " needs "
                    + (count < 0 ? "more than 2^31" : String.valueOf(count * dt.itemSize())) + " bytes, the file holds "
                    + raw.length;
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(dt.order());
        double[] v = new double[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = dt.read(buf, i);
        }
        this.values = fortranOrder && shp.length > 1 ? toCOrder(v, shp) : v;
        this.problem = null;
    }

    /** The number of elements of a shape, or −1 if it does not fit a Java array. */
    static long elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                return -1;
            }
        }
        return count;
    }

    /** Reorders Fortran (column-major) values to C (row-major) order, for any number of axes. */
    static double[] toCOrder(double[] fortran, int[] shape) {
        int dims = shape.length;
        int[] fStride = new int[dims];
        for (int d = 0, s = 1; d < dims; d++) {
            fStride[d] = s;
            s *= shape[d];
        }
        double[] c = new double[fortran.length];
        int[] index = new int[dims];
        int from = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] = fortran[from];
            // Advance the C index (last axis fastest), keeping the Fortran offset in step.
            for (int d = dims - 1; d >= 0; d--) {
                index[d]++;
                from += fStride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                from -= fStride[d] * shape[d];
                index[d] = 0;
            }
        }
        return c;
    }

    static int[] toShape(Object o) {
        if (o instanceof Object[] arr) {
            int[] s = new int[arr.length];
            for (int i = 0; i < arr.length; i++) {
                if (!(arr[i] instanceof Number num) || num.longValue() < 0 || num.longValue() > Integer.MAX_VALUE) {
                    throw new PickleException("numpy shape must be a tuple of non-negative ints, got "
                            + Arrays.toString(arr));
                }
                s[i] = num.intValue();
            }
            return s;
        }
        if (o instanceof Number num && num.longValue() >= 0 && num.longValue() <= Integer.MAX_VALUE) {
            return new int[] {num.intValue()};
        }
        throw new PickleException("numpy shape must be a tuple of ints, got " + o);
    }

    static byte[] toBytes(Object o) {
        if (o instanceof byte[] b) {
            return b;
        }
        if (o instanceof String s) {
            // Protocol-0/2 pickles from Python 2 store raw data as a latin-1 str.
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        if (o instanceof List<?>) {
            throw new PickleException("numpy object arrays are not supported (the array holds Python objects, "
                    + "not numbers)");
        }
        throw new PickleException("numpy array data must be bytes, got " + (o == null ? "None" : o.getClass()));
    }

    /** Why this array cannot be read, or null when it was read. */
    public String problem() {
        return problem;
    }

    public NumpyDtype dtype() {
        return dtype;
    }

    public int[] shape() {
        require();
        return shape.clone();
    }

    /** The values in C order (a fresh copy). */
    public double[] values() {
        require();
        return values.clone();
    }

    /** The values in C order as floats (for the classification data, which trains in float32). */
    public float[] toFloats() {
        require();
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private void require() {
        if (problem != null) {
            throw new PickleException(problem);
        }
    }

    /** Row-major 2-D view as a fresh double[rows][cols]. */
    public double[][] toMatrix() {
        require();
        if (shape.length != 2) {
            throw new PickleException("expected a 2-D array, got shape " + Arrays.toString(shape));
        }
        double[][] m = new double[shape[0]][shape[1]];
        for (int r = 0; r < shape[0]; r++) {
            System.arraycopy(values, r * shape[1], m[r], 0, shape[1]);
        }
        return m;
    }
}

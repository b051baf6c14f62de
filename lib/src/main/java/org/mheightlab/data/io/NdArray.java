package org.mheightlab.data.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.razorvine.pickle.PickleException;

/**
 * A numeric numpy array read from a pickle, held as doubles (P entries and heights are small enough that
 * int64 values convert exactly).
 */
public final class NdArray {

    private NumpyDtype dtype;
    private int[] shape;
    private double[] values;

    NdArray() {
    }

    NdArray(NumpyDtype dtype, int[] shape, byte[] raw, boolean fortranOrder) {
        fill(dtype, shape, raw, fortranOrder);
    }

    /**
     * BUILD state of {@code _reconstruct}: (version, shape, dtype, is_fortran, data) or, in old pickles,
     * (shape, dtype, is_fortran, data).
     */
    public void __setstate__(Object[] state) {
        int base = state.length == 5 ? 1 : 0;
        if (state.length - base != 4) {
            throw new PickleException("numpy array state has " + state.length + " fields, expected 4 or 5");
        }
        if (!(state[base + 1] instanceof NumpyDtype dt)) {
            throw new PickleException("numpy array state has no dtype");
        }
        fill(dt, toShape(state[base]), toBytes(state[base + 3]), Boolean.TRUE.equals(state[base + 2]));
    }

    private void fill(NumpyDtype dt, int[] shp, byte[] raw, boolean fortranOrder) {
        long count = 1;
        for (int d : shp) {
            count *= d;
        }
        if (raw.length != count * dt.itemSize()) {
            throw new PickleException("numpy array of shape " + java.util.Arrays.toString(shp) + " and dtype " + dt
                    + " needs " + count * dt.itemSize() + " bytes, the pickle holds " + raw.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(dt.order());
        double[] v = new double[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = dt.read(buf, i);
        }
        if (fortranOrder && shp.length == 2) {
            double[] c = new double[v.length];
            for (int r = 0; r < shp[0]; r++) {
                for (int col = 0; col < shp[1]; col++) {
                    c[r * shp[1] + col] = v[col * shp[0] + r];
                }
            }
            v = c;
        }
        this.dtype = dt;
        this.shape = shp;
        this.values = v;
    }

    static int[] toShape(Object o) {
        if (o instanceof Object[] arr) {
            int[] s = new int[arr.length];
            for (int i = 0; i < arr.length; i++) {
                s[i] = ((Number) arr[i]).intValue();
            }
            return s;
        }
        if (o instanceof Number num) {
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
            throw new PickleException("numpy object arrays are not supported");
        }
        throw new PickleException("numpy array data must be bytes, got " + (o == null ? "None" : o.getClass()));
    }

    public NumpyDtype dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public double[] values() {
        return values.clone();
    }

    boolean isInitialised() {
        return values != null;
    }

    /** Row-major 2-D view as a fresh double[rows][cols]. */
    public double[][] toMatrix() {
        if (shape.length != 2) {
            throw new PickleException("expected a 2-D array, got shape " + java.util.Arrays.toString(shape));
        }
        double[][] m = new double[shape[0]][shape[1]];
        for (int r = 0; r < shape[0]; r++) {
            System.arraycopy(values, r * shape[1], m[r], 0, shape[1]);
        }
        return m;
    }
}

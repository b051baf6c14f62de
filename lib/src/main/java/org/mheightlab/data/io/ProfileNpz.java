package org.mheightlab.data.io;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.data.ProfileSet;

/**
 * A {@link ProfileSet} as an {@code .npz}: {@code P} (N × k × (n−k), float64) and {@code log2h} (N × (n−k),
 * float64, NaN where a height is unknown). Used for the generated-data cache of a run; numpy reads it as it is.
 */
public final class ProfileNpz {

    private ProfileNpz() {
    }

    public static void write(ProfileSet codes, Path file) {
        int count = codes.size();
        int k = codes.k();
        int cols = codes.n() - k;
        double[] p = new double[count * k * cols];
        double[] h = new double[count * cols];
        for (int i = 0; i < count; i++) {
            double[][] pi = codes.p(i);
            for (int r = 0; r < k; r++) {
                System.arraycopy(pi[r], 0, p, (i * k + r) * cols, cols);
            }
            for (int m = 1; m <= cols; m++) {
                h[i * cols + m - 1] = codes.log2Height(i, m);
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = new NDList();
            list.add(NpzArchive.named(manager.create(p, new Shape(count, k, cols)), "P"));
            list.add(NpzArchive.named(manager.create(h, new Shape(count, cols)), "log2h"));
            NpzArchive.write(list, file);
        }
    }

    public static ProfileSet read(Path file) {
        return NpzArchive.read(file, arrays -> {
            for (String name : arrays.keySet()) {
                if (!name.equals("P") && !name.equals("log2h")) {
                    throw NpzArchive.unknownArray(file, name, List.of("P", "log2h"), "P and log2h");
                }
            }
            NdArray pa = arrays.get("P");
            NdArray ha = arrays.get("log2h");
            if (pa == null || ha == null) {
                throw DatasetFormatException.ofFile(file, "needs arrays P and log2h", null);
            }
            int[] ps = pa.shape();
            int[] hs = ha.shape();
            if (ps.length != 3 || hs.length != 2 || hs[0] != ps[0] || hs[1] != ps[2]) {
                throw DatasetFormatException.ofFile(file, "P must be N×k×(n−k) and log2h N×(n−k), got "
                        + java.util.Arrays.toString(ps) + " and " + java.util.Arrays.toString(hs), null);
            }
            int count = ps[0];
            int k = ps[1];
            int cols = ps[2];
            double[] p = pa.values();
            double[] h = ha.values();
            List<double[][]> codes = new ArrayList<>();
            List<double[]> labels = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                double[][] pi = new double[k][cols];
                for (int r = 0; r < k; r++) {
                    System.arraycopy(p, (i * k + r) * cols, pi[r], 0, cols);
                }
                double[] li = new double[cols];
                System.arraycopy(h, i * cols, li, 0, cols);
                codes.add(pi);
                labels.add(li);
                keys.add(ProfileSet.keyOf(pi));
            }
            return new ProfileSet(k + cols, k, codes, labels, keys);
        });
    }
}

package org.mheightlab.classify;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.data.io.NdArray;
import org.mheightlab.data.io.NpzArchive;
import org.mheightlab.files.AtomicFiles;

/**
 * Multimodal datasets as numpy {@code .npz} (read and written through DJL's NDList), one array per modality:
 * <ul>
 *   <li>{@code x_NAME}: float or int, shape (N, d) — one token of width d — or (N, T, d) — T tokens;</li>
 *   <li>{@code label}: int, bool or float, shape (N,), values exactly 0 or 1 (0.5 is refused, not rounded);</li>
 *   <li>{@code aux} (optional): float, shape (N,), the auxiliary head's regression target;</li>
 *   <li>{@code split} (optional): int, shape (N,), 0 = train, 1 = validation, 2 = test.</li>
 * </ul>
 * Made in Python with {@code np.savez("d.npz", x_rows=..., x_stats=..., label=..., split=...)}. Any other array
 * name is refused, so a typo never silently drops a modality.
 */
public final class MultimodalNpz {

    private static final String PREFIX = "x_";
    private static final List<String> FIXED = List.of("label", "aux", "split");

    private MultimodalNpz() {
    }

    public static MultimodalDataset read(Path file) {
        return NpzArchive.read(file, archive -> {
            // Sorted by name: the modalities come out in a fixed order whatever order the file holds them in.
            Map<String, NdArray> arrays = new TreeMap<>();
            for (Map.Entry<String, NdArray> entry : archive.entrySet()) {
                String name = entry.getKey();
                if (!(name.startsWith(PREFIX) && name.length() > PREFIX.length()) && !FIXED.contains(name)) {
                    throw NpzArchive.unknownArray(file, name, FIXED, "x_NAME per modality, label, and optionally aux "
                            + "and split");
                }
                arrays.put(name, entry.getValue());
            }
            NdArray labelArray = arrays.get("label");
            if (labelArray == null) {
                throw DatasetFormatException.ofFile(file, "no 'label' array", null);
            }
            int n = vectorLength(file, labelArray, "label", -1);
            // Compared as read, before any cast: a float label 0.5 or 1.7 would truncate to a valid 0 or 1.
            double[] labelValues = labelArray.values();
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                if (labelValues[i] != 0 && labelValues[i] != 1) {
                    throw new DatasetFormatException(file, i, "label", "is " + number(labelValues[i])
                            + ", expected exactly 0 or 1");
                }
                labels[i] = (int) labelValues[i];
            }
            List<Modality> modalities = new ArrayList<>();
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                if (e.getKey().startsWith(PREFIX)) {
                    modalities.add(modality(file, e.getKey(), e.getValue(), n));
                }
            }
            if (modalities.isEmpty()) {
                throw DatasetFormatException.ofFile(file, "no modality arrays (x_NAME)", null);
            }
            float[] aux = null;
            if (arrays.containsKey("aux")) {
                vectorLength(file, arrays.get("aux"), "aux", n);
                aux = arrays.get("aux").toFloats();
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(aux[i])) {
                        throw new DatasetFormatException(file, i, "aux", "is " + aux[i]);
                    }
                }
            }
            int[] split = null;
            if (arrays.containsKey("split")) {
                vectorLength(file, arrays.get("split"), "split", n);
                double[] s = arrays.get("split").values();
                split = new int[n];
                for (int i = 0; i < n; i++) {
                    if (s[i] != 0 && s[i] != 1 && s[i] != 2) {
                        throw new DatasetFormatException(file, i, "split", "is " + number(s[i])
                                + ", expected 0 (train), 1 (validation) or 2 (test)");
                    }
                    split[i] = (int) s[i];
                }
            }
            return new MultimodalDataset(modalities, labels, aux, split, file);
        });
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static int vectorLength(Path file, NdArray a, String name, int expected) {
        int[] s = a.shape();
        if (s.length != 1 || (expected >= 0 && s[0] != expected)) {
            throw DatasetFormatException.ofFile(file, "array '" + name + "' must have shape ("
                    + (expected >= 0 ? expected : "N") + ",), got " + shapeText(s), null);
        }
        return s[0];
    }

    private static String shapeText(int[] s) {
        return s.length == 1 ? "(" + s[0] + ",)" : Arrays.toString(s).replace('[', '(').replace(']', ')');
    }

    private static Modality modality(Path file, String key, NdArray a, int n) {
        int[] s = a.shape();
        if ((s.length != 2 && s.length != 3) || s[0] != n) {
            throw DatasetFormatException.ofFile(file, "array '" + key + "' must have shape (" + n + ", d) or (" + n
                    + ", T, d) to match 'label', got " + shapeText(s), null);
        }
        int tokens = s.length == 3 ? s[1] : 1;
        int width = s[s.length - 1];
        if (tokens < 1 || width < 1) {
            throw DatasetFormatException.ofFile(file, "array '" + key + "' has an empty axis: " + shapeText(s), null);
        }
        float[] values = a.toFloats();
        int per = tokens * width;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new DatasetFormatException(file, i / per, key, "holds " + values[i] + " at token "
                        + (i % per) / width + ", feature " + i % width);
            }
        }
        return new Modality(key.substring(PREFIX.length()), tokens, width, values);
    }

    /** Writes {@code data} atomically (temp file, then move). */
    public static void write(MultimodalDataset data, Path file) {
        AtomicFiles.write(file, writer(data));
    }

    /** The .npz file's bytes, built now, for {@link AtomicFiles.Batch#write}. */
    public static AtomicFiles.Writer writer(MultimodalDataset data) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = new NDList();
            int n = data.size();
            for (Modality m : data.modalities()) {
                Shape shape = m.tokens() == 1 ? new Shape(n, m.width()) : new Shape(n, m.tokens(), m.width());
                list.add(NpzArchive.named(manager.create(m.values(), shape), PREFIX + m.name()));
            }
            list.add(NpzArchive.named(manager.create(data.labels()), "label"));
            if (data.hasAux()) {
                float[] aux = new float[n];
                for (int i = 0; i < n; i++) {
                    aux[i] = data.aux(i);
                }
                list.add(NpzArchive.named(manager.create(aux), "aux"));
            }
            if (data.hasSplit()) {
                list.add(NpzArchive.named(manager.create(data.split()), "split"));
            }
            return NpzArchive.writer(list);
        }
    }

}

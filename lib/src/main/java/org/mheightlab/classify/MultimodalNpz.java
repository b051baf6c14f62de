package org.mheightlab.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mheightlab.data.DatasetFormatException;
import org.mheightlab.data.io.NpzArchive;

/**
 * Multimodal datasets as numpy {@code .npz} (read and written through DJL's NDList), one array per modality:
 * <ul>
 *   <li>{@code x_NAME}: float or int, shape (N, d) — one token of width d — or (N, T, d) — T tokens;</li>
 *   <li>{@code label}: int or bool, shape (N,), values 0 or 1;</li>
 *   <li>{@code aux} (optional): float, shape (N,), the auxiliary head's regression target;</li>
 *   <li>{@code split} (optional): int, shape (N,), 0 = train, 1 = validation, 2 = test.</li>
 * </ul>
 * Made in Python with {@code np.savez("d.npz", x_rows=..., x_stats=..., label=..., split=...)}. Any other array
 * name is refused, so a typo never silently drops a modality.
 */
public final class MultimodalNpz {

    private static final String PREFIX = "x_";

    private MultimodalNpz() {
    }

    public static MultimodalDataset read(Path file) {
        return NpzArchive.read(file, archive -> {
            // Sorted by name: the modalities come out in a fixed order whatever order the file holds them in.
            Map<String, NDArray> arrays = new TreeMap<>();
            for (Map.Entry<String, NDArray> entry : archive.entrySet()) {
                String name = entry.getKey();
                if (!(name.startsWith(PREFIX) && name.length() > PREFIX.length()) && !name.equals("label")
                        && !name.equals("aux") && !name.equals("split")) {
                    throw DatasetFormatException.ofFile(file, "unknown array '" + name + "': expected x_NAME per "
                            + "modality, label, and optionally aux and split", null);
                }
                arrays.put(name, entry.getValue());
            }
            NDArray labelArray = arrays.get("label");
            if (labelArray == null) {
                throw DatasetFormatException.ofFile(file, "no 'label' array", null);
            }
            int n = vectorLength(file, labelArray, "label", -1);
            int[] labels = labelArray.toType(DataType.INT32, false).toIntArray();
            for (int i = 0; i < n; i++) {
                if (labels[i] != 0 && labels[i] != 1) {
                    throw new DatasetFormatException(file, i, "label", "is " + labels[i] + ", expected 0 or 1");
                }
            }
            List<Modality> modalities = new ArrayList<>();
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
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
                aux = arrays.get("aux").toType(DataType.FLOAT32, false).toFloatArray();
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(aux[i])) {
                        throw new DatasetFormatException(file, i, "aux", "is " + aux[i]);
                    }
                }
            }
            int[] split = null;
            if (arrays.containsKey("split")) {
                vectorLength(file, arrays.get("split"), "split", n);
                split = arrays.get("split").toType(DataType.INT32, false).toIntArray();
                for (int i = 0; i < n; i++) {
                    if (split[i] < 0 || split[i] > 2) {
                        throw new DatasetFormatException(file, i, "split", "is " + split[i]
                                + ", expected 0 (train), 1 (validation) or 2 (test)");
                    }
                }
            }
            return new MultimodalDataset(modalities, labels, aux, split);
        });
    }

    private static int vectorLength(Path file, NDArray a, String name, int expected) {
        Shape s = a.getShape();
        if (s.dimension() != 1 || (expected >= 0 && s.get(0) != expected)) {
            throw DatasetFormatException.ofFile(file, "array '" + name + "' must have shape ("
                    + (expected >= 0 ? expected : "N") + ",), got " + s, null);
        }
        return (int) s.get(0);
    }

    private static Modality modality(Path file, String key, NDArray a, int n) {
        Shape s = a.getShape();
        if ((s.dimension() != 2 && s.dimension() != 3) || s.get(0) != n) {
            throw DatasetFormatException.ofFile(file, "array '" + key + "' must have shape (" + n + ", d) or (" + n
                    + ", T, d) to match 'label', got " + s, null);
        }
        int tokens = s.dimension() == 3 ? (int) s.get(1) : 1;
        int width = (int) s.get(s.dimension() - 1);
        if (tokens < 1 || width < 1) {
            throw DatasetFormatException.ofFile(file, "array '" + key + "' has an empty axis: " + s, null);
        }
        float[] values = a.toType(DataType.FLOAT32, false).toFloatArray();
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
            NpzArchive.write(list, file);
        }
    }

}

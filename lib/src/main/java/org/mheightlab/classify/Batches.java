package org.mheightlab.classify;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Turns rows of a {@link MultimodalDataset} into the encoder's input: one (B, T_i, w_i) array per modality. */
final class Batches {

    private Batches() {
    }

    static NDList inputs(NDManager manager, MultimodalDataset data, int[] rows) {
        NDList out = new NDList();
        for (Modality m : data.modalities()) {
            int per = m.perSample();
            float[] values = new float[rows.length * per];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(m.values(), rows[r] * per, values, r * per, per);
            }
            out.add(manager.create(values, new Shape(rows.length, m.tokens(), m.width())));
        }
        return out;
    }

    static Shape[] shapes(List<Modality> modalities, int batch) {
        Shape[] shapes = new Shape[modalities.size()];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = new Shape(batch, modalities.get(i).tokens(), modalities.get(i).width());
        }
        return shapes;
    }

    static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }
}

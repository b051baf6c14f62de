package org.mheightlab.run;

import java.util.Map;
import org.mheightlab.MemoryBudget;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.ModelSection;

/**
 * A run's estimates for the up-front memory check ({@link MemoryBudget}): generated codes, augmented samples and
 * the model's weights. The estimates are rough but never far below the truth, so a run that fits is never refused
 * and one that is refused would have failed (after minutes of labelling, or inside the engine).
 */
final class RunMemory {

    /**
     * Heap per generated code: its minor tokens for every m (Run 9 without pair tokens: about 4 GB for ~330,000
     * codes), P and labels. What a model keeps beyond that is its {@link ModelSection#extraBytesPerCode}.
     */
    static final double BYTES_PER_CODE = 13_000;

    /** Native bytes per weight while training: the weight, its gradient and AdamW's two moments, as float32. */
    static final double BYTES_PER_WEIGHT = 16;

    private RunMemory() {
    }

    static void checkGenerated(RunDefinition.GeneratedData generated, ModelSection model) {
        if (generated == null) {
            return;
        }
        long codes = 0;
        double bytes = 0;
        for (Map.Entry<String, Integer> e : generated.perK().entrySet()) {
            codes += e.getValue();
            bytes += e.getValue() * bytesPerCode(model, Integer.parseInt(e.getKey()));
        }
        MemoryBudget.require("data.generated.perK", codes, "codes", bytes / Math.max(1, codes), MemoryBudget.Pool.HEAP,
                fit -> " (" + fit / Math.max(1, generated.perK().size()) + " per k)", "Lower data.generated.perK "
                        + "(or train --generated-per-k)");
    }

    /** Heap per generated code of k: {@link #BYTES_PER_CODE}, and what the model keeps beyond it. */
    static double bytesPerCode(ModelSection model, int k) {
        return BYTES_PER_CODE + model.extraBytesPerCode(k);
    }

    /** Heap per training sample of a raw-P run: the dataset row (P, fields, id), its lineage and its features. */
    static void checkAugmented(long samples) {
        double bytes = 2 * (100 + 8.0 * 6 * 5) + 48 + 4.0 * FeatureEncoder.task().size();
        MemoryBudget.require("augmentation", samples, "samples (originals and copies)", bytes,
                MemoryBudget.Pool.HEAP, null, "Lower the augmentation steps' copies or data.limitPerGroup");
    }

    static void checkModel(ModelSection section, int members) {
        long weights = 0;
        for (int part : section.parts()) {
            weights += section.denseWeights(part);
        }
        MemoryBudget.require("model", weights * members, "parameters", BYTES_PER_WEIGHT, MemoryBudget.Pool.NATIVE,
                null, "Lower the model's widths");
    }
}

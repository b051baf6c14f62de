package org.mheightlab.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mheightlab.MemoryBudget;
import org.mheightlab.data.Group;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.MinorTokenModel;
import org.mheightlab.model.ModelSection;
import org.mheightlab.model.ModelSpec;
import org.mheightlab.model.PairTokens;
import org.mheightlab.model.RawPModel;

/**
 * A run's estimates for the up-front memory check ({@link MemoryBudget}): generated codes, augmented samples and
 * the model's weights. The estimates are rough but never far below the truth, so a run that fits is never refused
 * and one that is refused would have failed (after minutes of labelling, or inside the engine).
 */
final class RunMemory {

    /** Heap per generated code: its minor tokens for every m (Run 9: about 4 GB for ~330,000 codes), P and labels. */
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

    /** Heap per generated code of k: {@link #BYTES_PER_CODE}, and the pair tokens where the model reads them. */
    static double bytesPerCode(ModelSection model, int k) {
        boolean pairs = model instanceof MinorTokenModel tokens && tokens.pairsAt(k);
        return BYTES_PER_CODE + (pairs ? 4.0 * PairTokens.count(Group.TASK_N, k) * PairTokens.width(k) : 0);
    }

    /** Heap per training sample of a raw-P run: the dataset row (P, fields, id), its lineage and its features. */
    static void checkAugmented(long samples) {
        double bytes = 2 * (100 + 8.0 * 6 * 5) + 48 + 4.0 * FeatureEncoder.task().size();
        MemoryBudget.require("augmentation", samples, "samples (originals and copies)", bytes,
                MemoryBudget.Pool.HEAP, null, "Lower the augmentation steps' copies or data.limitPerGroup");
    }

    static void checkModel(ModelSection section, int members) {
        long weights = weights(section) * members * section.parts().size();
        MemoryBudget.require("model", weights, "parameters", BYTES_PER_WEIGHT, MemoryBudget.Pool.NATIVE, null,
                "Lower the model's widths");
    }

    /**
     * The weights of one block, from its dense layers only (a lower bound: embeddings, norms and attention add to
     * it): each width times the one before, the first times the input's width.
     */
    static long weights(ModelSection section) {
        List<Integer> chain = new ArrayList<>();
        if (section instanceof RawPModel raw) {
            ModelSpec spec = raw.spec();
            chain.add(FeatureEncoder.task().size());
            if (!spec.attentionHeads().isEmpty()) {
                chain.add(spec.attentionDim());
            }
            chain.addAll(spec.widths());
        } else if (section instanceof MinorTokenModel tokens) {
            chain.add(Group.TASK_N);
            chain.addAll(tokens.tokenWidths());
            chain.addAll(tokens.headWidths());
        }
        long total = 0;
        for (int i = 1; i < chain.size(); i++) {
            total += (long) chain.get(i - 1) * chain.get(i);
        }
        return total;
    }
}

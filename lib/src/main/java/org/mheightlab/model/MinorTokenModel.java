package org.mheightlab.model;

import java.util.List;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.ProfileSet;

/**
 * The minor-token model (Run 8): one {@link TokenHeightNet} per k on the cocircuit, circuit and column-cost
 * tokens of G's minors, every m of a code at once. {@code tokenWidths} is the shared per-token MLP of each token
 * type, {@code headWidths} the MLP on the pooled summaries, {@code dropout} the head's dropout; {@code rawP} also
 * feeds P itself ({@link FeatureEncoder#compact}) to the head. {@code families} names the token families the
 * network reads (absent: all of {@link #FAMILIES}) and {@code pooling} how a family's tokens are summed up
 * ({@code max+mean}, absent; {@code max}; {@code mean}): the ablations of Run 9 switch them.
 */
public record MinorTokenModel(List<Integer> tokenWidths, List<Integer> headWidths, double dropout, boolean rawP,
                              List<String> families, String pooling) implements ModelSection {

    public static final String KIND = "minor-tokens";

    /** The token families, in the network's order. */
    public static final List<String> FAMILIES = List.of("cocircuits", "circuits", "columns");

    /** The pooling forms. */
    public static final List<String> POOLINGS = List.of("max+mean", "max", "mean");

    /** All families, max + mean pooling (Run 8's network). */
    public MinorTokenModel(List<Integer> tokenWidths, List<Integer> headWidths, double dropout, boolean rawP) {
        this(tokenWidths, headWidths, dropout, rawP, null, null);
    }

    public MinorTokenModel {
        families = families == null ? FAMILIES : List.copyOf(families);
        if (families.isEmpty()) {
            throw new IllegalArgumentException("model.families: need at least one of " + FAMILIES);
        }
        for (String f : families) {
            if (!FAMILIES.contains(f)) {
                throw new IllegalArgumentException("model.families: unknown family '" + f + "' (use " + FAMILIES + ")");
            }
        }
        pooling = pooling == null ? "max+mean" : pooling;
        if (!POOLINGS.contains(pooling)) {
            throw new IllegalArgumentException("model.pooling: unknown pooling '" + pooling + "' (use " + POOLINGS
                    + ")");
        }
        tokenWidths = tokenWidths == null ? List.of() : List.copyOf(tokenWidths);
        headWidths = headWidths == null ? List.of() : List.copyOf(headWidths);
        if (tokenWidths.isEmpty()) {
            throw new IllegalArgumentException("model.tokenWidths: need at least one width");
        }
        for (int i = 0; i < tokenWidths.size(); i++) {
            org.mheightlab.Bounds.check("model.tokenWidths[" + i + "]", tokenWidths.get(i), org.mheightlab.Bounds.WIDTH);
        }
        for (int i = 0; i < headWidths.size(); i++) {
            org.mheightlab.Bounds.check("model.headWidths[" + i + "]", headWidths.get(i), org.mheightlab.Bounds.WIDTH);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("model.dropout: must be in [0, 1), got " + dropout);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** One part per k of the task (4, 5, 6 for n = 9). */
    @Override
    public List<Integer> parts() {
        return Group.TASK_GROUPS.stream().map(Group::k).distinct().sorted().toList();
    }

    /** The block of k = {@code part}. */
    @Override
    public HeightBlock newBlock(int part) {
        return new TokenHeightNet(this, new MinorFeatures(Group.TASK_N, part));
    }

    @Override
    public int partOf(Dataset data, int row) {
        return data.k(row);
    }

    /** One unlabelled code per row. */
    @Override
    public ModelInputs inputsFor(Dataset data, int[] rows, int part, int threads) {
        return inputs(ProfileSet.ofRows(data, rows, part), threads);
    }

    /** The inputs of {@code codes} (labelled for training, or not) as this model reads them. */
    public MinorTokenInputs inputs(ProfileSet codes, int threads) {
        return MinorTokenInputs.of(codes, threads, rawP);
    }

    @Override
    public int outputOf(Dataset data, int row) {
        return data.m(row) - 1;
    }

    @Override
    public String describe() {
        // Run 8's words exactly for Run 8's network; an ablation says what it leaves out.
        String tokens = families.equals(FAMILIES) ? "cocircuit, circuit, column-cost"
                : String.join(", ", families) + " only";
        String pools = pooling.equals("max+mean") ? "max + mean" : pooling;
        return "TokenHeightNet, one per k, on the minor tokens of G (" + tokens + "): token MLPs "
                + ModelSection.sizes(tokenWidths, "-") + " shared within each token type, " + pools + " pooling, head "
                + ModelSection.sizes(headWidths, "-") + " (dropout " + dropout + ")" + (rawP ? " with the raw P features" : "")
                + ", monotone outputs log2 h_m = sum of softplus for every m at once";
    }
}

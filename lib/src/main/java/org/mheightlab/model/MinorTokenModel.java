package org.mheightlab.model;

import java.util.List;
import org.mheightlab.Bounds;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Group;
import org.mheightlab.data.ProfileSet;

/**
 * The minor-token model (Run 8): one {@link TokenHeightNet} per k on the cocircuit, circuit and column-cost
 * tokens of G's minors, every m of a code at once. {@code tokenWidths} is the shared per-token MLP of each token
 * type, {@code headWidths} the MLP on the pooled summaries, {@code dropout} the head's dropout; {@code rawP} also
 * feeds P itself ({@link FeatureEncoder#compact}) to the head. {@code families} names the token families the
 * network reads (absent: all of {@link #FAMILIES}) and {@code pooling} how a family's tokens are summed up
 * ({@code max+mean}, absent; {@code max}; {@code mean}): the ablations of Run 9 switch them. The fourth family,
 * {@code "pairs"} ({@link PairTokens}), is named only where wanted; {@code pairWidths} sizes its MLP (absent:
 * {@code tokenWidths}) and {@code pairsAtK} names the k whose networks read it (absent: every k; the tokens number
 * C(n, k)·C(n − k, 2), 1,260 per code at k = 4, so a run may spend them only where they pay).
 */
public record MinorTokenModel(List<Integer> tokenWidths, List<Integer> headWidths, double dropout, boolean rawP,
                              List<String> families, String pooling, List<Integer> pairWidths,
                              List<Integer> pairsAtK)
        implements ModelSection {

    public static final String KIND = "minor-tokens";

    /** The token families of Run 8's network, in the network's order (the default). */
    public static final List<String> FAMILIES = List.of("cocircuits", "circuits", "columns");

    /** Every family a definition may name: Run 8's and the {@link PairTokens pair tokens}. */
    public static final List<String> ALL_FAMILIES = List.of("cocircuits", "circuits", "columns", "pairs");

    /** The pooling forms. */
    public static final List<String> POOLINGS = List.of("max+mean", "max", "mean");

    /** All families, max + mean pooling (Run 8's network). */
    public MinorTokenModel(List<Integer> tokenWidths, List<Integer> headWidths, double dropout, boolean rawP) {
        this(tokenWidths, headWidths, dropout, rawP, null, null, null, null);
    }

    public MinorTokenModel {
        families = families == null ? FAMILIES : List.copyOf(families);
        if (families.isEmpty()) {
            throw new IllegalArgumentException("model.families: need at least one of " + FAMILIES);
        }
        for (String f : families) {
            if (!ALL_FAMILIES.contains(f)) {
                throw new IllegalArgumentException("model.families: unknown family '" + f + "' (use " + ALL_FAMILIES
                        + ")");
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
        Bounds.checkEach("model.tokenWidths", tokenWidths, Bounds.WIDTH);
        Bounds.checkEach("model.headWidths", headWidths, Bounds.WIDTH);
        // The pair tokens are three to six times as many as the others: their own, narrower MLP keeps them
        // affordable. Without the family there is nothing to size (and run.json keeps no such key).
        if (!families.contains("pairs")) {
            if (pairWidths != null || pairsAtK != null) {
                throw new IllegalArgumentException("model." + (pairWidths != null ? "pairWidths" : "pairsAtK")
                        + ": sets up the \"pairs\" family, which model.families does not name");
            }
        } else {
            if (pairsAtK != null) {
                pairsAtK = List.copyOf(pairsAtK);
                for (int k : pairsAtK) {
                    if (!parts().contains(k)) {
                        throw new IllegalArgumentException("model.pairsAtK: " + k + " is not a k of the task "
                                + parts());
                    }
                }
            }
            pairWidths = pairWidths == null ? tokenWidths : List.copyOf(pairWidths);
            if (pairWidths.isEmpty()) {
                throw new IllegalArgumentException("model.pairWidths: need at least one width");
            }
            Bounds.checkEach("model.pairWidths", pairWidths, Bounds.WIDTH);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("model.dropout: must be in [0, 1), got " + dropout);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Whether the network of k reads the pair tokens: the family is named, and k is in pairsAtK (absent: every k). */
    public boolean pairsAt(int k) {
        return families.contains("pairs") && (pairsAtK == null || pairsAtK.contains(k));
    }

    /** The token MLPs (on an input of n values, a bound on any token's width), the pair MLP where read, the head. */
    @Override
    public long denseWeights(int part) {
        List<Integer> tokens = new java.util.ArrayList<>(List.of(Group.TASK_N));
        tokens.addAll(tokenWidths);
        List<Integer> head = new java.util.ArrayList<>(List.of(tokenWidths.get(tokenWidths.size() - 1)));
        head.addAll(headWidths);
        long pairs = 0;
        if (pairsAt(part)) {
            List<Integer> chain = new java.util.ArrayList<>(List.of(PairTokens.width(part)));
            chain.addAll(pairWidths);
            pairs = ModelSection.chainWeights(chain);
        }
        return ModelSection.chainWeights(tokens) + ModelSection.chainWeights(head) + pairs;
    }

    /** The pair tokens of a code, where this k's network reads them (48 KB at k = 5). */
    @Override
    public double extraBytesPerCode(int k) {
        return pairsAt(k) ? 4.0 * PairTokens.count(Group.TASK_N, k) * PairTokens.width(k) : 0;
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
        return MinorTokenInputs.of(codes, threads, rawP, pairsAt(codes.k()));
    }

    @Override
    public int outputOf(Dataset data, int row) {
        return data.m(row) - 1;
    }

    @Override
    public String describe() {
        // Run 8's words exactly for Run 8's network; an ablation says what it leaves out.
        String tokens = families.equals(FAMILIES) ? "cocircuit, circuit, column-cost"
                : families.containsAll(FAMILIES) ? "cocircuit, circuit, column-cost and pair"
                : String.join(", ", families) + " only";
        String pairs = families.contains("pairs") ? " (pair tokens " + ModelSection.sizes(pairWidths, "-")
                + (pairsAtK == null ? "" : " at k = " + ModelSection.sizes(pairsAtK, ", ")) + ")" : "";
        String pools = pooling.equals("max+mean") ? "max + mean" : pooling;
        return "TokenHeightNet, one per k, on the minor tokens of G (" + tokens + "): token MLPs "
                + ModelSection.sizes(tokenWidths, "-") + pairs + " shared within each token type, " + pools + " pooling, head "
                + ModelSection.sizes(headWidths, "-") + " (dropout " + dropout + ")" + (rawP ? " with the raw P features" : "")
                + ", monotone outputs log2 h_m = sum of softplus for every m at once";
    }
}

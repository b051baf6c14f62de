package org.mheightlab.model;

import org.mheightlab.data.Dataset;

/**
 * The {@code model} section of a run definition: which model kind a run trains, and its sizes. A model kind is
 * its block (a {@link HeightBlock}) plus its inputs (a {@link ModelInputs}); everything else on a run's path
 * (trainer, run folder, prediction, reports) is shared. Adding a kind means one more case here, its block and
 * its inputs. In JSON the case is named by {@code "kind"}: {@value ResidualMlpModel#KIND},
 * {@value AttentionModel#KIND} or {@value MinorTokenModel#KIND}.
 *
 * <p>A run is trained in parts: one model for every row (the raw-P kinds, part {@link #ALL_ROWS}) or one per k
 * (the token kind, part = k). Each part may hold several ensemble members.
 */
public sealed interface ModelSection permits RawPModel, MinorTokenModel {

    /** The part of a raw-P run: one model answers every row. */
    int ALL_ROWS = 0;

    /** The name of this case in JSON. */
    String kind();

    /** The parts this kind trains: {@link #ALL_ROWS}, or every task k. */
    java.util.List<Integer> parts();

    /** A fresh, uninitialised block for {@code part}. */
    HeightBlock newBlock(int part);

    /** The part whose models answer row {@code row}. */
    int partOf(Dataset data, int row);

    /** The inputs of rows {@code rows} of {@code data} (all of one part), for prediction. */
    ModelInputs inputsFor(Dataset data, int[] rows, int part, int threads);

    /** Which output of the block answers row {@code row} (its m for the token kind). */
    int outputOf(Dataset data, int row);

    /** One line a reader understands: the network, its sizes, its output transform. */
    String describe();

    /**
     * The weights of one block of {@code part}, from its dense layers only (a lower bound for the memory check:
     * embeddings, norms and attention add to it): each width times the one before, the first times the input's.
     */
    long denseWeights(int part);

    /** Heap a generated code of k needs beyond its P, labels and the tokens every kind keeps (none by default). */
    default double extraBytesPerCode(int k) {
        return 0;
    }

    /** Σ widths[i−1]·widths[i] over a chain of layer widths. */
    static long chainWeights(java.util.List<Integer> widths) {
        long total = 0;
        for (int i = 1; i < widths.size(); i++) {
            total += (long) widths.get(i - 1) * widths.get(i);
        }
        return total;
    }

    /** Layer sizes for {@link #describe}: "none", or the values joined by {@code separator} (1024→512). */
    static String sizes(java.util.List<?> values, String separator) {
        if (values.isEmpty()) {
            return "none";
        }
        java.util.List<String> s = new java.util.ArrayList<>();
        values.forEach(v -> s.add(String.valueOf(v)));
        return String.join(separator, s);
    }
}

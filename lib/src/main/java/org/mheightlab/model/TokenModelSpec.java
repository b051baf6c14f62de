package org.mheightlab.model;

import java.util.List;

/**
 * The architecture of the minor-token model ({@link TokenHeightNet}), as a run definition writes it:
 * {@code tokenWidths} is the shared per-token MLP (applied to every cocircuit token, and a second one to every
 * circuit token), {@code headWidths} the MLP on the pooled summaries, {@code dropout} the head's dropout.
 */
public record TokenModelSpec(List<Integer> tokenWidths, List<Integer> headWidths, double dropout) {

    public TokenModelSpec {
        tokenWidths = List.copyOf(tokenWidths == null ? List.of() : tokenWidths);
        headWidths = List.copyOf(headWidths == null ? List.of() : headWidths);
        if (tokenWidths.isEmpty()) {
            throw new IllegalArgumentException("tokenModel.tokenWidths: need at least one width");
        }
        for (int w : tokenWidths) {
            if (w < 1) {
                throw new IllegalArgumentException("tokenModel.tokenWidths: widths must be ≥ 1, got " + w);
            }
        }
        for (int w : headWidths) {
            if (w < 1) {
                throw new IllegalArgumentException("tokenModel.headWidths: widths must be ≥ 1, got " + w);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("tokenModel.dropout must be in [0, 1), got " + dropout);
        }
    }
}

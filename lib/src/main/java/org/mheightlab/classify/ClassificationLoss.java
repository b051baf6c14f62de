package org.mheightlab.classify;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy or focal loss over two logits, with per-sample weights (class weights), averaged as PyTorch's
 * weighted cross-entropy does: Σ w_i·l_i / Σ w_i. Focal loss (Lin et al.) scales each term by (1 − p_t)^γ so
 * the many easy majority-class samples stop dominating the gradient.
 */
public record ClassificationLoss(boolean focal, double gamma) {

    /** The same loss for one sample whose true class has probability {@code pt}, unweighted (evaluation passes). */
    public double term(double pt) {
        double p = Math.max(1e-12, pt);
        double ce = -Math.log(p);
        return focal && gamma > 0 ? ce * Math.pow(1 - p, gamma) : ce;
    }

    /**
     * @param logits  (B, 2)
     * @param labels  (B) float 0/1
     * @param weights (B) per-sample weights
     * @return the scalar loss
     */
    public NDArray compute(NDArray logits, NDArray labels, NDArray weights) {
        NDArray logp = logits.logSoftmax(1);
        NDArray oneHot = labels.toType(ai.djl.ndarray.types.DataType.INT32, false).oneHot(2)
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray logPt = logp.mul(oneHot).sum(new int[] {1});
        NDArray terms = logPt.neg();
        if (focal && gamma > 0) {
            terms = terms.mul(logPt.exp().neg().add(1f).pow((float) gamma));
        }
        return terms.mul(weights).sum().div(weights.sum().add(1e-12f));
    }
}

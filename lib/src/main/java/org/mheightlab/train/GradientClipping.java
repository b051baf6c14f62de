package org.mheightlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** Gradient clipping by global norm (PyTorch's clip_grad_norm_), for any DJL trainer. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales all gradients so their global L2 norm is at most {@code max}. Every gradient handle is attached to
     * {@code step}, the training step's sub-manager: {@code getGradient()} makes a new handle in the parameter's
     * long-lived manager, which would otherwise leak one per parameter per step.
     */
    public static void clipByGlobalNorm(Trainer trainer, double max, NDManager step) {
        List<NDArray> grads = new ArrayList<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(step);
                grads.add(g);
            }
        }
        if (grads.isEmpty()) {
            return;
        }
        // One host sync for the whole norm, not one per parameter.
        NDArray sumSq = null;
        for (NDArray g : grads) {
            NDArray s = g.square().sum();
            sumSq = sumSq == null ? s : sumSq.add(s);
        }
        double norm = Math.sqrt(sumSq.getFloat());
        if (norm > max) {
            float scale = (float) (max / (norm + 1e-6));
            for (NDArray g : grads) {
                g.muli(scale);
            }
        }
    }
}

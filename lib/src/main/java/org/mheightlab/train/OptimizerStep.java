package org.mheightlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.function.Supplier;

/** One optimiser step shared by every training loop: forward under a gradient collector, backward, clip, update. */
public final class OptimizerStep {

    private OptimizerStep() {
    }

    /**
     * Records {@code loss} (built inside the collector, on arrays of the step's sub-manager {@code step}),
     * back-propagates it, clips the gradients to global norm {@code clipNorm} (0 = no clipping) and updates.
     *
     * @return the loss value
     */
    public static double run(Trainer trainer, NDManager step, double clipNorm, Supplier<NDArray> loss) {
        return run(trainer, step, clipNorm, loss, null);
    }

    /** As {@link #run(Trainer, NDManager, double, Supplier)}, timing its parts into {@code profile} (null: none). */
    public static double run(Trainer trainer, NDManager step, double clipNorm, Supplier<NDArray> loss,
                             StepProfile profile) {
        long start = System.nanoTime();
        double value;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray l = loss.get();
            gc.backward(l);
            value = l.getFloat();
        }
        long backward = System.nanoTime();
        if (clipNorm > 0) {
            GradientClipping.clipByGlobalNorm(trainer, clipNorm, step);
        }
        trainer.step();
        if (profile != null) {
            // Wait for the update (an asynchronous engine returns before it is done): read one parameter back.
            var parameters = trainer.getModel().getBlock().getParameters();
            parameters.valueAt(parameters.size() - 1).getArray().toFloatArray();
            profile.forwardBackward(backward - start);
            profile.optimizer(System.nanoTime() - backward);
        }
        return value;
    }
}

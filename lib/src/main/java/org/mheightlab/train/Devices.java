package org.mheightlab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Chooses the DJL device a run asks for: "cpu" (default), "gpu" or "auto" (GPU if the engine has one). */
public final class Devices {

    private Devices() {
    }

    /** The device {@code name} on the engine {@code engineName} ({@link Engines#NAMES}). */
    public static Device resolve(String name, String engineName) {
        Engine engine = Engines.resolve(engineName);
        return switch (name) {
            case "cpu" -> Device.cpu();
            case "auto" -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "gpu" -> {
                if (engine.getGpuCount() == 0) {
                    throw new IllegalArgumentException("the run asks for a GPU, but the " + engine.getEngineName()
                            + " engine sees none. GPU runs need \"engine\": \"pytorch\", its CUDA natives (build "
                            + "with -Pgpu) and a CUDA GPU; use \"device\": \"cpu\" or \"auto\" otherwise.");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("unknown device '" + name + "' (use cpu, gpu or auto)");
        };
    }
}

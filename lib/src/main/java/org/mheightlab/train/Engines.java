package org.mheightlab.train;

import ai.djl.engine.Engine;
import java.util.List;

/**
 * The DJL engines a run may train on, by the name a run definition's {@code training.engine} and the CLI's
 * {@code --engine} use: {@code mxnet} (MXNet 1.9, CPU only on Maven Central) and {@code pytorch} (PyTorch 2.5,
 * CPU natives by default, CUDA with the {@code gpu} build profile). The model code is DJL API only, so a run
 * trains the same network on either; they differ in speed and in the last bits of their floating-point results.
 */
public final class Engines {

    /** The names a definition may use. */
    public static final List<String> NAMES = List.of("mxnet", "pytorch");

    /**
     * The engine of a definition that names none: PyTorch, which the throughput benchmark ({@code bench/run
     * tokens}) shows about twice as fast as MXNet on the token model at equal results (docs/run9.md). Definitions
     * recorded on MXNet (Runs 1 to 8) name it, so they stay redoable exactly.
     */
    public static final String DEFAULT = "pytorch";

    private Engines() {
    }

    /** Refuses a name that is not one of {@link #NAMES}, naming {@code key} (the setting it came from). */
    public static String check(String key, String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(key + ": unknown engine '" + name + "' (use " + String.join(" or ",
                    NAMES) + ")");
        }
        return name;
    }

    /** DJL's name of the engine: MXNet or PyTorch. */
    public static String djlName(String name) {
        return switch (check("engine", name)) {
            case "mxnet" -> "MXNet";
            case "pytorch" -> "PyTorch";
            default -> throw new IllegalStateException(name);
        };
    }

    /**
     * The engine itself, loading its natives on first use (from the build's classpath; never the network).
     * PyTorch's thread pools are set explicitly before it loads: intra-op threads as many as OMP_NUM_THREADS (or
     * the cores), one inter-op thread (a training step is one chain of operations); a system property the user
     * set wins.
     */
    public static Engine resolve(String name) {
        String djl = djlName(name);
        if (djl.equals("PyTorch")) {
            String omp = System.getenv("OMP_NUM_THREADS");
            String threads = omp != null && omp.matches("[1-9][0-9]*") ? omp
                    : String.valueOf(Runtime.getRuntime().availableProcessors());
            System.getProperties().putIfAbsent("ai.djl.pytorch.num_threads", threads);
            System.getProperties().putIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (!Engine.hasEngine(djl)) {
            throw new IllegalStateException("the " + djl + " engine is not on the classpath; build with mvn package "
                    + "(the default profile has both engines on CPU)");
        }
        return Engine.getEngine(djl);
    }

    /** "PyTorch 2.5.1", as provenance records it. */
    public static String describe(String name) {
        Engine e = resolve(name);
        return e.getEngineName() + " " + e.getVersion();
    }
}

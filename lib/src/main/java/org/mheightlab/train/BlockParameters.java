package org.mheightlab.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Snapshots of a block's parameters in memory (restore-best) and their count; shared by every trainer. */
public final class BlockParameters {

    private BlockParameters() {
    }

    public static long count(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            total += p.getValue().getArray().size();
        }
        return total;
    }

    /**
     * "weight NAME NaN" for the first parameter holding a NaN or infinite value, or null when all are finite. Read
     * through Java arrays: no engine array is made, so nothing is left in the parameters' long-lived manager.
     */
    public static String firstNonFinite(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().isInitialized()) {
                continue;
            }
            for (float v : p.getValue().getArray().toFloatArray()) {
                if (!Float.isFinite(v)) {
                    return "weight " + p.getKey() + " " + v;
                }
            }
        }
        return null;
    }

    public static byte[] save(Block block) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bos));
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void load(Block block, byte[] bytes, NDManager manager) {
        try {
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot load parameters into " + block.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }
}

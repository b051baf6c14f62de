package org.mheightlab.classify;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mheightlab.data.io.FileSignature;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.provenance.Json;
import org.mheightlab.provenance.OurRecord;
import org.mheightlab.train.BlockParameters;

/**
 * A pretrained encoder on disk: {@code encoder.params} (DJL parameters) beside {@code encoder.json} (d_model,
 * layers, heads, feed-forward width and the modality shapes it was trained on). Loading checks the sidecar
 * against the classifier it goes into, so a mismatch is a clear error rather than a shape failure deep in DJL.
 */
public final class EncoderCheckpoint {

    public static final String PARAMS = "encoder.params";
    public static final String SIDECAR = "encoder.json";

    /** The sidecar's "kind": with "tool": "mheight-lab" it marks a folder this project wrote. */
    private static final String RECORD_KIND = "pretrained-encoder";

    /**
     * {@code mheight classify pretrain --checkpoint-dir}'s folder, as the output rule recognises it: a sidecar this
     * project wrote, and nothing but the two files {@link #save} writes.
     */
    public static final OutputGuard.FolderKind KIND = new OutputGuard.FolderKind("pretrained encoder folder",
            SIDECAR + " written by " + OurRecord.TOOL + " + " + PARAMS,
            dir -> OurRecord.isOurs(dir.resolve(SIDECAR), RECORD_KIND)
                    && Files.isRegularFile(dir.resolve(PARAMS), LinkOption.NOFOLLOW_LINKS),
            entry -> entry.equals(SIDECAR) || entry.equals(PARAMS));

    private EncoderCheckpoint() {
    }

    public static void save(MultimodalEncoder encoder, List<Modality> modalities, Path dir,
                            Map<String, Object> provenance) {
        AtomicFiles.write(dir.resolve(PARAMS), out -> encoder.saveParameters(new DataOutputStream(out)));
        Map<String, Object> json = OurRecord.start(RECORD_KIND);
        json.putAll(provenance);
        json.put("architecture", architecture(encoder.spec(), modalities));
        AtomicFiles.writeString(dir.resolve(SIDECAR), Json.write(json));
    }

    /** Loads the checkpoint at {@code path} (the folder or its {@code encoder.params}) into {@code encoder}. */
    public static void load(Path path, MultimodalEncoder encoder, List<Modality> modalities, NDManager manager) {
        Path params = Files.isDirectory(path) ? path.resolve(PARAMS) : path;
        Path sidecar = params.resolveSibling(SIDECAR);
        if (!Files.isRegularFile(params)) {
            throw new IllegalArgumentException("--pretrained-ckpt: no encoder parameters at " + params);
        }
        if (!Files.isRegularFile(sidecar)) {
            throw new IllegalArgumentException("--pretrained-ckpt: " + sidecar + " is missing (it records the "
                    + "encoder's shape; write checkpoints with 'mheight classify pretrain')");
        }
        try {
            JsonElement expected = new Gson().toJsonTree(architecture(encoder.spec(), modalities));
            JsonElement found;
            try {
                found = JsonParser.parseString(Files.readString(sidecar)).getAsJsonObject().get("architecture");
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--pretrained-ckpt: " + sidecar + " is not valid JSON: "
                        + e.getMessage());
            }
            if (!expected.equals(found)) {
                throw new IllegalArgumentException("--pretrained-ckpt " + params + " was trained for " + found
                        + ", but this classifier is " + expected);
            }
            byte[] saved = Files.readAllBytes(params);
            // Encoder parameters have no signature of their own; a file that has one of another format is refused
            // by name before the engine reads it as a version byte ("expected version 1, got -119").
            String kind = FileSignature.describe(java.util.Arrays.copyOf(saved, Math.min(saved.length, 16)));
            if (kind != null) {
                throw new IllegalArgumentException("--pretrained-ckpt: " + params + ": not encoder parameters (it looks "
                        + "like " + kind + "); write checkpoints with 'mheight classify pretrain'");
            }
            try {
                copyInto(encoder, saved, modalities);
            } catch (IllegalStateException | ai.djl.engine.EngineException e) {
                String why = FileSignature.firstLine(e.getMessage());
                throw new IllegalArgumentException("--pretrained-ckpt: " + params + ": corrupt or truncated encoder "
                        + "parameters" + (why == null ? "" : " (" + why + ")") + "; write checkpoints with 'mheight "
                        + "classify pretrain'", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + params, e);
        }
    }

    /**
     * Loads the saved parameters into a scratch encoder, then copies their values into the live one in place:
     * a trainer's parameter store and gradients hold the live arrays, which replacing them would orphan.
     */
    private static void copyInto(MultimodalEncoder live, byte[] saved, List<Modality> modalities) {
        try (NDManager scratch = NDManager.newBaseManager(live.getParameters().valueAt(0).getArray().getDevice())) {
            MultimodalEncoder loaded = new MultimodalEncoder(live.spec(), modalities.size());
            Shape[] shapes = new Shape[modalities.size()];
            for (int i = 0; i < shapes.length; i++) {
                shapes[i] = new Shape(1, modalities.get(i).tokens(), modalities.get(i).width());
            }
            loaded.initialize(scratch, DataType.FLOAT32, shapes);
            BlockParameters.load(loaded, saved, scratch);
            var from = loaded.getParameters();
            var to = live.getParameters();
            for (int i = 0; i < to.size(); i++) {
                if (!from.keyAt(i).equals(to.keyAt(i))) {
                    throw new IllegalArgumentException("--pretrained-ckpt: parameter " + from.keyAt(i)
                            + " does not match " + to.keyAt(i));
                }
                to.valueAt(i).getArray().set(from.valueAt(i).getArray().toFloatArray());
            }
        }
    }

    static Map<String, Object> architecture(ClassifierSpec spec, List<Modality> modalities) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("dModel", spec.dModel());
        a.put("layers", spec.layers());
        a.put("heads", spec.heads());
        a.put("ffnHidden", spec.ffnHidden());
        a.put("modalities", modalities.stream().map(m -> m.name() + ":" + m.tokens() + "x" + m.width()).toList());
        return a;
    }
}

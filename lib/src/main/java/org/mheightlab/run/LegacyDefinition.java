package org.mheightlab.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.mheightlab.model.AttentionModel;
import org.mheightlab.model.MinorTokenModel;
import org.mheightlab.model.ResidualMlpModel;

/**
 * Run definitions written before the model section was typed (run folders of earlier versions, users' copies of
 * runs/): {@code "features": ["raw"] | ["minor-tokens"] | both}, the raw-P network in {@code "model"} without a
 * kind, the token network in {@code "tokenModel"}. {@link #upgrade} rewrites such a tree into today's form before
 * the schema check, so they keep loading and train exactly as before.
 */
final class LegacyDefinition {

    private static final String RAW = "raw";
    private static final String MINOR_TOKENS = "minor-tokens";

    private LegacyDefinition() {
    }

    static JsonElement upgrade(JsonElement tree) {
        if (!(tree instanceof JsonObject original)) {
            return tree;
        }
        boolean legacy = original.has("features") || original.has("tokenModel")
                || original.get("model") instanceof JsonObject m && !m.has("kind");
        if (!legacy) {
            return tree;
        }
        JsonObject o = original.deepCopy();
        List<String> features = features(o.remove("features"));
        JsonElement tokenModel = o.remove("tokenModel");
        if (features.contains(MINOR_TOKENS)) {
            if (!(tokenModel instanceof JsonObject t)) {
                throw new IllegalArgumentException("a run needs data, tokenModel and training sections, missing: "
                        + "tokenModel (or, in today's form, \"model\": {\"kind\": \"" + MinorTokenModel.KIND + "\", ...})");
            }
            JsonObject model = withKind(MinorTokenModel.KIND, t);
            model.addProperty("rawP", features.contains(RAW));
            o.add("model", model);
        } else if (o.get("model") instanceof JsonObject m) {
            boolean attention = m.get("attentionHeads") instanceof JsonArray a && !a.isEmpty();
            JsonObject model = withKind(attention ? AttentionModel.KIND : ResidualMlpModel.KIND, m);
            if (!attention) {
                model.remove("attentionHeads");
                model.remove("attentionDim");
            }
            o.add("model", model);
        }
        return o;
    }

    private static JsonObject withKind(String kind, JsonObject fields) {
        JsonObject out = new JsonObject();
        out.addProperty("kind", kind);
        fields.entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
        return out;
    }

    private static List<String> features(JsonElement e) {
        List<String> out = new ArrayList<>();
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException("features: must be a list [...], got " + e);
        }
        JsonArray a = e.getAsJsonArray();
        for (int i = 0; i < a.size(); i++) {
            String f = a.get(i).isJsonPrimitive() ? a.get(i).getAsString() : String.valueOf(a.get(i));
            if (!RAW.equals(f) && !MINOR_TOKENS.equals(f)) {
                throw new IllegalArgumentException("features[" + i + "]: unknown feature set '" + f + "' (use " + RAW
                        + " and/or " + MINOR_TOKENS + ")");
            }
            out.add(f);
        }
        return out;
    }
}

package org.mheightlab.run;

import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.mheightlab.model.AttentionModel;
import org.mheightlab.model.MinorTokenModel;
import org.mheightlab.model.ModelSection;
import org.mheightlab.model.ResidualMlpModel;

/** The JSON form of the sealed {@link ModelSection}: its {@code "kind"} first, then the case's own fields. */
final class ModelSectionAdapter implements JsonSerializer<ModelSection>, JsonDeserializer<ModelSection> {

    /** Every case by its JSON name; a new model kind is one more entry. */
    static final Map<String, Class<? extends ModelSection>> KINDS = Map.of(
            ResidualMlpModel.KIND, ResidualMlpModel.class,
            AttentionModel.KIND, AttentionModel.class,
            MinorTokenModel.KIND, MinorTokenModel.class);

    /** The kinds in the order messages list them. */
    static final List<String> KIND_NAMES = List.of(ResidualMlpModel.KIND, AttentionModel.KIND, MinorTokenModel.KIND);

    @Override
    public JsonElement serialize(ModelSection src, Type typeOfSrc, JsonSerializationContext context) {
        JsonObject out = new JsonObject();
        out.addProperty("kind", src.kind());
        context.serialize(src, src.getClass()).getAsJsonObject().entrySet()
                .forEach(e -> out.add(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public ModelSection deserialize(JsonElement json, Type typeOfT, JsonDeserializationContext context) {
        JsonObject o = json.getAsJsonObject().deepCopy();
        JsonElement kind = o.remove("kind");
        return context.deserialize(o, caseOf(kind == null ? null : kind.getAsString()));
    }

    /** The case named {@code kind}, or an IllegalArgumentException listing the kinds. */
    static Class<? extends ModelSection> caseOf(String kind) {
        Class<? extends ModelSection> c = kind == null ? null : KINDS.get(kind);
        if (c == null) {
            throw new IllegalArgumentException("model.kind: " + (kind == null ? "missing" : "unknown kind '" + kind
                    + "'") + "; use one of " + String.join(", ", KIND_NAMES));
        }
        return c;
    }
}

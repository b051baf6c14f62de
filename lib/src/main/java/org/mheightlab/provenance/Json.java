package org.mheightlab.provenance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes provenance records (maps, lists, strings, numbers, booleans) with Gson, pretty-printed with keys in
 * insertion order so that the same record always gives the same bytes, and a final newline.
 *
 * <p>Beyond Gson's defaults: null map values are written ({@code "key": null}); a non-finite double or float is
 * written as a string ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}), so the file stays strict JSON;
 * and any value that is not a map, list, string, number, boolean or character (a path, an enum, a record) is
 * written as the string of its {@code toString()} rather than field by field. Strings are escaped as by Gson
 * without HTML escaping.
 */
public final class Json {

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .serializeNulls()
            .registerTypeAdapterFactory(new ProvenanceValues())
            .create();

    private Json() {
    }

    /** An ordered JSON object from alternating keys and values ({@code Map.of} would scramble the order). */
    public static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("object() takes key, value pairs");
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** {@code value} as pretty-printed JSON (two-space indent, {@code "key": value}) and a newline. */
    public static String write(Object value) {
        return GSON.toJson(value) + "\n";
    }

    /**
     * Numbers as their {@code toString()} (a double as {@link Double#toString}, so 1.0 stays 1.0), non-finite
     * ones as strings; and every type Gson would otherwise take apart by reflection as its {@code toString()}.
     * Maps, lists, strings, booleans, characters and Gson's own trees keep Gson's adapters.
     */
    private static final class ProvenanceValues implements TypeAdapterFactory {

        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<? super T> raw = type.getRawType();
            if (Number.class.isAssignableFrom(raw) || (raw.isPrimitive() && raw != boolean.class && raw != char.class)) {
                return (TypeAdapter<T>) NUMBER;
            }
            if (raw == Object.class || raw.isPrimitive() || raw == String.class || raw == Boolean.class
                    || raw == Character.class || Map.class.isAssignableFrom(raw) || List.class.isAssignableFrom(raw)
                    || JsonElement.class.isAssignableFrom(raw)) {
                return null;
            }
            return (TypeAdapter<T>) TO_STRING;
        }
    }

    private static final TypeAdapter<Number> NUMBER = new WriteOnly<>() {
        @Override
        public void write(JsonWriter out, Number value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else if ((value instanceof Double || value instanceof Float) && !Double.isFinite(value.doubleValue())) {
                out.value(value.toString());
            } else {
                out.value(value);
            }
        }
    };

    private static final TypeAdapter<Object> TO_STRING = new WriteOnly<>() {
        @Override
        public void write(JsonWriter out, Object value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }
    };

    /** Provenance is read back as plain JSON trees, never through these adapters. */
    private abstract static class WriteOnly<T> extends TypeAdapter<T> {
        @Override
        public T read(JsonReader in) {
            throw new UnsupportedOperationException("Json only writes");
        }
    }
}

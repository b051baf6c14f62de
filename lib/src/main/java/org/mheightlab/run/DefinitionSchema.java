package org.mheightlab.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mheightlab.model.ModelSection;

/**
 * The shape check of a run definition's JSON, done before Gson builds the records. Gson on its own ignores
 * keys it does not know (a {@code maxEpoch} typo silently trains with maxEpochs = 0 → the default) and reads
 * {@code "256"} as 256 but {@code "abc"} as an engine-deep NumberFormatException; this walk refuses both with
 * the key's path. The schema is the records themselves (their component names and generic types), so a new
 * setting in {@link org.mheightlab.train.TrainingConfig} or a {@link ModelSection} case is
 * accepted without touching this class. Value ranges (dropout in [0, 1), known tiers, ...) stay in the
 * records' constructors, which run next.
 */
final class DefinitionSchema {

    private DefinitionSchema() {
    }

    /** Throws IllegalArgumentException naming the first key that does not fit {@code type}. */
    static void check(JsonElement value, Type type, String path) {
        Class<?> raw = raw(type);
        if (value == null || value.isJsonNull()) {
            if (raw.isPrimitive()) {
                throw new IllegalArgumentException(path + ": must be " + expected(raw) + ", got null");
            }
            return; // absent/null object fields get the record's default, as before
        }
        if (raw == ModelSection.class) {
            checkModelSection(value, path);
        } else if (raw.isRecord()) {
            checkRecord(value, raw, path);
        } else if (List.class.isAssignableFrom(raw)) {
            if (!value.isJsonArray()) {
                throw wrongType(path, "a list [...]", value);
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            JsonArray a = value.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isJsonNull()) {
                    throw new IllegalArgumentException(path + "[" + i + "]: must be " + expected(raw(element))
                            + ", got null");
                }
                check(a.get(i), element, path + "[" + i + "]");
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!value.isJsonObject()) {
                throw wrongType(path, "an object {...}", value);
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[1];
            for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
                String at = path + "." + e.getKey();
                if (e.getValue().isJsonNull()) {
                    throw new IllegalArgumentException(at + ": must be " + expected(raw(element)) + ", got null");
                }
                check(e.getValue(), element, at);
            }
        } else {
            checkScalar(value, raw, path);
        }
    }

    /** The sealed model section: its "kind" picks the record the other keys are checked against. */
    private static void checkModelSection(JsonElement value, String path) {
        if (!value.isJsonObject()) {
            throw wrongType(path, "an object {\"kind\": ...}", value);
        }
        JsonObject o = value.getAsJsonObject().deepCopy();
        JsonElement kind = o.remove("kind");
        if (kind != null && !(kind.isJsonPrimitive() && kind.getAsJsonPrimitive().isString())) {
            throw wrongType(join(path, "kind"), "a string", kind);
        }
        checkRecord(o, ModelSectionAdapter.caseOf(kind == null ? null : kind.getAsString()), path);
    }

    private static void checkRecord(JsonElement value, Class<?> record, String path) {
        if (!value.isJsonObject()) {
            throw wrongType(path.isEmpty() ? "the run definition" : path, "an object {...}", value);
        }
        JsonObject o = value.getAsJsonObject();
        List<String> keys = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            keys.add(c.getName());
        }
        for (String key : o.keySet()) {
            if (!keys.contains(key)) {
                String where = path.isEmpty() ? "the run definition" : path;
                throw new IllegalArgumentException(join(path, key) + ": unknown key, did you mean "
                        + closest(key, keys) + "? (" + where + " takes " + String.join(", ", keys) + ")");
            }
        }
        for (RecordComponent c : record.getRecordComponents()) {
            if (o.has(c.getName())) {
                check(o.get(c.getName()), c.getGenericType(), join(path, c.getName()));
            }
        }
    }

    private static void checkScalar(JsonElement value, Class<?> raw, String path) {
        JsonPrimitive p = value.isJsonPrimitive() ? value.getAsJsonPrimitive() : null;
        java.util.function.Function<String, ?> parser = TextForms.parserOf(raw);
        if (parser != null) {
            if (p == null || !p.isString()) {
                throw wrongType(path, "a string", value);
            }
            try {
                parser.apply(p.getAsString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage());
            }
        } else if (raw == String.class) {
            if (p == null || !p.isString()) {
                throw wrongType(path, "a string", value);
            }
        } else if (raw == boolean.class || raw == Boolean.class) {
            if (p == null || !p.isBoolean()) {
                throw wrongType(path, "true or false", value);
            }
        } else if (raw == double.class || raw == Double.class) {
            if (p == null || !p.isNumber()) {
                throw wrongType(path, "a number", value);
            }
        } else if (raw.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : raw.getEnumConstants()) {
                names.add(c.toString());
            }
            if (p == null || !p.isString() || !names.contains(p.getAsString())) {
                throw wrongType(path, "one of " + String.join(", ", names), value);
            }
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            if (p == null || !p.isNumber()) {
                throw wrongType(path, expected(raw), value);
            }
            String problem = org.mheightlab.Bounds.wholeNumberProblem(p.getAsString(),
                    raw == long.class || raw == Long.class);
            if (problem != null && problem.startsWith("not")) {
                throw wrongType(path, expected(raw), value);
            }
            if (problem != null) {
                // 3e9 is a whole number, just not one this field can hold: say so rather than "not a whole number".
                throw new IllegalArgumentException(path + ": " + value + " is " + problem);
            }
        } else {
            // A component type this walk does not know: a programming error, not bad input.
            throw new IllegalStateException("DefinitionSchema cannot check " + raw + " at " + path);
        }
    }

    private static String expected(Class<?> raw) {
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "a whole number";
        }
        if (raw == double.class || raw == Double.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class) {
            return "a string";
        }
        return List.class.isAssignableFrom(raw) ? "a list [...]" : "an object {...}";
    }

    private static IllegalArgumentException wrongType(String path, String expected, JsonElement got) {
        String shown = got.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 37) + "...";
        }
        return new IllegalArgumentException(path + ": must be " + expected + ", got " + shown);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Class<?> raw(Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    /** The valid key with the smallest edit distance to {@code key} (ties: the first in record order). */
    static String closest(String key, List<String> valid) {
        return org.mheightlab.ClosestName.of(key, valid).name();
    }
}

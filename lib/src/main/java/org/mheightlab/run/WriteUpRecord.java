package org.mheightlab.run;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mheightlab.train.LearningRateSchedule;

/**
 * The settings each bundled run's write-up gives ({@code runs/writeups/record.json}): per run, the write-up file and,
 * per setting, its value in the definition's own JSON form, the line it is on and a verbatim quote, and — where
 * our definition departs from it — the reason. The fidelity test holds every definition to it; the settings table
 * shows it beside the definition and the recording.
 */
public final class WriteUpRecord {

    /** One setting of a write-up. {@code key} is a definition path ({@code training.maxEpochs}) or {@code writeup.*}. */
    public record Entry(String key, JsonElement writeUp, String file, List<Integer> lines, String quote,
                        String departure) {

        /** Whether {@code key} names a field of the definition (not a {@code writeup.*} fact). */
        public boolean isDefinitionKey() {
            return !key.startsWith("writeup.");
        }

        /** "002_….txt:121" — where the value is written. */
        public String where() {
            return file + ":" + (lines == null || lines.isEmpty() ? "?" : lines.get(0));
        }
    }

    /**
     * An expected outcome or success criterion of a write-up: {@code measure} (validation.overall,
     * validation.easy/medium/hard, gap = validation − train overall, leakingValidationSamples) must lie in
     * [{@code atLeast}, {@code below}) (either bound may be absent).
     */
    public record Criterion(String kind, String name, String measure, Double atLeast, Double below, String file,
                            List<Integer> lines, String quote) {

        public String where() {
            return file + ":" + (lines == null || lines.isEmpty() ? "?" : lines.get(0));
        }

        /** The bound in words, e.g. "< 0.374" or "0.02 to 0.08". */
        public String bound() {
            if (atLeast != null && below != null) {
                return atLeast + " to " + below;
            }
            return atLeast != null ? "≥ " + atLeast : "< " + below;
        }

        public boolean holds(double value) {
            return (atLeast == null || value >= atLeast) && (below == null || value < below);
        }
    }

    /** One run's write-up: its file, a title, its settings and its expected outcomes and success criteria. */
    public record WriteUp(String writeUp, String title, List<Entry> settings, List<Criterion> criteria) {

        public List<Criterion> criteria() {
            return criteria == null ? List.of() : criteria;
        }

        /** The entry for {@code key}, if the write-up gives that setting. */
        public Optional<Entry> entry(String key) {
            return settings.stream().filter(e -> e.key().equals(key)).findFirst();
        }
    }

    private static final String RESOURCE = "/runs/writeups/record.json";

    private final Map<String, WriteUp> byRun;

    private WriteUpRecord(Map<String, WriteUp> byRun) {
        this.byRun = byRun;
    }

    /** The record bundled with the run definitions. */
    public static WriteUpRecord bundled() {
        try (InputStream in = WriteUpRecord.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the library");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WriteUpRecord parse(String json) {
        Gson gson = new Gson();
        Map<String, WriteUp> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> run : JsonParser.parseString(json).getAsJsonObject().entrySet()) {
            out.put(run.getKey(), gson.fromJson(run.getValue(), WriteUp.class));
        }
        return new WriteUpRecord(out);
    }

    /** The write-up of run {@code name} (run1 … run7), if it has one. */
    public Optional<WriteUp> of(String name) {
        return Optional.ofNullable(byRun.get(name));
    }

    public Map<String, WriteUp> all() {
        return byRun;
    }

    /** The value at a dotted key ({@code a.b[2].c}) of a JSON tree, or null when there is none. */
    public static JsonElement valueAt(JsonElement tree, String key) {
        JsonElement at = tree;
        for (String part : key.split("\\.")) {
            String name = part;
            List<Integer> indices = new ArrayList<>();
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                name = part.substring(0, bracket);
                for (String idx : part.substring(bracket + 1, part.length() - 1).split("]\\[")) {
                    indices.add(Integer.parseInt(idx));
                }
            }
            if (!(at instanceof JsonObject o) || !o.has(name)) {
                return null;
            }
            at = o.get(name);
            for (int i : indices) {
                if (!(at instanceof JsonArray a) || i >= a.size()) {
                    return null;
                }
                at = a.get(i);
            }
        }
        return at;
    }

    /**
     * Whether two values of a definition key are the same setting: JSON equality with numbers compared by value
     * (1e-5 = 1.0E-5) and schedules compared after parsing (so "cosine-restarts:12:1:0.00001" is the schedule
     * a run definition writes back as "cosine-restarts:12:1:1.0E-5").
     */
    public static boolean sameSetting(String key, JsonElement a, JsonElement b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (key.endsWith("schedule") && a.isJsonPrimitive() && b.isJsonPrimitive()) {
            try {
                return LearningRateSchedule.parse(a.getAsString()).equals(LearningRateSchedule.parse(b.getAsString()));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (a.isJsonPrimitive() && b.isJsonPrimitive()) {
            JsonPrimitive x = a.getAsJsonPrimitive();
            JsonPrimitive y = b.getAsJsonPrimitive();
            if (x.isNumber() && y.isNumber()) {
                return new BigDecimal(x.getAsString()).compareTo(new BigDecimal(y.getAsString())) == 0;
            }
            return x.equals(y);
        }
        if (a.isJsonArray() && b.isJsonArray()) {
            JsonArray x = a.getAsJsonArray();
            JsonArray y = b.getAsJsonArray();
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameSetting(key, x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isJsonObject() && b.isJsonObject()) {
            JsonObject x = a.getAsJsonObject();
            JsonObject y = b.getAsJsonObject();
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (String k : x.keySet()) {
                if (!sameSetting(key + "." + k, x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}

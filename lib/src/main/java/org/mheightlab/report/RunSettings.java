package org.mheightlab.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The settings a run folder was trained with, read from its {@code run.json} (the definition as run, so a
 * notebook's overrides such as fewer epochs or a per-group limit show up here, not the file in runs/), as a
 * two-column table setting → value. Nested objects become dotted names ({@code training.maxEpochs}); a list of
 * plain values is shown on one line, a list of objects (augmentations, curriculum phases) by index.
 */
public final class RunSettings {

    private RunSettings() {
    }

    public static Table table(Path runDir) {
        Path file = runDir.resolve("run.json");
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (is " + runDir + " a run folder?)", e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException(file + " does not hold a run definition (a JSON object)");
        }
        List<String[]> rows = new ArrayList<>();
        flatten("", root, rows);
        StringColumn setting = StringColumn.create("setting");
        StringColumn value = StringColumn.create("value");
        for (String[] r : rows) {
            setting.append(r[0]);
            value.append(r[1]);
        }
        JsonElement name = root.getAsJsonObject().get("name");
        String run = name != null && name.isJsonPrimitive() ? name.getAsString() : runDir.getFileName().toString();
        return Table.create("Settings of " + run + " (run.json)").addColumns(setting, value);
    }

    private static void flatten(String prefix, JsonElement e, List<String[]> rows) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.size() == 0) {
                rows.add(new String[] {prefix, "{}"});
                return;
            }
            for (Map.Entry<String, JsonElement> entry : o.entrySet()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), rows);
            }
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            boolean plain = true;
            for (JsonElement x : a) {
                plain &= x.isJsonPrimitive() || x.isJsonNull();
            }
            if (plain) {
                List<String> parts = new ArrayList<>();
                a.forEach(x -> parts.add(scalar(x)));
                rows.add(new String[] {prefix, "[" + String.join(", ", parts) + "]"});
            } else {
                for (int i = 0; i < a.size(); i++) {
                    flatten(prefix + "[" + i + "]", a.get(i), rows);
                }
            }
        } else {
            rows.add(new String[] {prefix, scalar(e)});
        }
    }

    private static String scalar(JsonElement e) {
        return e.isJsonNull() ? "null" : e.getAsString();
    }
}

package org.mheightlab.provenance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mheightlab.Version;

/**
 * The mark every record this project writes carries — {@code "tool": "mheight-lab"} and a {@code "kind"} — and the
 * test for it. The output rule replaces a folder only when its record passes this test: a folder that merely has
 * a file of the right name (someone else's {@code provenance.json}, {@code classifier.json}) is not ours.
 */
public final class OurRecord {

    public static final String TOOL = "mheight-lab";

    private OurRecord() {
    }

    /** A new record's first fields: tool, version and kind (callers add the rest in order). */
    public static Map<String, Object> start(String kind) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tool", TOOL);
        p.put("version", Version.get());
        p.put("kind", kind);
        return p;
    }

    /** Whether {@code file} is a regular file (not a link) holding a JSON object this project wrote as {@code kind}. */
    public static boolean isOurs(Path file, String kind) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file));
            if (!root.isJsonObject()) {
                return false;
            }
            JsonObject o = root.getAsJsonObject();
            return isString(o.get("tool"), TOOL) && isString(o.get("kind"), kind);
        } catch (IOException | RuntimeException e) {
            return false; // unreadable or not JSON: not a record of ours
        }
    }

    private static boolean isString(JsonElement e, String value) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && e.getAsString().equals(value);
    }
}

package org.mheightlab.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Gson's "at line L column C path $.a.b" of a strict-parse error back into the file, so that a value JSON
 * does not have (NaN, Infinity, -Infinity: Java and Python write them, JSON does not) is named as what it is, with
 * its key and line, instead of Gson's advice to the developer to parse leniently.
 */
final class JsonPosition {

    private static final Pattern WHERE = Pattern.compile("line (\\d+) column (\\d+) path \\$\\.?(\\S*)");
    private static final Pattern NON_FINITE = Pattern.compile("\\s*(-?(?:NaN|Infinity))\\b");

    private JsonPosition() {
    }

    /** The message for a NaN or Infinity at the error's position in {@code json}, or null if there is none there. */
    static String nonFiniteAt(String json, String gsonMessage) {
        Matcher where = WHERE.matcher(gsonMessage);
        if (!where.find()) {
            return null;
        }
        int line = Integer.parseInt(where.group(1));
        int column = Integer.parseInt(where.group(2));
        String key = where.group(3).isEmpty() ? "the value" : where.group(3);
        String[] lines = json.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return null;
        }
        String text = lines[line - 1];
        // Gson's column is where it stopped reading, at or just after the token's first character.
        for (int from = Math.max(0, column - 3); from <= Math.min(text.length(), column); from++) {
            Matcher m = NON_FINITE.matcher(text).region(from, text.length());
            if (m.lookingAt()) {
                return key + " (line " + line + "): " + m.group(1) + " is not JSON (JSON has no NaN or Infinity); "
                        + "write the finite number you mean, as digits (0.001, 1e-4), within the setting's range";
            }
        }
        return null;
    }
}

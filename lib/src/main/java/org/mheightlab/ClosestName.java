package org.mheightlab;

import java.util.Collection;
import java.util.Locale;

/**
 * The "did you mean …?" of every refusal that names an unknown key or array: the valid name with the smallest
 * case-insensitive Levenshtein distance to what the user wrote (ties: the first in the given order).
 */
public record ClosestName(String name, int distance) {

    /** The closest of {@code valid} to {@code given}; {@code name} is null when {@code valid} is empty. */
    public static ClosestName of(String given, Collection<String> valid) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String g = given.toLowerCase(Locale.ROOT);
        for (String v : valid) {
            int d = distance(g, v.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
        }
        return new ClosestName(best, bestDistance);
    }

    /**
     * " (did you mean 'height'?)" when a valid name is close enough to {@code given} to be what was meant (a typo,
     * another case), else "": a far-off suggestion ('note' → 'n') would only mislead.
     */
    public static String hint(String given, Collection<String> valid) {
        ClosestName c = of(given, valid);
        return c.name() != null && c.distance() <= Math.max(2, given.length() / 3) ? " (did you mean '" + c.name()
                + "'?)" : "";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

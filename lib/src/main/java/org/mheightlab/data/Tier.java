package org.mheightlab.data;

/** Difficulty tiers of the task's nine (k,m) groups, as the runs' write-ups report them. */
public enum Tier {
    EASY, MEDIUM, HARD;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The tier labelled {@code label} ("easy", "medium", "hard"), if it is one. */
    public static java.util.Optional<Tier> byLabel(String label) {
        for (Tier t : values()) {
            if (t.label().equals(label)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}

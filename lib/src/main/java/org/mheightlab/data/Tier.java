package org.mheightlab.data;

/** Difficulty tiers of the task's nine (k,m) groups, as the runs' write-ups report them. */
public enum Tier {
    EASY, MEDIUM, HARD;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package org.mheightlab.data;

import java.util.List;
import java.util.Optional;

/** A (k, m) group: samples with the same message length k and the same m. */
public record Group(int k, int m) implements Comparable<Group> {

    /** The code length of the course task. */
    public static final int TASK_N = 9;

    /** The nine groups of the task, in the order the write-ups list them. */
    public static final List<Group> TASK_GROUPS = List.of(
            new Group(4, 2), new Group(4, 3), new Group(4, 4), new Group(4, 5),
            new Group(5, 2), new Group(5, 3), new Group(5, 4),
            new Group(6, 2), new Group(6, 3));

    public Group {
        if (k < 1 || m < 1) {
            throw new IllegalArgumentException("k and m must be positive, got k=" + k + ", m=" + m);
        }
    }

    /** Parses "4,2" or "(4,2)" or "k4m2". */
    public static Group parse(String text) {
        String digits = text.replaceAll("[^0-9]+", " ").trim();
        String[] parts = digits.split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a group is written k,m (for example 4,2), got '" + text + "'");
        }
        return new Group(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** The tier of a task group; empty for a group outside the task. */
    public Optional<Tier> tier() {
        int code = k * 10 + m;
        return switch (code) {
            case 42, 43, 52 -> Optional.of(Tier.EASY);
            case 44, 53, 62 -> Optional.of(Tier.MEDIUM);
            case 54, 63, 45 -> Optional.of(Tier.HARD);
            default -> Optional.empty();
        };
    }

    @Override
    public int compareTo(Group o) {
        return k != o.k ? Integer.compare(k, o.k) : Integer.compare(m, o.m);
    }

    @Override
    public String toString() {
        return "(" + k + "," + m + ")";
    }
}

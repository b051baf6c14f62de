package org.mheightlab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the course data and the project's bundled data. */
public final class TestData {

    private TestData() {
    }

    /** The repository root (parent of lib/). */
    public static Path projectDir() {
        String prop = System.getProperty("mheight.project.dir");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent();
        return p.toAbsolutePath().normalize();
    }

    /** {@code ../shared/data/course} beside the repository; tests that need it are skipped without it. */
    public static Path courseDir() {
        String prop = System.getProperty("mheight.course.dir");
        Path dir = prop != null ? Path.of(prop) : projectDir().resolve("../shared/data/course");
        dir = dir.toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(dir.resolve("DS-1-samples_n_k_m_P.pkl")),
                "course data not found at " + dir);
        return dir;
    }

    public static Path ds1Inputs() {
        return courseDir().resolve("DS-1-samples_n_k_m_P.pkl");
    }

    public static Path ds1Heights() {
        return courseDir().resolve("DS-1-samples_mHeights.pkl");
    }
}

package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.mheightlab.TestData;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.CsvFormat;
import org.mheightlab.data.io.DatasetFiles;

/** One tiny real run folder per test class (run1, 1 epoch, 10 samples per group) and a small labelled CSV. */
final class TinyRun {

    private TinyRun() {
    }

    /** Trains into {@code folder} through the CLI, as a user would. */
    static Path train(Path folder) {
        Path data = TestData.projectDir().resolve("data");
        BadInput.Outcome r = BadInput.accepted("train", "--run", "run1", "--epochs", "1", "--limit-per-group", "10",
                "--data", data.resolve("train").toString(), "--test", data.resolve("test").toString(),
                "--out", folder.toString());
        assertEquals(0, r.exitCode());
        return folder;
    }

    /** The first {@code count} samples of the bundled test set, as a labelled CSV. */
    static Dataset testSamples(int count) {
        Dataset all = DatasetFiles.read(TestData.projectDir().resolve("data/test"));
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = i * (all.size() / count); // spread over the groups
        }
        return all.subset(idx);
    }

    static Path csv(Dataset d, Path file) {
        CsvFormat.write(d, file);
        return file;
    }

    /** A copy of the run folder to corrupt. */
    static Path copy(Path run, Path to) {
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

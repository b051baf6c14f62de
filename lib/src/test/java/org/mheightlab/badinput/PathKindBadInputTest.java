package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;

/**
 * Issue 17: a path of the wrong kind — a folder given as a dataset file, an output under a path that is a file,
 * a folder where a dataset file is to be written, a symbolic link to a run folder — is refused (or used) saying
 * what the path is, never "FileAlreadyExists", "models_n_k_m_P.pkl: file not found" or "is a file" for a link
 * to a folder. Every command's inputs and outputs.
 */
class PathKindBadInputTest {

    @TempDir
    static Path tmp;

    static Path run;
    static Path csv;
    static Path classify;

    @BeforeAll
    static void trainOnce() {
        run = TinyRun.train(tmp.resolve("run"));
        csv = TinyRun.csv(TinyRun.testSamples(18), tmp.resolve("base.csv"));
        classify = TestData.projectDir().resolve("data/classify.npz");
    }

    /** A fresh case folder, watched by the refusal. */
    private static Path caseDir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve("case-" + name.replaceAll("[^A-Za-z0-9]+", "-")));
    }

    /** Each command whose output (file or folder) is under {@code base.csv}, a file. */
    @TestFactory
    Stream<DynamicTest> outputUnderAFileSaysTheFileIsNotAFolder() {
        return Stream.of(
                List.of("convert", csv.toString(), csv + "/out.csv"),
                List.of("generate", "--out", csv + "/g.csv", "--group", "4,2=5"),
                List.of("predict", run.toString(), csv.toString(), "--out", csv + "/p.pkl"),
                List.of("classify", "make-data", "--from", csv.toString(), "--out", csv + "/c.npz"),
                List.of("learning-curve", run.toString(), "--out", csv + "/lc.csv"),
                List.of("train", "--run", "run1", "--epochs", "1", "--limit-per-group", "10", "--data",
                        csv.toString(), "--test", csv.toString(), "--out", csv + "/run"),
                List.of("classify", "train", "--data", classify.toString(), "--epochs", "1", "--checkpoint-dir",
                        csv + "/ck"),
                List.of("classify", "pretrain", "--data", classify.toString(), "--epochs", "1", "--checkpoint-dir",
                        csv + "/enc")
        ).map(args -> DynamicTest.dynamicTest(String.join(" ", args.subList(0, 2)), () ->
                BadInput.refused(tmp, args.toArray(String[]::new))
                        .mentions(csv + " is a file, not a folder").doesNotMention("FileAlreadyExists")));
    }

    /** Each command whose dataset input is a folder. */
    @TestFactory
    Stream<DynamicTest> folderGivenAsADatasetSaysItIsAFolder() throws IOException {
        Path models = Files.createDirectories(tmp.resolve("models"));
        Path npzFolder = Files.createDirectories(tmp.resolve("folder.npz"));
        Path csvFolder = Files.createDirectories(tmp.resolve("folder.csv"));
        return Stream.of(
                List.of("convert", models.toString(), tmp.resolve("out.csv").toString()),
                List.of("convert", csvFolder.toString(), tmp.resolve("out.npz").toString()),
                List.of("verify", models.toString()),
                List.of("verify", csvFolder.toString()),
                List.of("describe", npzFolder.toString()),
                List.of("predict", run.toString(), models.toString(), "--out", tmp.resolve("p.pkl").toString()),
                List.of("evaluate", run.toString(), models.toString()),
                List.of("classify", "make-data", "--from", models.toString(), "--out",
                        tmp.resolve("c.npz").toString()),
                List.of("classify", "train", "--data", npzFolder.toString(), "--epochs", "1"),
                List.of("classify", "pretrain", "--data", npzFolder.toString(), "--epochs", "1",
                        "--checkpoint-dir", tmp.resolve("enc").toString()),
                List.of("train", "--run", "run1", "--epochs", "1", "--data", models.toString(), "--test",
                        csv.toString(), "--out", tmp.resolve("run-from-folder").toString())
        ).map(args -> DynamicTest.dynamicTest(String.join(" ", args), () -> {
            Path folder = args.contains(models.toString()) ? models
                    : args.contains(csvFolder.toString()) ? csvFolder : npzFolder;
            BadInput.refused(tmp, args.toArray(String[]::new))
                    .mentions(folder + ": is a folder, not a dataset file").doesNotMention("file not found");
        }));
    }

    /** An input below a path that is a file: the file is named as such, not "file not found". */
    @TestFactory
    Stream<DynamicTest> inputUnderAFileSaysTheFileIsNotAFolder() {
        return Stream.of(
                List.of("verify", csv + "/x.csv"),
                List.of("convert", csv + "/x.npz", tmp.resolve("out.csv").toString()),
                List.of("evaluate", csv + "/run", csv.toString()),
                List.of("classify", "train", "--data", csv + "/c.npz", "--epochs", "1")
        ).map(args -> DynamicTest.dynamicTest(String.join(" ", args), () ->
                BadInput.refused(tmp, args.toArray(String[]::new)).mentions(csv + " is a file, not a folder")));
    }

    /** train --run names a definition file: a folder or a path below a file is named as such. */
    @Test
    void runDefinitionPathOfTheWrongKindIsNamed() throws IOException {
        Path dir = caseDir("definition");
        Path folder = Files.createDirectories(dir.resolve("run7.json"));
        BadInput.refused(dir, "train", "--run", folder.toString(), "--epochs", "1")
                .mentions(folder.toString(), "a folder, not a run definition file");
        BadInput.refused(dir, "train", "--run", csv + "/run.json", "--epochs", "1")
                .mentions(csv + " is a file, not a folder");
    }

    /** A dataset output that names an existing folder: it is a folder, and nothing is written beside it. */
    @TestFactory
    Stream<DynamicTest> datasetOutputThatIsAFolderIsRefused() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("outputs"));
        return Stream.of(
                List.of("generate", "--out", folder.toString(), "--group", "4,2=5"),
                List.of("convert", csv.toString(), folder.toString()),
                List.of("predict", run.toString(), csv.toString(), "--out", folder.toString())
        ).map(args -> DynamicTest.dynamicTest(String.join(" ", args.subList(0, 1)), () ->
                BadInput.refused(tmp, args.toArray(String[]::new)).mentions(folder + " is a folder")));
    }

    /** train --out through a symbolic link to a run folder replaces that folder; the link stays. */
    @Test
    void symlinkToARunFolderIsThatFolder() throws IOException {
        Path dir = caseDir("link");
        Path target = TinyRun.copy(run, dir.resolve("real-run"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        // The previous run's own metrics.json marks it (a file of the user's would make --overwrite refuse).
        Files.writeString(target.resolve("metrics.json"), "{\"previous\": true}");
        BadInput.Outcome r = BadInput.accepted("train", "--run", "run1", "--epochs", "1", "--limit-per-group", "10",
                "--data", TestData.projectDir().resolve("data/train").toString(), "--test",
                TestData.projectDir().resolve("data/test").toString(), "--out", link.toString(), "--overwrite");
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertEquals(target.toRealPath(), link.toRealPath());
        assertTrue(Files.isRegularFile(link.resolve("run.json")), r.out());
        assertTrue(!Files.readString(target.resolve("metrics.json")).contains("previous"),
                "the folder the link points to was replaced");
        // Without --overwrite it is refused as a previous run folder, not as "a file".
        BadInput.refused(dir, "train", "--run", "run1", "--epochs", "1", "--out", link.toString())
                .mentions(link.toString(), "holds a previous run folder").doesNotMention("is a file");
    }

    /** A link to nowhere is named as a link. */
    @Test
    void danglingLinkAsAnOutputFolderIsNamed() throws IOException {
        Path dir = caseDir("dangling");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("gone"));
        BadInput.refused(dir, "classify", "train", "--data", classify.toString(), "--epochs", "1",
                "--checkpoint-dir", link.toString()).mentions(link.toString(), "symbolic link", "does not exist");
    }

    /** The files of a run folder given through a link are inputs too: predictions may not replace them. */
    @Test
    void runFolderThroughALinkIsStillAnInput() throws IOException {
        Path dir = caseDir("link-input");
        Path link = Files.createSymbolicLink(dir.resolve("runlink"), run);
        BadInput.refused(new Path[] {dir, run}, "predict", link.toString(), csv.toString(), "--out",
                link.resolve("predictions.csv").toString(), "--overwrite").mentions(link.toString(), "a folder this command reads");
    }
}

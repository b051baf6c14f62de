package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.run.RunFolder;

/**
 * Issue 17, data loss: no command writes into a run folder it reads; {@code --overwrite} replaces a folder only
 * when this project wrote it and it holds nothing else; a failed rename in the middle of a commit puts the old
 * files back; and without {@code --overwrite} a file or folder that appeared while the command worked is never
 * replaced. Every refusal leaves the watched folders byte-identical.
 */
class DataLossBadInputTest {

    @TempDir
    static Path shared;

    /** One tiny real run, trained once; each test works on its own copy. */
    static Path trained;

    @TempDir
    Path tmp;

    Path run;
    Path in;
    Path out;
    Path pair;
    Path csv;
    Path npz;

    @BeforeAll
    static void trainOnce() {
        trained = TinyRun.train(shared.resolve("run"));
    }

    @BeforeEach
    void data() throws IOException {
        run = TinyRun.copy(trained, tmp.resolve("run"));
        in = Files.createDirectories(tmp.resolve("in"));
        out = Files.createDirectories(tmp.resolve("out"));
        BadInput.accepted("generate", "--out", in.resolve("d").toString(), "--group", "4,2=6", "--seed", "3",
                "--threads", "1");
        pair = in.resolve("d_n_k_m_P.pkl");
        csv = in.resolve("d.csv");
        npz = in.resolve("d.npz");
        BadInput.accepted("convert", pair.toString(), csv.toString());
        BadInput.accepted("convert", pair.toString(), npz.toString());
    }

    @AfterEach
    void noHook() {
        AtomicFiles.setCommitHook(null);
    }

    private Path[] watched() {
        return new Path[] {run, in, out};
    }

    private static String[] train(Path folder, String... more) {
        Path data = TestData.projectDir().resolve("data");
        String[] base = {"train", "--run", "run1", "--epochs", "1", "--limit-per-group", "10", "--data",
                data.resolve("train").toString(), "--test", data.resolve("test").toString(), "--out", folder.toString()};
        return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
    }

    // ---- a run folder's files are inputs of every command that reads it ----

    @Test
    void predictRefusesToWriteOverTheRunDefinition() {
        Path target = run.resolve("run.json");
        BadInput.refused(watched(), "predict", run.toString(), pair.toString(), "--out", target.toString(),
                "--overwrite").mentions(target.toString(), "inside " + run, "choose an output outside");
    }

    @Test
    void predictRefusesANewFileInTheModelFolder() {
        // A new member-0.params would be the file predict loads next time: the model would be gone.
        Path target = run.resolve("model/member-0.params");
        BadInput.refused(watched(), "predict", run.toString(), pair.toString(), "--out", target.toString(),
                "--overwrite").mentions(target.toString(), "inside " + run);
    }

    @Test
    void predictRefusesAnOutputInTheRunFolderThroughASymlink() throws IOException {
        Path link = Files.createSymbolicLink(out.resolve("link"), run);
        Path target = link.resolve("preds.pkl");
        BadInput.refused(watched(), "predict", run.toString(), pair.toString(), "--out", target.toString())
                .mentions(target.toString(), "inside " + run);
    }

    @Test
    void predictRefusesAFileTheRunFolderLinksTo() throws IOException {
        Path outside = Files.writeString(out.resolve("notes.pkl"), "the user's notes");
        Files.createSymbolicLink(run.resolve("notes-link.pkl"), outside);
        BadInput.refused(watched(), "predict", run.toString(), pair.toString(), "--out", outside.toString(),
                "--overwrite").mentions(outside.toString());
    }

    @Test
    void learningCurveRefusesToWriteOverItsRunFolder() {
        Path target = run.resolve("metrics.json");
        BadInput.refused(watched(), "learning-curve", run.toString(), "--out", target.toString(), "--overwrite")
                .mentions(target.toString(), "inside " + run);
    }

    @Test
    void learningCurveRefusesANewFileInItsRunFolder() {
        Path target = run.resolve("curve.csv");
        BadInput.refused(watched(), "learning-curve", run.toString(), "--out", target.toString())
                .mentions(target.toString(), "inside " + run);
    }

    @Test
    void trainRefusesToReplaceTheRunItComparesWith() {
        BadInput.refused(watched(), train(run, "--compare", run.toString(), "--overwrite"))
                .mentions(run.toString());
    }

    @Test
    void trainRefusesAnOutputInsideTheRunItComparesWith() {
        Path inside = run.resolve("again");
        BadInput.refused(watched(), train(inside, "--compare", run.toString()))
                .mentions(inside.toString(), "inside " + run);
    }

    @Test
    void classifyTrainRefusesACheckpointFolderInsideThePretrainedEncoder() throws IOException {
        Path encoder = encoderFolder();
        Path inside = encoder.resolve("classifier");
        BadInput.refused(new Path[] {in, out}, "classify", "train", "--data", npz.toString(), "--pretrained-ckpt",
                encoder.toString(), "--checkpoint-dir", inside.toString()).mentions(inside.toString(),
                "inside " + encoder);
    }

    // ---- train --overwrite replaces only a folder this project wrote and nothing else ----

    @Test
    void trainOverwriteRefusesARunFolderHoldingTheUsersFiles() throws IOException {
        Files.writeString(run.resolve("notes.txt"), "what I saw\n");
        Files.createDirectories(run.resolve("analysis"));
        Files.writeString(run.resolve("analysis/plot.png"), "png");
        BadInput.refused(watched(), train(run, "--overwrite"))
                .mentions(run.toString(), "notes.txt", "analysis", "--out");
    }

    @Test
    void trainOverwriteRefusesAUsersFileInTheModelFolder() throws IOException {
        Files.writeString(run.resolve("model/my-finetune.params"), "mine");
        BadInput.refused(watched(), train(run, "--overwrite")).mentions(run.toString(), "my-finetune.params");
    }

    @Test
    void trainOverwriteRefusesAFolderWithAForeignRunJsonAndProvenance() throws IOException {
        Path dir = Files.createDirectories(out.resolve("mine"));
        Files.writeString(dir.resolve("run.json"), "{\"name\": \"my own run\"}\n");
        Files.writeString(dir.resolve("provenance.json"), "{\"author\": \"me\"}\n");
        Files.writeString(dir.resolve("important.csv"), "a,b\n1,2\n");
        BadInput.refused(watched(), train(dir, "--overwrite")).mentions(dir.toString(), "not a run folder",
                "important.csv");
    }

    @Test
    void trainOverwriteRefusesAFolderWhoseProvenanceIsNotJson() throws IOException {
        Path dir = Files.createDirectories(out.resolve("mine"));
        Files.writeString(dir.resolve("run.json"), "{}\n");
        Files.writeString(dir.resolve("provenance.json"), "tool: mheight-lab\n");
        BadInput.refused(watched(), train(dir, "--overwrite")).mentions(dir.toString(), "not a run folder");
    }

    @Test
    void classifyTrainOverwriteRefusesAForeignClassifierJson() throws IOException {
        Path dir = Files.createDirectories(out.resolve("ckpt"));
        Files.writeString(dir.resolve("classifier.json"), "{\"model\": \"my sklearn one\"}\n");
        Files.writeString(dir.resolve("weights.bin"), "weights");
        BadInput.refused(watched(), "classify", "train", "--data", npz.toString(), "--checkpoint-dir", dir.toString(),
                "--overwrite").mentions(dir.toString(), "classifier.json");
    }

    @Test
    void classifyTrainOverwriteRefusesOurCheckpointFolderWithAForeignFile() throws IOException {
        Path dir = Files.createDirectories(out.resolve("ckpt"));
        Files.writeString(dir.resolve("classifier.json"), "{\"tool\": \"mheight-lab\", \"kind\": \"classifier\"}\n");
        Files.writeString(dir.resolve("best.params"), "old weights");
        Files.writeString(dir.resolve("weights.bin"), "the user's weights");
        BadInput.refused(watched(), "classify", "train", "--data", npz.toString(), "--checkpoint-dir", dir.toString(),
                "--overwrite").mentions(dir.toString(), "weights.bin", "--checkpoint-dir");
    }

    @Test
    void classifyPretrainOverwriteRefusesAForeignEncoderFolder() throws IOException {
        Path dir = Files.createDirectories(out.resolve("enc"));
        Files.writeString(dir.resolve("encoder.json"), "{}\n");
        Files.writeString(dir.resolve("encoder.params"), "someone else's weights");
        BadInput.refused(watched(), "classify", "pretrain", "--data", npz.toString(), "--checkpoint-dir",
                dir.toString(), "--overwrite").mentions(dir.toString(), "encoder.json");
    }

    @Test
    void trainOverwriteReplacesARunFolderThatHoldsOnlyItsOwnFiles() throws IOException {
        // Training is deterministic, so the new files have the old bytes: a new file is a new inode.
        Object old = Files.readAttributes(run.resolve("provenance.json"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        BadInput.accepted(train(run, "--overwrite"));
        assertNotEquals(old, Files.readAttributes(run.resolve("provenance.json"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey(), "the run was not replaced");
        OutputSafetyBadInputTest.assertNoTempFiles(tmp);
    }

    @Test
    void aCopiedRecordingIsARunFolderThatCanBeReplaced() throws IOException {
        // docs/run8 carries a learning curve and a DS-1 report beside the run: the copy a notebook opens holds
        // the run folder's own files only, so the notebook's rerun (overwrite = true) may replace it.
        Path copy = out.resolve("run8-notebook");
        RunFolder.copyOf(TestData.projectDir().resolve("docs/run8"), copy, false);
        assertFalse(Files.exists(copy.resolve("learning-curve.csv")));
        org.mheightlab.files.OutputGuard.folder("--out", copy, RunFolder.KIND, true, List.of());
        RunFolder.copyOf(TestData.projectDir().resolve("docs/run8"), copy, true);
        assertTrue(Files.exists(copy.resolve("metrics.json")));
    }

    // ---- a commit that fails half-way puts the old files back ----

    @Test
    void convertOverwriteRestoresThePairWhenTheSecondRenameFails() throws IOException {
        Path target = out.resolve("t");
        BadInput.accepted("generate", "--out", target.toString(), "--group", "5,3=4", "--seed", "9", "--threads", "1");
        Path heights = out.resolve("t_mHeights.pkl");
        AtomicFiles.setCommitHook(to -> {
            if (to.getFileName().equals(heights.getFileName())) {
                throw new AccessDeniedException(to.toString(), null, "Operation not permitted");
            }
        });
        BadInput.refused(watched(), "convert", csv.toString(), target.toString(), "--overwrite")
                .mentions(heights.toString(), "Operation not permitted", "nothing was replaced");
    }

    @Test
    void generateOverwriteRestoresTheFirstFileWhenTheSidecarRenameFails() throws IOException {
        Path target = out.resolve("t");
        BadInput.accepted("generate", "--out", target.toString(), "--group", "5,3=4", "--seed", "9", "--threads", "1");
        AtomicFiles.setCommitHook(to -> {
            if (to.getFileName().toString().endsWith(".provenance.json")) {
                throw new AccessDeniedException(to.toString(), null, "Operation not permitted");
            }
        });
        BadInput.refused(watched(), "generate", "--out", target.toString(), "--group", "4,2=3", "--seed", "1",
                "--threads", "1", "--overwrite").mentions("provenance.json", "nothing was replaced");
    }

    // ---- without --overwrite, an output that appeared while the command worked is never replaced ----

    /** Makes {@code file} appear (as another process would write it) just before the commit places it. */
    private static void appearsBeforeCommit(Path file, String content) {
        AtomicFiles.setCommitHook(to -> {
            if (to.getFileName().equals(file.getFileName()) && !Files.exists(file)) {
                Files.writeString(file, content);
            }
        });
    }

    @Test
    void generateDoesNotReplaceAFileThatAppearedWhileWriting() throws IOException {
        Path target = out.resolve("x.csv");
        appearsBeforeCommit(target, "the other generate's data\n");
        BadInput.Outcome r = BadInput.runCli("generate", "--out", target.toString(), "--group", "4,2=3", "--threads",
                "1");
        assertEquals(2, r.exitCode(), r.err());
        r.mentions(target.toString(), "appeared while writing", "not replaced");
        assertEquals("the other generate's data\n", Files.readString(target));
        assertEquals(List.of("x.csv"), names(out), "only the file that appeared may be there (no sidecar, no .tmp)");
    }

    @Test
    void generateOfAPairDoesNotReplaceAHeightsFileThatAppearedWhileWriting() throws IOException {
        Path heights = out.resolve("p_mHeights.pkl");
        appearsBeforeCommit(heights, "the other one's heights");
        BadInput.Outcome r = BadInput.runCli("generate", "--out", out.resolve("p").toString(), "--group", "4,2=3",
                "--threads", "1");
        assertEquals(2, r.exitCode(), r.err());
        r.mentions(heights.toString(), "appeared while writing");
        assertEquals("the other one's heights", Files.readString(heights));
        assertEquals(List.of("p_mHeights.pkl"), names(out), "the new inputs file must not stay beside foreign heights");
    }

    @Test
    void convertDoesNotDeleteAProvenanceSidecarThatAppearedWhileWriting() throws IOException {
        // convert drops a stale sidecar at its output; without --overwrite one that appeared meanwhile is not stale.
        Path sidecar = out.resolve("s_n_k_m_P.pkl.provenance.json");
        appearsBeforeCommit(sidecar, "{}\n");
        BadInput.Outcome r = BadInput.runCli("convert", csv.toString(), out.resolve("s").toString());
        assertEquals(2, r.exitCode(), r.err());
        r.mentions(sidecar.toString(), "appeared while writing");
        assertEquals(List.of("s_n_k_m_P.pkl.provenance.json"), names(out));
    }

    @Test
    void predictDoesNotReplaceAFileThatAppearedWhileWriting() throws IOException {
        Path target = out.resolve("preds.pkl");
        appearsBeforeCommit(target, "other predictions");
        BadInput.Outcome r = BadInput.runCli("predict", run.toString(), pair.toString(), "--out", target.toString());
        assertEquals(2, r.exitCode(), r.err());
        r.mentions(target.toString(), "appeared while writing");
        assertEquals("other predictions", Files.readString(target));
        assertEquals(List.of("preds.pkl"), names(out));
    }

    @Test
    void learningCurveDoesNotReplaceAFileThatAppearedWhileWriting() throws IOException {
        Path target = out.resolve("lc.csv");
        appearsBeforeCommit(target, "other curve");
        BadInput.Outcome r = BadInput.runCli("learning-curve", run.toString(), "--out", target.toString());
        assertEquals(2, r.exitCode(), r.err());
        r.mentions(target.toString(), "appeared while writing");
        assertEquals("other curve", Files.readString(target));
    }

    @Test
    void trainDoesNotReplaceARunFolderThatAppearedWhileTraining() throws IOException {
        Path folder = out.resolve("new-run");
        AtomicFiles.setCommitHook(to -> {
            if (to.equals(folder.toAbsolutePath().normalize()) && !Files.exists(folder)) {
                // Another train, without --overwrite either, finished first.
                TinyRun.copy(trained, folder);
            }
        });
        BadInput.Outcome r = BadInput.runCli(train(folder));
        assertEquals(2, r.exitCode(), r.err());
        r.mentions(folder.toString(), "appeared while writing");
        assertEquals(BadInput.snapshot(trained).size(), BadInput.snapshot(folder).size());
        assertEquals(Files.readString(trained.resolve("provenance.json")),
                Files.readString(folder.resolve("provenance.json")), "the other run was replaced");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path encoderFolder() throws IOException {
        Path dir = Files.createDirectories(out.resolve("encoder"));
        Files.writeString(dir.resolve("encoder.json"), "{\"tool\": \"mheight-lab\", \"kind\": \"pretrained-encoder\"}\n");
        Files.writeString(dir.resolve("encoder.params"), "weights");
        return dir;
    }
}

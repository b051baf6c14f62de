package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.DatasetFiles;

/**
 * Items 1 and 2 of issue 8: no command writes over an input, replaces an existing file without --overwrite, or
 * replaces a folder that is not one it wrote itself. Every refusal leaves the watched folders byte-identical.
 */
class OutputSafetyBadInputTest {

    @TempDir
    Path tmp;

    Path in;
    Path out;
    /** A labelled pickle pair {@code in/d_n_k_m_P.pkl} + {@code in/d_mHeights.pkl} (+ its provenance). */
    Path pair;
    Path heights;
    Path csv;
    Path npz;

    @BeforeEach
    void data() throws IOException {
        in = Files.createDirectories(tmp.resolve("in"));
        out = Files.createDirectories(tmp.resolve("out"));
        BadInput.accepted("generate", "--out", in.resolve("d").toString(), "--group", "4,2=6", "--seed", "3",
                "--threads", "1");
        pair = in.resolve("d_n_k_m_P.pkl");
        heights = in.resolve("d_mHeights.pkl");
        csv = in.resolve("d.csv");
        npz = in.resolve("d.npz");
        BadInput.accepted("convert", pair.toString(), csv.toString());
        BadInput.accepted("convert", pair.toString(), npz.toString());
    }

    private Path[] watched() {
        return new Path[] {in, out};
    }

    /** A folder that looks like a user's: data and notes. */
    private Path notesFolder() throws IOException {
        Path dir = Files.createDirectories(out.resolve("mine"));
        Files.writeString(dir.resolve("notes.txt"), "results of last week\n");
        Files.copy(csv, dir.resolve("data.csv"));
        return dir;
    }

    /** A folder holding what a previous mheight train left (run.json + provenance.json marked as ours). */
    private Path previousRunFolder() throws IOException {
        Path dir = Files.createDirectories(out.resolve("run7"));
        Files.writeString(dir.resolve("run.json"), "{\"name\": \"run7\"}\n");
        Files.writeString(dir.resolve("provenance.json"), "{\"tool\": \"mheight-lab\", \"kind\": \"training-run\"}\n");
        return dir;
    }

    // ---- item 1: train --out ----

    @Test
    void trainRefusesAFolderOfDataAndNotes() throws IOException {
        Path dir = notesFolder();
        BadInput.refused(watched(), "train", "--run", "run7", "--data", csv.toString(), "--test", csv.toString(),
                "--out", dir.toString(), "--overwrite").mentions(dir.toString(), "not a run folder");
    }

    @Test
    void trainRefusesAFile() throws IOException {
        Path file = Files.copy(csv, out.resolve("some.csv"));
        BadInput.refused(watched(), "train", "--run", "run7", "--data", csv.toString(), "--test", csv.toString(),
                "--out", file.toString()).mentions(file.toString(), "is a file");
    }

    @Test
    void trainRefusesAPreviousRunFolderWithoutOverwrite() throws IOException {
        Path dir = previousRunFolder();
        BadInput.refused(watched(), "train", "--run", "run7", "--data", csv.toString(), "--test", csv.toString(),
                "--out", dir.toString()).mentions(dir.toString(), "--overwrite");
    }

    @Test
    void trainRefusesToReplaceARunFolderThatHoldsItsData() throws IOException {
        Path dir = previousRunFolder();
        Path data = Files.copy(csv, dir.resolve("train.csv"));
        BadInput.refused(watched(), "train", "--run", "run7", "--data", data.toString(), "--test", csv.toString(),
                "--out", dir.toString(), "--overwrite").mentions(dir.toString(), "holds the input");
    }

    // ---- item 1: classify --checkpoint-dir ----

    @Test
    void classifyTrainRefusesAForeignCheckpointFolder() throws IOException {
        Path dir = notesFolder();
        BadInput.refused(watched(), "classify", "train", "--data", npz.toString(), "--checkpoint-dir", dir.toString(),
                "--overwrite").mentions(dir.toString(), "classifier.json");
    }

    @Test
    void classifyTrainRefusesItsOwnFolderWithoutOverwrite() throws IOException {
        Path dir = Files.createDirectories(out.resolve("ckpt"));
        Files.writeString(dir.resolve("classifier.json"), "{\"tool\": \"mheight-lab\", \"kind\": \"classifier\"}\n");
        Files.writeString(dir.resolve("best.params"), "old weights");
        BadInput.refused(watched(), "classify", "train", "--data", npz.toString(), "--checkpoint-dir", dir.toString())
                .mentions(dir.toString(), "--overwrite");
    }

    @Test
    void classifyTrainRefusesAFileAsCheckpointFolder() throws IOException {
        Path file = Files.copy(csv, out.resolve("ckpt.csv"));
        BadInput.refused(watched(), "classify", "train", "--data", npz.toString(), "--checkpoint-dir",
                file.toString()).mentions(file.toString(), "is a file");
    }

    @Test
    void classifyTrainRefusesACheckpointFolderHoldingThePretrainedEncoder() throws IOException {
        Path dir = Files.createDirectories(out.resolve("ckpt"));
        Files.writeString(dir.resolve("classifier.json"), "{}\n");
        Path encoder = Files.writeString(dir.resolve("encoder.params"), "weights");
        BadInput.refused(watched(), "classify", "train", "--data", npz.toString(), "--checkpoint-dir", dir.toString(),
                "--pretrained-ckpt", encoder.toString(), "--overwrite").mentions(dir.toString(), "holds the input");
    }

    @Test
    void classifyPretrainRefusesAForeignFolder() throws IOException {
        Path dir = notesFolder();
        BadInput.refused(watched(), "classify", "pretrain", "--data", npz.toString(), "--checkpoint-dir",
                dir.toString(), "--overwrite").mentions(dir.toString(), "encoder.json");
    }

    @Test
    void classifyPretrainRefusesItsOwnFolderWithoutOverwrite() throws IOException {
        Path dir = Files.createDirectories(out.resolve("enc"));
        Files.writeString(dir.resolve("encoder.json"), "{\"tool\": \"mheight-lab\", \"kind\": \"pretrained-encoder\"}\n");
        Files.writeString(dir.resolve("encoder.params"), "old weights");
        BadInput.refused(watched(), "classify", "pretrain", "--data", npz.toString(), "--checkpoint-dir",
                dir.toString()).mentions(dir.toString(), "--overwrite");
    }

    // ---- item 1: dataset files ----

    @Test
    void generateRefusesAnExistingPairWithoutOverwrite() {
        BadInput.refused(watched(), "generate", "--out", in.resolve("d").toString(), "--group", "4,2=3")
                .mentions(pair.toString(), "already exists", "--overwrite");
    }

    @Test
    void generateRefusesWhenOnlyTheHeightsFileExists() throws IOException {
        Path lone = Files.copy(heights, out.resolve("x_mHeights.pkl"));
        BadInput.refused(watched(), "generate", "--out", out.resolve("x").toString(), "--group", "4,2=3")
                .mentions(lone.toString(), "already exists");
    }

    @Test
    void generateRefusesAnExistingCsv() {
        BadInput.refused(watched(), "generate", "--out", csv.toString(), "--group", "4,2=3")
                .mentions(csv.toString(), "already exists");
    }

    @Test
    void generateRefusesAFolderNamedLikeItsOutput() throws IOException {
        Path dir = Files.createDirectories(out.resolve("folder.npz"));
        Files.writeString(dir.resolve("keep.txt"), "mine");
        BadInput.refused(watched(), "generate", "--out", dir.toString(), "--group", "4,2=3", "--overwrite")
                .mentions(dir.toString(), "is a folder");
    }

    @Test
    void convertRefusesAnExistingOutputWithoutOverwrite() throws IOException {
        Path existing = Files.copy(npz, out.resolve("e.npz"));
        BadInput.refused(watched(), "convert", csv.toString(), existing.toString())
                .mentions(existing.toString(), "--overwrite");
    }

    @Test
    void convertRefusesAStaleProvenanceSidecarWithoutOverwrite() throws IOException {
        Path sidecar = Files.writeString(out.resolve("s_n_k_m_P.pkl.provenance.json"), "{}\n");
        BadInput.refused(watched(), "convert", csv.toString(), out.resolve("s").toString())
                .mentions(sidecar.toString(), "already exists");
    }

    @Test
    void predictRefusesAnExistingOutputWithoutOverwrite() throws IOException {
        Path existing = Files.copy(heights, out.resolve("preds.pkl"));
        BadInput.refused(watched(), "predict", out.resolve("model").toString(), pair.toString(), "--out",
                existing.toString()).mentions(existing.toString(), "--overwrite");
    }

    @Test
    void predictRefusesAFolderAsOutput() throws IOException {
        Path dir = previousRunFolder();
        BadInput.refused(watched(), "predict", dir.toString(), pair.toString(), "--out", dir.toString(),
                "--overwrite").mentions(dir.toString(), "is a folder");
    }

    @Test
    void makeDataRefusesAnExistingOutputWithoutOverwrite() throws IOException {
        Path existing = Files.copy(npz, out.resolve("classify.npz"));
        BadInput.refused(watched(), "classify", "make-data", "--from", pair.toString(), "--out", existing.toString())
                .mentions(existing.toString(), "--overwrite");
    }

    // ---- item 2: an output is never an input ----

    @Test
    void predictRefusesToWriteOverItsInputs() {
        BadInput.refused(watched(), "predict", out.resolve("model").toString(), pair.toString(), "--out",
                pair.toString(), "--overwrite").mentions(pair.toString(), "is also an input");
    }

    @Test
    void predictRefusesToWriteOverTheInputsHeightsFile() {
        BadInput.refused(watched(), "predict", out.resolve("model").toString(), pair.toString(), "--out",
                heights.toString(), "--overwrite").mentions(heights.toString(), "is also an input");
    }

    @Test
    void convertRefusesTheSameNpz() {
        BadInput.refused(watched(), "convert", npz.toString(), npz.toString(), "--overwrite")
                .mentions(npz.toString(), "is also an input");
    }

    @Test
    void convertRefusesTheSameFileUnderAnotherSpelling() {
        Path other = in.resolve("..").resolve("in").resolve(".").resolve("d.csv");
        BadInput.refused(watched(), "convert", csv.toString(), other.toString(), "--overwrite")
                .mentions(other.toString(), "is also an input");
    }

    @Test
    void convertRefusesASymlinkToTheInput() throws IOException {
        Path link = Files.createSymbolicLink(out.resolve("link.npz"), npz);
        BadInput.refused(watched(), "convert", npz.toString(), link.toString(), "--overwrite")
                .mentions(link.toString(), "is also an input");
    }

    @Test
    void convertRefusesAPairWhoseHeightsFileIsTheInput() throws IOException {
        // Reading d's inputs with e_mHeights.pkl as heights, writing the pair e: its heights file is an input.
        Path otherHeights = Files.copy(heights, in.resolve("e_mHeights.pkl"));
        BadInput.refused(watched(), "convert", pair.toString(), "--heights", otherHeights.toString(),
                in.resolve("e").toString(), "--overwrite").mentions(otherHeights.toString(), "is also an input");
    }

    @Test
    void convertRefusesAPickleOutputOverThePickleInput() {
        BadInput.refused(watched(), "convert", pair.toString(), in.resolve("d").toString(), "--overwrite")
                .mentions("is also an input");
    }

    @Test
    void makeDataRefusesToWriteOverItsSource() {
        BadInput.refused(watched(), "classify", "make-data", "--from", npz.toString(), "--out", npz.toString(),
                "--overwrite").mentions(npz.toString(), "is also an input");
    }

    // ---- positive: --overwrite replaces, a fresh or empty place works ----

    @Test
    void generateWithOverwriteReplacesThePairAndItsProvenanceTogether() throws IOException {
        Path sidecar = in.resolve("d_n_k_m_P.pkl.provenance.json");
        byte[] oldInputs = Files.readAllBytes(pair);
        BadInput.accepted("generate", "--out", in.resolve("d").toString(), "--group", "5,3=4", "--seed", "9",
                "--threads", "1", "--overwrite");
        assertFalse(java.util.Arrays.equals(oldInputs, Files.readAllBytes(pair)), "the inputs were not replaced");
        Dataset d = DatasetFiles.read(pair);
        assertEquals(4, d.size());
        assertTrue(Files.readString(sidecar).contains("\"seed\": 9"), Files.readString(sidecar));
        assertNoTempFiles(in);
    }

    @Test
    void convertWithOverwriteReplacesAnUnlabelledPairAndDropsTheStaleHeightsAndProvenance() throws IOException {
        Path target = out.resolve("u");
        BadInput.accepted("convert", pair.toString(), target.toString());
        Files.writeString(out.resolve("u_n_k_m_P.pkl.provenance.json"), "{\"seed\": 1}\n");
        // An unlabelled pickle: only the inputs file; the old heights file would no longer match it.
        Path inputsOnly = Files.copy(pair, in.resolve("only_n_k_m_P.pkl"));
        BadInput.accepted("convert", inputsOnly.toString(), target.toString(), "--overwrite");
        assertTrue(Files.exists(out.resolve("u_n_k_m_P.pkl")));
        assertFalse(Files.exists(out.resolve("u_mHeights.pkl")), "a stale heights file stayed beside new inputs");
        assertFalse(Files.exists(out.resolve("u_n_k_m_P.pkl.provenance.json")), "stale provenance stayed");
        assertNoTempFiles(out);
    }

    @Test
    void predictAndConvertWithOverwriteReplaceAFile() throws IOException {
        Path existing = Files.writeString(out.resolve("c.csv"), "old\n");
        BadInput.accepted("convert", npz.toString(), existing.toString(), "--overwrite");
        assertEquals(DatasetFiles.read(npz).size(), DatasetFiles.read(existing).size());
    }

    @Test
    void trainIntoAnEmptyFolderThenOverwriteReplacesThePreviousRun() throws IOException {
        Path data = TestData.projectDir().resolve("data");
        Path dir = Files.createDirectories(out.resolve("run"));
        String[] args = {"train", "--run", "run7", "--epochs", "1", "--limit-per-group", "8", "--data",
                data.resolve("train").toString(), "--test", data.resolve("test").toString(), "--out", dir.toString()};
        BadInput.accepted(args);
        assertTrue(Files.exists(dir.resolve("run.json")) && Files.exists(dir.resolve("provenance.json")));
        Files.writeString(dir.resolve("extra-from-the-old-run.txt"), "x");
        byte[] oldMetrics = Files.readAllBytes(dir.resolve("metrics.json"));

        BadInput.refused(watched(), args).mentions(dir.toString(), "--overwrite");
        assertArrayEquals(oldMetrics, Files.readAllBytes(dir.resolve("metrics.json")));

        // A file mheight did not write is never deleted by replacing the folder: named, and the folder kept.
        String[] again = Stream.concat(Stream.of(args), Stream.of("--overwrite")).toArray(String[]::new);
        BadInput.refused(watched(), again).mentions(dir.toString(), "extra-from-the-old-run.txt", "move it out");
        Files.delete(dir.resolve("extra-from-the-old-run.txt"));
        Object oldKey = Files.readAttributes(dir.resolve("metrics.json"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        BadInput.accepted(again);
        assertTrue(Files.exists(dir.resolve("run.json")));
        assertFalse(oldKey.equals(Files.readAttributes(dir.resolve("metrics.json"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey()), "the old run folder was not replaced");
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(dir), left.toList(), "staging or old folders left beside the run folder");
        }
    }

    static void assertNoTempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> temps = files.filter(f -> f.getFileName().toString().startsWith(".")
                    || f.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(temps.isEmpty(), "temporary files left: " + temps);
        }
    }
}

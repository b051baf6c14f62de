package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.run.RunDefinition;
import org.mheightlab.run.RunFolder;

/**
 * Ctrl-C (SIGINT) or SIGTERM during {@code train} and {@code classify train}, sent to the real CLI in a child JVM:
 * after a finished epoch the command stops at its next step, writes its folder with the best epoch so far and stop
 * reason "interrupted" and says so in one line; before any epoch finished (reading the data, generating codes,
 * the first epoch) it writes nothing, keeps the previous folder and says so. The exit code stays the signal's
 * (143 for SIGTERM, 130 for SIGINT), and no temporary file or staging folder is left.
 */
class InterruptedTrainingTest {

    private static final Path DATA = TestData.projectDir().resolve("data");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void trainInterruptedAfterAnEpochWritesItsRunFolderWithTheBestEpochSoFar() throws Exception {
        Path out = tmp.resolve("runs").resolve("tiny");
        JsonObject def = run1();
        // A small model: the test is about the interrupt, not the fit.
        JsonObject model = def.getAsJsonObject("model");
        model.add("attentionHeads", JsonParser.parseString("[2]"));
        model.addProperty("attentionDim", 16);
        model.add("widths", JsonParser.parseString("[32]"));
        model.add("dropouts", JsonParser.parseString("[0.0]"));
        def.getAsJsonObject("data").addProperty("limitPerGroup", 10);
        def.getAsJsonObject("training").addProperty("patience", 0); // no early stop
        Path run = Files.writeString(tmp.resolve("small.json"), def.toString());
        Child train = Child.start(tmp, "train", "--run", run.toString(), "--epochs", "100000", "--out",
                out.toString());
        train.awaitOutput("epoch 1 ");
        train.process.destroy(); // SIGTERM
        train.awaitExit(143);
        String err = train.err();
        // One step per epoch on this tiny data: the stop lands between two epochs ("before epoch 4").
        assertTrue(java.util.regex.Pattern.compile("mheight train: interrupted (in|before) epoch \\d+").matcher(err)
                .find(), err);
        assertTrue(err.contains("; wrote " + out + " with the best epoch so far (epoch "), err);
        assertTrue(err.contains("stop reason \"interrupted\""), err);
        assertEquals(1, err.lines().filter(l -> l.contains("interrupted")).count(), "one line:\n" + err);

        JsonObject member = RunFolder.open(out).provenance().getAsJsonArray("members").get(0).getAsJsonObject();
        // the one line says where in the words the provenance records
        String reason = member.get("stopReason").getAsString();
        assertTrue(reason.matches("interrupted (in|before) epoch \\d+.*"), member.toString());
        assertTrue(err.contains("mheight train: " + reason + "; wrote "), err);
        assertTrue(member.get("epochs").getAsInt() >= 2, member.toString());
        // The model loads and predicts.
        BadInput.Outcome evaluated = BadInput.accepted("evaluate", out.toString(), DATA.resolve("test").toString());
        assertTrue(evaluated.out().contains("overall"), evaluated.out());
        assertEquals(List.of(), leftovers(out.getParent()), "no staging folder or temporary file is left");
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void trainInterruptedWhileGeneratingCodesWritesNothingAndKeepsThePreviousFolder() throws Exception {
        Path out = TinyRun.train(tmp.resolve("runs").resolve("tiny"));
        Map<Path, String> before = BadInput.snapshot(out);
        // run1 with many generated codes for k = 4: labelling them takes far longer than the test waits.
        JsonObject def = run1();
        def.getAsJsonObject("data").add("generated", JsonParser.parseString(
                "{\"perK\": {\"4\": 200000}, \"distribution\": \"course-mix\", \"seed\": 3}"));
        Path run = Files.writeString(tmp.resolve("generating.json"), def.toString());

        Child train = Child.start(tmp, "train", "--run", run.toString(), "--out", out.toString(), "--overwrite");
        train.awaitOutput("labelling");
        train.process.destroy();
        train.awaitExit(143);
        String err = train.err();
        assertTrue(err.contains("mheight train: interrupted while generating codes; nothing written; the previous"
                + " folder " + out + " is kept"), err);
        assertEquals(before, BadInput.snapshot(out), "the previous run folder is untouched");
        assertEquals(List.of(), leftovers(out.getParent()));
        Path cache = out.getParent().resolve(".mheight-cache");
        assertTrue(Files.notExists(cache) || leftovers(cache).isEmpty(), "no half-written code cache");
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void classifyTrainInterruptedAfterAnEpochKeepsItsCheckpoints() throws Exception {
        Path dir = tmp.resolve("ckpt");
        Child train = Child.start(tmp, "classify", "train", "--data", DATA.resolve("classify.npz").toString(),
                "--epochs", "100000", "--train-steps", "2", "--batch", "16", "--patience", "-1",
                "--d-model", "16", "--nhead", "2", "--num-layers", "1", "--checkpoint-dir", dir.toString());
        train.awaitOutput("epoch   1 ");
        train.signal("INT"); // Ctrl-C
        train.awaitExit(130);
        String err = train.err();
        assertTrue(java.util.regex.Pattern.compile("mheight classify train: interrupted (in|before) epoch \\d+")
                .matcher(err).find(), err);
        assertTrue(err.contains("; wrote " + dir + " with the best epoch so far (epoch "), err);
        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("classifier.json")))
                .getAsJsonObject();
        assertTrue(summary.get("stopReason").getAsString().startsWith("interrupted"), summary.toString());
        assertTrue(Files.isRegularFile(dir.resolve("best.params")));
        assertTrue(Files.isRegularFile(dir.resolve("epoch-000.params")), "the finished epochs' checkpoints are kept");
        assertTrue(Files.readAllLines(dir.resolve("history.csv")).size() >= 3, "the finished epochs are recorded");
        assertEquals(List.of(), leftovers(tmp));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void classifyTrainInterruptedBeforeAnyEpochFinishedWritesNothing() throws Exception {
        Path dir = tmp.resolve("ckpt");
        // One epoch of many steps: the signal lands before it ends.
        Child train = Child.start(tmp, "classify", "train", "--data", DATA.resolve("classify.npz").toString(),
                "--epochs", "3", "--train-steps", "1000000", "--batch", "16", "--d-model", "16", "--nhead", "2",
                "--num-layers", "1", "--checkpoint-dir", dir.toString());
        train.awaitOutput("training ");
        Thread.sleep(1500);
        train.process.destroy();
        train.awaitExit(143);
        String err = train.err();
        assertTrue(err.contains("mheight classify train: interrupted "), err);
        assertTrue(err.contains("; nothing written"), err);
        assertTrue(Files.notExists(dir), "no checkpoint folder");
        assertEquals(List.of(), leftovers(tmp));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void classifyPretrainInterruptedAfterAnEpochWritesTheEncoderSoFar() throws Exception {
        Path dir = tmp.resolve("encoder");
        Child pretrain = Child.start(tmp, "classify", "pretrain", "--data", DATA.resolve("classify.npz").toString(),
                "--epochs", "100000", "--train-steps", "2", "--batch", "16", "--d-model", "16", "--nhead", "2",
                "--num-layers", "1", "--checkpoint-dir", dir.toString());
        pretrain.awaitOutput("pretrain epoch 1:");
        pretrain.process.destroy();
        pretrain.awaitExit(143);
        String err = pretrain.err();
        assertTrue(java.util.regex.Pattern.compile("mheight classify pretrain: interrupted (in|before) epoch \\d+")
                .matcher(err).find(), err);
        assertTrue(err.contains("; wrote " + dir + " with the encoder as pretrained so far ("), err);
        JsonObject meta = JsonParser.parseString(Files.readString(dir.resolve("encoder.json"))).getAsJsonObject();
        assertTrue(meta.toString().contains("\"stopReason\":\"interrupted"), meta.toString());
        assertTrue(Files.size(dir.resolve("encoder.params")) > 0);
        assertEquals(List.of(), leftovers(tmp));
    }

    /** The bundled run1 as JSON, reading the bundled data wherever the child runs. */
    private static JsonObject run1() {
        JsonObject def = JsonParser.parseString(RunDefinition.load("run1").toJson()).getAsJsonObject();
        JsonObject data = def.getAsJsonObject("data");
        data.addProperty("train", DATA.resolve("train").toString());
        data.addProperty("test", DATA.resolve("test").toString());
        return def;
    }

    /** Hidden entries (staging folders, temporary files) and .tmp files directly in {@code dir}. */
    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> (f.getFileName().toString().startsWith(".")
                    && !f.getFileName().toString().equals(".mheight-cache"))
                    || f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** The CLI in a child JVM with the test class path, its output going to files the test reads. */
    private record Child(Process process, Path out, Path errFile, String what) {

        static Child start(Path tmp, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // Heap for the memory check of the 200,000-code case (it refuses a run whose tokens could not fit);
            // the JVM takes only what it uses.
            cmd.add("-Xmx4g");
            cmd.add("-Dai.djl.offline=true");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("org.mheightlab.cli.MHeightCli");
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile(tmp, "stdout", ".txt");
            Path err = Files.createTempFile(tmp, "stderr", ".txt");
            // DJL_CACHE_DIR and the thread settings come from the test's environment, which the child inherits.
            Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            return new Child(p, out, err, "mheight " + String.join(" ", args));
        }

        void awaitOutput(String fragment) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(out).contains(fragment) && !Files.readString(errFile).contains(fragment)) {
                if (!process.isAlive()) {
                    fail(what + " ended (exit " + process.exitValue() + ") before printing \"" + fragment
                            + "\"\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + err());
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    fail(what + " did not print \"" + fragment + "\" in 90 s\nstdout:\n" + Files.readString(out)
                            + "\nstderr:\n" + err());
                }
                Thread.sleep(50);
            }
        }

        void signal(String name) throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor());
        }

        void awaitExit(int expected) throws Exception {
            if (!process.waitFor(75, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(what + " did not end within 75 s of the signal\nstdout:\n" + Files.readString(out)
                        + "\nstderr:\n" + err());
            }
            assertEquals(expected, process.exitValue(), () -> "exit code of " + what + "\nstdout:\n"
                    + read(out) + "\nstderr:\n" + err());
            assertFalse(err().contains("\tat "), () -> "stack trace:\n" + err());
        }

        String err() {
            return read(errFile);
        }

        private static String read(Path f) {
            try {
                return Files.readString(f);
            } catch (IOException e) {
                return "(" + e + ")";
            }
        }
    }
}

package org.mheightlab.badinput;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 13 of issue 8: a run folder that cannot be loaded is refused with the file that is missing or corrupt,
 * never a NullPointerException or an engine exception. One tiny real run is trained once; each case corrupts a
 * copy of it and runs {@code mheight evaluate COPY DATA} (and predict for one case); the copy is left as it was.
 */
class RunFolderBadInputTest {

    @TempDir
    static Path tmp;

    static Path run;
    static Path data;

    @BeforeAll
    static void trainOnce() {
        run = TinyRun.train(tmp.resolve("run"));
        data = TinyRun.csv(TinyRun.testSamples(18), tmp.resolve("test.csv"));
    }

    /** A corruption of a copy of the run folder, and the fragments (relative paths are resolved) to mention. */
    interface Corruption {
        void apply(Path folder) throws IOException;
    }

    record Case(String name, Corruption corruption, String file, String... mentions) {
    }

    static Path params(Path folder) {
        return folder.resolve("model/member-0-0000.params");
    }

    static void editRunJson(Path folder, java.util.function.Consumer<JsonObject> edit) throws IOException {
        JsonObject j = JsonParser.parseString(Files.readString(folder.resolve("run.json"))).getAsJsonObject();
        edit.accept(j);
        Files.writeString(folder.resolve("run.json"), j.toString());
    }

    static List<Case> cases() {
        return List.of(
                new Case("run.json says 2 members, 1 parameter file", f -> editRunJson(f, j -> j.addProperty("members", 2)),
                        "model/member-1-0000.params", "missing", "2 members"),
                new Case("parameter file deleted", f -> Files.delete(params(f)), "model/member-0-0000.params",
                        "missing"),
                new Case("model folder deleted", f -> {
                    try (Stream<Path> s = Files.list(f.resolve("model"))) {
                        for (Path p : s.toList()) {
                            Files.delete(p);
                        }
                    }
                    Files.delete(f.resolve("model"));
                }, "model/member-0-0000.params", "missing"),
                new Case("empty parameter file", f -> Files.write(params(f), new byte[0]),
                        "model/member-0-0000.params", "empty parameter file"),
                new Case("truncated parameter file", f -> {
                    byte[] b = Files.readAllBytes(params(f));
                    Files.write(params(f), Arrays.copyOf(b, b.length / 2));
                }, "model/member-0-0000.params", "corrupt or truncated"),
                new Case("first bytes only", f -> {
                    byte[] b = Files.readAllBytes(params(f));
                    Files.write(params(f), Arrays.copyOf(b, 6));
                }, "model/member-0-0000.params", "corrupt or truncated"),
                new Case("not DJL parameters", f -> Files.writeString(params(f), "these are not parameters\n".repeat(40)),
                        "model/member-0-0000.params", "not a parameter file"),
                new Case("a PNG in place of the parameter file (MXNet)", f -> {
                    editRunJson(f, j -> j.getAsJsonObject("training").addProperty("engine", "mxnet"));
                    Files.write(params(f), NpzBadInputTest.pngBytes());
                }, "model/member-0-0000.params", "not a parameter file", "a PNG image"),
                new Case("a PNG in place of the parameter file (PyTorch)", f -> {
                    editRunJson(f, j -> j.getAsJsonObject("training").addProperty("engine", "pytorch"));
                    Files.write(params(f), NpzBadInputTest.pngBytes());
                }, "model/member-0-0000.params", "not a parameter file", "a PNG image"),
                new Case("text in place of the parameter file (PyTorch)", f -> {
                    editRunJson(f, j -> j.getAsJsonObject("training").addProperty("engine", "pytorch"));
                    Files.writeString(params(f), "these are not parameters\n".repeat(40));
                }, "model/member-0-0000.params", "not a parameter file"),
                new Case("parameters of another architecture", f -> editRunJson(f, j -> {
                    j.getAsJsonObject("model").add("widths", JsonParser.parseString("[64]"));
                    j.getAsJsonObject("model").add("dropouts", JsonParser.parseString("[0.1]"));
                }), "model/member-0-0000.params", "not the parameters of this run's model"),
                new Case("no run.json", f -> Files.delete(f.resolve("run.json")), "", "no run.json"),
                new Case("run.json is not JSON", f -> Files.writeString(f.resolve("run.json"), "run7, trained friday\n"),
                        "run.json", "not JSON"),
                new Case("run.json cut short", f -> {
                    String s = Files.readString(f.resolve("run.json"));
                    Files.writeString(f.resolve("run.json"), s.substring(0, s.length() / 2));
                }, "run.json", "not JSON"),
                new Case("run.json with an unknown key", f -> editRunJson(f, j -> j.addProperty("memberz", 1)),
                        "run.json", "memberz", "did you mean members?"));
    }

    @TestFactory
    Stream<DynamicTest> evaluateRefusesTheCorruptFolder() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path folder = TinyRun.copy(run, tmp.resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-")));
            c.corruption().apply(folder);
            String file = c.file().isEmpty() ? folder.toString() : folder.resolve(c.file()).toString();
            String[] fragments = Stream.concat(Stream.of(file), Stream.of(c.mentions())).toArray(String[]::new);
            BadInput.Outcome r = BadInput.refused(tmp,
                    "evaluate", folder.toString(), data.toString()).mentions(fragments)
                    .doesNotMention("Exception:").doesNotMention(": null").doesNotMention("Stack trace")
                    .doesNotMention("internal error");
            assertOneLine(r);
        }));
    }

    /** A refusal is one line: an engine's own multi-line report ("Stack trace:", a source file) is not passed on. */
    static void assertOneLine(BadInput.Outcome r) {
        org.junit.jupiter.api.Assertions.assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** Paths that are not run folders at all, for evaluate and predict. */
    @TestFactory
    Stream<DynamicTest> notARunFolder() {
        return Stream.of(
                DynamicTest.dynamicTest("evaluate on a file", () -> BadInput.refused(tmp.resolve("run"), "evaluate",
                        data.toString(), data.toString()).mentions(data.toString(), "not a run folder")),
                DynamicTest.dynamicTest("evaluate on a missing path", () -> BadInput.refused(tmp.resolve("run"),
                        "evaluate", tmp.resolve("nowhere").toString(), data.toString())
                        .mentions(tmp.resolve("nowhere").toString(), "no such run folder")),
                DynamicTest.dynamicTest("evaluate on a folder of data", () -> {
                    Path notes = Files.createDirectories(tmp.resolve("notes"));
                    Files.writeString(notes.resolve("readme.txt"), "not a run\n");
                    BadInput.refused(notes, "evaluate", notes.toString(), data.toString())
                            .mentions(notes.toString(), "no run.json");
                }),
                DynamicTest.dynamicTest("predict with a PNG as the parameter file", () -> {
                    Path folder = TinyRun.copy(run, tmp.resolve("predict-png"));
                    Files.write(params(folder), NpzBadInputTest.pngBytes());
                    assertOneLine(BadInput.refused(new Path[] {folder, tmp.resolve("preds-out")}, "predict",
                            folder.toString(), data.toString(), "--out", tmp.resolve("preds-out/p.csv").toString())
                            .mentions(params(folder).toString(), "a PNG image").doesNotMention("Stack trace"));
                }),
                DynamicTest.dynamicTest("predict with a truncated parameter file", () -> {
                    Path folder = TinyRun.copy(run, tmp.resolve("predict-truncated"));
                    Files.write(params(folder), Arrays.copyOf(Files.readAllBytes(params(folder)), 100));
                    BadInput.refused(new Path[] {folder, tmp.resolve("preds-out")}, "predict", folder.toString(),
                            data.toString(), "--out", tmp.resolve("preds-out/p.csv").toString())
                            .mentions(params(folder).toString(), "corrupt");
                }));
    }
}

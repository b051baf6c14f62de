package org.mheightlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mheightlab.TestData;
import org.mheightlab.classify.ClassifierSpec;
import org.mheightlab.classify.ClassifierTrainingConfig;
import org.mheightlab.classify.EncoderPretrainer;

/**
 * Each bundled run definition states its write-up ({@code runs/writeups/record.json}): every setting the write-up gives
 * is the definition's value, or the record says why not; so do the classifier presets of the classification
 * write-up (004). Fails on any silent departure, and on a quote (of a setting, a criterion or a reported figure)
 * that is not on the line the record cites.
 */
class WriteUpFidelityTest {

    private static final WriteUpRecord RECORD = WriteUpRecord.bundled();

    @Test
    void everyRunOfTheWriteUpsHasItsRecord() {
        // Run 8 onwards go past the write-ups.
        List<String> beyond = List.of("run8", "run9");
        List<String> expected = RunDefinition.BUNDLED.stream().filter(r -> !beyond.contains(r)).toList();
        assertEquals(expected, List.copyOf(RECORD.runs().keySet()));
        RECORD.all().forEach((run, w) -> assertFalse(w.settings().isEmpty(), run));
        // The classification write-up (004) is no run: held to the classifier presets below, not to a definition.
        assertTrue(RECORD.classify().isPresent());
        assertTrue(RECORD.of(WriteUpRecord.CLASSIFY).isEmpty(), "no run folder is judged by the classify entry");
    }

    @Test
    void everyDefinitionStatesItsWriteUpOrSaysWhyNot() {
        List<String> silent = new ArrayList<>();
        int compared = 0;
        for (var run : RECORD.runs().entrySet()) {
            JsonElement def = JsonParser.parseString(RunDefinition.load(run.getKey()).toJson());
            for (WriteUpRecord.Entry e : run.getValue().settings()) {
                boolean reason = e.departure() != null && !e.departure().isBlank();
                if (!e.isDefinitionKey()) {
                    continue;
                }
                JsonElement ours = WriteUpRecord.valueAt(def, e.key());
                compared++;
                if (!WriteUpRecord.sameSetting(e.key(), e.writeUp(), ours) && !reason) {
                    silent.add(run.getKey() + " " + e.key() + ": write-up " + e.writeUp() + " (" + e.where()
                            + "), definition " + ours);
                }
            }
        }
        assertTrue(silent.isEmpty(), "departures without a recorded reason:\n" + String.join("\n", silent));
        assertTrue(compared > 50, "settings compared: " + compared);
    }

    @Test
    void aDepartureIsRecordedOnlyWhereThereIsOne() {
        List<String> stale = new ArrayList<>();
        for (var run : RECORD.runs().entrySet()) {
            JsonElement def = JsonParser.parseString(RunDefinition.load(run.getKey()).toJson());
            for (WriteUpRecord.Entry e : run.getValue().settings()) {
                if (e.isDefinitionKey() && e.departure() != null && !e.departure().isBlank()
                        && WriteUpRecord.sameSetting(e.key(), e.writeUp(), WriteUpRecord.valueAt(def, e.key()))) {
                    stale.add(run.getKey() + " " + e.key());
                }
            }
        }
        assertTrue(stale.isEmpty(), "a reason recorded for a setting that matches its write-up:\n"
                + String.join("\n", stale));
    }

    @Test
    void everyQuoteIsOnTheLineItCites() throws IOException {
        Path seeds = TestData.projectDir().resolve("../shared/seeds");
        Assumptions.assumeTrue(Files.isDirectory(seeds), "the write-ups are not beside this checkout");
        List<String> wrong = new ArrayList<>();
        int quotes = 0;
        for (var run : RECORD.all().entrySet()) {
            WriteUpRecord.WriteUp w = run.getValue();
            for (WriteUpRecord.Entry e : w.settings()) {
                quotes += checkQuote(seeds, run.getKey() + " " + e.key(), e.file(), e.lines(), e.quote(), wrong);
            }
            for (WriteUpRecord.Criterion c : w.criteria()) {
                quotes += checkQuote(seeds, run.getKey() + " criterion " + c.name(), c.file(), c.lines(), c.quote(),
                        wrong);
            }
            for (WriteUpRecord.Result r : w.results()) {
                quotes += checkQuote(seeds, run.getKey() + " result " + r.measure(), r.file(), r.lines(), r.quote(),
                        wrong);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(quotes > 300, "quotes checked: " + quotes);
    }

    /** Whether {@code quote} is on the first of {@code lines} of the write-up (1) or not (0, and says so). */
    private static int checkQuote(Path seeds, String what, String file, List<Integer> lines, String quote,
                                  List<String> wrong) throws IOException {
        List<String> text = Files.readAllLines(seeds.resolve(file));
        int line = lines == null || lines.isEmpty() ? 0 : lines.get(0);
        if (quote == null || quote.isBlank() || line < 1 || line > text.size()
                || !text.get(line - 1).contains(quote)) {
            wrong.add(what + ": \"" + quote + "\" is not on " + file + ":" + line);
            return 0;
        }
        if (lines.stream().anyMatch(l -> l < 1 || l > text.size())) {
            wrong.add(what + ": a line of " + lines + " is outside " + file);
        }
        return 1;
    }

    @Test
    void theClassifierPresetsStateTheSummaryOrSayWhyNot() throws IOException {
        JsonObject presets = classifierPresets();
        List<String> unknown = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        int compared = 0;
        for (WriteUpRecord.Entry e : RECORD.classify().orElseThrow().settings()) {
            if (!e.isDefinitionKey()) {
                continue;
            }
            JsonElement ours = WriteUpRecord.valueAt(presets, e.key());
            if (ours == null) {
                unknown.add(e.key());
                continue;
            }
            compared++;
            boolean reason = e.departure() != null && !e.departure().isBlank();
            boolean same = WriteUpRecord.sameSetting(e.key(), e.writeUp(), ours);
            if (!same && !reason) {
                silent.add(e.key() + ": write-up " + e.writeUp() + " (" + e.where() + "), preset " + ours);
            }
            if (same && reason) {
                stale.add(e.key());
            }
        }
        assertTrue(unknown.isEmpty(), "keys naming no preset field: " + unknown);
        assertTrue(silent.isEmpty(), "preset departures without a recorded reason:\n" + String.join("\n", silent));
        assertTrue(stale.isEmpty(), "a reason recorded for a preset setting that matches the write-up: " + stale);
        assertTrue(compared > 20, "preset settings compared: " + compared);
    }

    /**
     * The classifier presets as the classification notebook trains the write-up's run (004): per preset
     * ({@code original}, {@code improved}) its {@code spec} and training {@code config}, and the
     * {@code pretraining} config. The presets leave the run size (epochs, steps, batch, seed) to their caller, so it
     * is read from the notebook's code, where the write-up's run is set.
     */
    private static JsonObject classifierPresets() throws IOException {
        Path notebook = TestData.projectDir().resolve("notebooks/classification-summary.ipynb");
        StringBuilder code = new StringBuilder();
        for (JsonElement cell : JsonParser.parseString(Files.readString(notebook)).getAsJsonObject()
                .getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            if (c.get("cell_type").getAsString().equals("code")) {
                JsonElement source = c.get("source"); // a list of lines, or one string
                if (source.isJsonArray()) {
                    source.getAsJsonArray().forEach(line -> code.append(line.getAsString()));
                } else {
                    code.append(source.getAsString());
                }
                code.append('\n');
            }
        }
        int epochs = Integer.parseInt(group(code, "getenv\\(\"MHEIGHT_EPOCHS\"\\), \"(\\d+)\"\\)", 1));
        int steps = Integer.parseInt(group(code, "getenv\\(\"MHEIGHT_TRAIN_STEPS\"\\), \"(\\d+)\"\\)", 1));
        int batch = Integer.parseInt(group(code, "int batch = (\\d+);", 1));
        int pretrainEpochs = Integer.parseInt(group(code, "int pretrainEpochs = [^;]*\\? (\\d+) : epochs;", 1));
        long seed = Long.parseLong(group(code, "long seed = (\\d+);", 1));
        String pretraining = "new EncoderPretrainer\\.Config\\(pretrainEpochs,\\s*steps > 0 \\? steps : [^,]*,"
                + "\\s*batch,\\s*([0-9.eE-]+),\\s*([0-9.]+),\\s*seed\\)";
        for (String preset : List.of("original", "improved")) {
            assertTrue(code.toString().contains("ClassifierTrainingConfig." + preset + "(epochs, steps, batch, seed)")
                    && code.toString().contains("ClassifierSpec." + preset + "()"), "the notebook trains " + preset);
        }
        Gson gson = new Gson();
        JsonObject tree = new JsonObject();
        tree.add("original", preset(gson, ClassifierSpec.original(),
                ClassifierTrainingConfig.original(epochs, steps, batch, seed)));
        tree.add("improved", preset(gson, ClassifierSpec.improved(),
                ClassifierTrainingConfig.improved(epochs, steps, batch, seed)));
        tree.add("pretraining", gson.toJsonTree(new EncoderPretrainer.Config(pretrainEpochs, steps, batch,
                Double.parseDouble(group(code, pretraining, 1)), Double.parseDouble(group(code, pretraining, 2)),
                seed)));
        return tree;
    }

    private static JsonObject preset(Gson gson, ClassifierSpec spec, ClassifierTrainingConfig config) {
        JsonObject o = new JsonObject();
        o.add("spec", gson.toJsonTree(spec));
        o.add("config", gson.toJsonTree(config));
        return o;
    }

    private static String group(CharSequence text, String regex, int group) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "the classification notebook no longer matches " + regex);
        return m.group(group);
    }

    @Test
    void theSettingsTableShowsTheWriteUpBesideTheDefinitionAndTheRecording(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        RunDefinition run7 = RunDefinition.load("run7");
        // A recording that capped the epochs: the three columns tell the write-up, the definition and the run apart.
        RunDefinition recorded = run7.withTraining(run7.training().withMaxEpochs(3));
        Files.writeString(dir.resolve("run.json"), recorded.toJson());
        tech.tablesaw.api.Table t = RunSettings.table(dir);
        WriteUpRecord.Entry epochs = RECORD.of("run7").orElseThrow().entry("training.maxEpochs").orElseThrow();
        int row = t.stringColumn("setting").asList().indexOf("training.maxEpochs");
        assertTrue(row >= 0, t.printAll());
        assertTrue(t.stringColumn("write-up").get(row).startsWith(epochs.writeUp().getAsString() + " ("
                + epochs.file()), t.stringColumn("write-up").get(row));
        assertEquals(String.valueOf(run7.training().maxEpochs()), t.stringColumn("run definition").get(row));
        assertEquals("3", t.stringColumn("this recording").get(row));
    }

    @Test
    void aRecordingIsJudgedByItsWriteUpsOwnCriteria() {
        Path out = TestData.projectDir().resolve("target/writeup-verdicts/run7");
        RunOverrides small = RunOverrides.parse(java.util.Map.of("epochs", "2", "limitPerGroup", "20",
                "overwrite", "true", "reason", "a test"));
        small.checkOutput("out", out, RunDefinition.load("run7"));
        RunRunner.run(small.applyTo(RunDefinition.load("run7")), new RunRunner.Options(TestData.projectDir(), out,
                null, l -> { }, r -> { }).withOverrides(small));
        tech.tablesaw.api.Table t = WriteUpVerdicts.table(out);
        assertEquals(RECORD.of("run7").orElseThrow().criteria().size(), t.rowCount());
        int row = t.stringColumn("criterion").asList().indexOf("no data leakage");
        assertEquals("0", t.stringColumn("this recording").get(row));
        assertEquals("pass", t.stringColumn("verdict").get(row), "split before augment: nothing leaks");
        int target = t.stringColumn("criterion").asList().indexOf("validation log2-MSE below the 0.374 target");
        double validation = RunFolder.open(out).metrics().splits().get("validation").overall();
        assertEquals(validation < 0.374 ? "pass" : "fail", t.stringColumn("verdict").get(target));
        assertTrue(t.stringColumn("source").get(target).startsWith("002_"), t.printAll());
    }
}

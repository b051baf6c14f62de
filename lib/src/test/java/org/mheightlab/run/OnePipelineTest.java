package org.mheightlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.Setting;
import org.mheightlab.TestData;
import org.mheightlab.files.OutputRefusedException;
import org.mheightlab.model.AttentionModel;
import org.mheightlab.model.MinorTokenModel;
import org.mheightlab.model.ResidualMlpModel;
import org.mheightlab.train.TrainingConfig;
import tech.tablesaw.api.Table;

/**
 * The one path of every run: typed model sections (and run files of the earlier form), the settings table derived
 * from the fields' own aspects, the shared overrides and output rule, and the stop on a diverging loss.
 */
class OnePipelineTest {

    @TempDir
    Path tmp;

    private static RunDefinition legacy(String file) throws IOException {
        Path p = TestData.projectDir().resolve(file);
        return RunDefinition.fromJson(Files.readString(p), p.toString());
    }

    @Test
    void runFilesOfTheEarlierFormLoadAsTheSameTypedDefinition() throws IOException {
        // docs/run8/run.json was written with "features" and "tokenModel", and no kind.
        RunDefinition run8 = legacy("docs/run8/run.json");
        assertEquals(RunDefinition.load("run8").model(), run8.model());
        assertEquals(RunDefinition.load("run8").withData(run8.data()).withTraining(run8.training()), run8,
                "apart from its recorded overrides, the recorded run8 is the bundled one");
        // A raw-P definition of that form: "features": ["raw"], a model without a kind, no attention.
        JsonObject run7 = JsonParser.parseString(Files.readString(TestData.projectDir().resolve("docs/run7/run.json")))
                .getAsJsonObject();
        JsonObject model = run7.getAsJsonObject("model");
        model.remove("kind");
        model.add("attentionHeads", JsonParser.parseString("[]"));
        model.addProperty("attentionDim", 0);
        run7.add("features", JsonParser.parseString("[\"raw\"]"));
        RunDefinition old7 = RunDefinition.fromJson(run7.toString(), "old-run7.json");
        assertInstanceOf(ResidualMlpModel.class, old7.model());
        assertEquals(legacy("docs/run7/run.json"), old7);
        assertInstanceOf(AttentionModel.class, RunDefinition.load("run3").model());
        // Both feature sets: the token model with P fed to its head.
        JsonObject both = JsonParser.parseString(Files.readString(TestData.projectDir().resolve("docs/run8/run.json")))
                .getAsJsonObject();
        both.add("features", JsonParser.parseString("[\"minor-tokens\", \"raw\"]"));
        RunDefinition raw = RunDefinition.fromJson(both.toString(), "both.json");
        assertTrue(((MinorTokenModel) raw.model()).rawP());
        // Written back, a definition is in today's form and reads back equal.
        String json = run8.toJson();
        assertTrue(json.contains("\"kind\": \"minor-tokens\"") && !json.contains("tokenModel")
                && !json.contains("\"features\""), json);
        assertEquals(run8, RunDefinition.fromJson(json, "again.json"));
    }

    @Test
    void everyTrainingFieldLandsUnderTheAspectItDeclares() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run7"));
        Files.writeString(dir.resolve("run.json"), RunDefinition.load("run7").toJson());
        Table t = RunSettings.table(dir);
        int checked = 0;
        for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
            Setting s = c.getAnnotation(Setting.class);
            assertTrue(s != null, "training." + c.getName() + " declares its aspect");
            String key = "training." + c.getName();
            for (int i = 0; i < t.rowCount(); i++) {
                String setting = t.stringColumn("setting").get(i);
                if (setting.equals(key) || setting.startsWith(key + ".")) {
                    assertEquals(s.value().label(), t.stringColumn("aspect").get(i), setting);
                    checked++;
                }
            }
        }
        assertTrue(checked >= TrainingConfig.class.getRecordComponents().length, "rows checked: " + checked);
        assertEquals("residual-mlp", value(t, "model.kind"));
    }

    private static String value(Table t, String setting) {
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("setting").get(i).equals(setting)) {
                return t.stringColumn("this recording").get(i);
            }
        }
        throw new AssertionError("no row " + setting + " in\n" + t.printAll());
    }

    @Test
    void notebookOverridesAreTheCommandLinesAndKeepItsOutputRule() throws IOException {
        RunOverrides o = RunOverrides.parse(Map.of("epochs", "2", "limitPerGroup", "30", "generatedPerK", "40"));
        RunDefinition def = o.applyTo(RunDefinition.load("run8"));
        assertEquals(2, def.training().maxEpochs());
        assertEquals(30, def.data().limitPerGroup());
        assertEquals(40, def.data().generated().count(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunOverrides.parse(Map.of("epoch", "2")));
        assertTrue(e.getMessage().contains("did you mean epochs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunOverrides.parse(Map.of("epochs", "two")));
        assertThrows(IllegalArgumentException.class,
                () -> RunOverrides.parse(Map.of("generatedPerK", "10")).applyTo(RunDefinition.load("run7")));

        // An earlier run folder at the output is replaced only with overwrite, from a notebook as from the CLI.
        Path earlier = Files.createDirectories(tmp.resolve("earlier"));
        Files.writeString(earlier.resolve("run.json"), def.toJson());
        Files.writeString(earlier.resolve("provenance.json"), "{\"tool\": \"mheight-lab\", \"kind\": \"training-run\"}\n");
        RunDefinition run7 = RunDefinition.load("run7");
        OutputRefusedException refused = assertThrows(OutputRefusedException.class,
                () -> RunOverrides.NONE.checkOutput("%%mh_train OUT", earlier, run7));
        assertTrue(refused.getMessage().contains("overwrite"), refused.getMessage());
        RunOverrides.parse(Map.of("overwrite", "true")).checkOutput("%%mh_train OUT", earlier, run7);
    }

    @Test
    void aRecordingSaysWhatItChangedFromItsDefinitionAndWhy() throws IOException {
        RunOverrides capped = RunOverrides.parse(Map.of("epochs", "2", "limitPerGroup", "20",
                "reason", "an epoch cap so that the recording fits 30 minutes on 2 cores"));
        Path out = tmp.resolve("capped");
        RunRunner.run(capped.applyTo(RunDefinition.load("run7")), new RunRunner.Options(TestData.projectDir(), out,
                null, l -> { }, r -> { }).withOverrides(capped));
        String provenance = Files.readString(out.resolve("provenance.json"));
        assertTrue(provenance.contains("\"overrides\"") && provenance.contains("\"training.maxEpochs\": 2")
                && provenance.contains("fits 30 minutes"), provenance);
        Table t = RunSettings.table(out);
        String row = value(t, "overrides of this recording");
        assertTrue(row.contains("training.maxEpochs = 2") && row.contains("data.limitPerGroup = 20")
                && row.contains("fits 30 minutes"), row);
    }

    @Test
    void aWeightThatWouldOverflowTheLossIsRefusedBeforeTraining() {
        // A tier weight of 1e308 overflowed the float weights and trained "train NaN val NaN"; it is now out of the
        // weights' range (the divergence stop itself, for causes inside the ranges: train.DivergenceTest).
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new org.mheightlab.train.GroupWeights(Map.of(), Map.of("easy", 1e308)));
        assertTrue(e.getMessage().contains("training.groupWeights.tiers.easy: must be a number in [0, 1000], got "
                + "1.0E308"), e.getMessage());
    }
}

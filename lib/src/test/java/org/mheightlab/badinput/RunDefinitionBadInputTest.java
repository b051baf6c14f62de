package org.mheightlab.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mheightlab.TestData;
import org.mheightlab.run.RunDefinition;

/**
 * Items 7 and 14 of issue 8: a run definition that is not exactly right is refused before anything trains or
 * is written, with one line naming the key (with its path) and what it allows. Each case edits a copy of
 * runs/run7.json and runs {@code mheight train --run COPY --out DIR}; DIR must not appear.
 */
class RunDefinitionBadInputTest {

    @TempDir
    Path tmp;

    /** One bad definition: an edit of run7.json and the fragments the message must contain. */
    record Case(String name, Consumer<JsonObject> edit, String... mentions) {
    }

    private static JsonObject run7() throws IOException {
        return JsonParser.parseString(Files.readString(TestData.projectDir().resolve("runs/run7.json")))
                .getAsJsonObject();
    }

    private static JsonObject o(JsonObject root, String key) {
        return root.getAsJsonObject(key);
    }

    private static void rename(JsonObject obj, String from, String to) {
        obj.add(to, obj.remove(from));
    }

    private static JsonArray array(Object... values) {
        JsonArray a = new JsonArray();
        for (Object v : values) {
            a.add(v instanceof Number n ? new JsonPrimitive(n) : new JsonPrimitive(v.toString()));
        }
        return a;
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Item 7: unknown keys at every level, each with the closest valid key.
        c.add(new Case("top-level typo", j -> rename(j, "description", "descripton"), "descripton", "description"));
        c.add(new Case("training.maxEpoch", j -> rename(o(j, "training"), "maxEpochs", "maxEpoch"),
                "training.maxEpoch", "did you mean maxEpochs?"));
        c.add(new Case("model.widht", j -> rename(o(j, "model"), "widths", "widht"), "model.widht", "widths"));
        c.add(new Case("data.validationFrac", j -> rename(o(j, "data"), "validationFraction", "validationFrac"),
                "data.validationFrac", "validationFraction"));
        c.add(new Case("augmentation entry typo",
                j -> rename(j.getAsJsonArray("augmentation").get(0).getAsJsonObject(), "copies", "copy"),
                "augmentation[0].copy", "copies"));
        c.add(new Case("groupWeights.tier", j -> rename(o(o(j, "training"), "groupWeights"), "tiers", "tier"),
                "training.groupWeights.tier", "tiers"));
        c.add(new Case("curriculum.phase", j -> rename(o(o(j, "training"), "curriculum"), "phases", "phase"),
                "training.curriculum.phase", "phases"));
        c.add(new Case("augmentation for group 7,7",
                j -> j.getAsJsonArray("augmentation").get(0).getAsJsonObject().add("groups", array("4,2", "7,7")),
                "augmentation[0].groups[1]", "7,7", "does not exist"));
        c.add(new Case("group weight for 7,7", j -> o(o(o(j, "training"), "groupWeights"), "groups")
                .addProperty("7,7", 2.0), "training.groupWeights.groups.7,7", "does not exist"));
        c.add(new Case("group that is not k,m", j -> j.getAsJsonArray("augmentation").get(0).getAsJsonObject()
                .add("groups", array("four-two")), "augmentation[0].groups[0]", "k,m"));
        // Item 14: values out of range, wrong types, unknown names.
        c.add(new Case("dropout 1.5", j -> o(j, "model").add("dropouts", array(1.5, 0.2, 0.1, 0.1)),
                "model.dropouts[0]", "[0, 1)", "1.5"));
        c.add(new Case("negative width", j -> o(j, "model").add("widths", array(1024, -512, 256, 128)),
                "model.widths[1]", "[1, 65536]", "-512"));
        c.add(new Case("string where an integer goes", j -> o(j, "training").addProperty("batchSize", "256"),
                "training.batchSize", "a whole number", "\"256\""));
        c.add(new Case("word where a number goes", j -> o(j, "model").addProperty("l2", "small"),
                "model.l2", "a number"));
        c.add(new Case("fractional epochs", j -> o(j, "training").addProperty("maxEpochs", 1.5),
                "training.maxEpochs", "a whole number", "1.5"));
        c.add(new Case("list where an object goes", j -> j.add("training", array(1, 2)), "training",
                "an object"));
        c.add(new Case("unknown tier", j -> o(o(o(j, "training"), "groupWeights"), "tiers").addProperty("extreme", 2.0),
                "training.groupWeights.tiers.extreme", "easy, medium or hard"));
        c.add(new Case("tier in capitals (never matched)", j -> {
            JsonObject tiers = o(o(o(j, "training"), "groupWeights"), "tiers");
            rename(tiers, "easy", "EASY");
        }, "training.groupWeights.tiers.EASY", "easy, medium or hard"));
        c.add(new Case("unknown tier in a curriculum phase", j -> {
            JsonObject phase = new JsonObject();
            phase.addProperty("startEpoch", 0);
            phase.add("tiers", array("easy", "expert"));
            JsonArray phases = new JsonArray();
            phases.add(phase);
            o(o(j, "training"), "curriculum").add("phases", phases);
        }, "training.curriculum.phases", "expert", "easy, medium or hard"));
        c.add(new Case("no schedule", j -> o(j, "training").remove("schedule"), "training.schedule", "missing",
                "exponential:GAMMA"));
        c.add(new Case("unknown schedule form", j -> o(j, "training").addProperty("schedule", "linear:0.5"),
                "training.schedule", "linear", "cosine-restarts:T0:MULT:MIN"));
        c.add(new Case("schedule with a word for its number",
                j -> o(j, "training").addProperty("schedule", "exponential:fast"), "training.schedule",
                "exponential:fast"));
        c.add(new Case("unknown augmentation step", j -> j.getAsJsonArray("augmentation").get(0).getAsJsonObject()
                .addProperty("type", "mixup"), "augmentation[0].type", "mixup", "noise:S", "exact-symmetry"));
        c.add(new Case("unknown device", j -> o(j, "training").addProperty("device", "tpu"), "training.device",
                "cpu, gpu or auto"));
        c.add(new Case("zero members", j -> j.addProperty("members", 0), "members", "[1, 100]"));
        c.add(new Case("attention without a token width", j -> {
            o(j, "model").addProperty("kind", "attention");
            o(j, "model").add("attentionHeads", array(4));
        }, "model.attentionDim", "positive multiple"));
        c.add(new Case("attention heads on a residual MLP", j -> o(j, "model").add("attentionHeads", array(4)),
                "model.attentionHeads: unknown key", "model takes"));
        c.add(new Case("an unknown model kind", j -> o(j, "model").addProperty("kind", "transformer"),
                "model.kind: unknown kind 'transformer'", "residual-mlp, attention, minor-tokens"));
        c.add(new Case("unknown order", j -> j.addProperty("order", "shuffle-first"), "order",
                "split-then-augment"));
        c.add(new Case("negative copies", j -> j.getAsJsonArray("augmentation").get(0).getAsJsonObject()
                .addProperty("copies", -1), "augmentation[0].copies", "[0, 1000]"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> refusedNamingTheKey() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path dir = Files.createDirectories(tmp.resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-")));
            JsonObject j = run7();
            c.edit().accept(j);
            Path def = dir.resolve("def.json");
            Files.writeString(def, j.toString(), StandardCharsets.UTF_8);
            List<String> fragments = new ArrayList<>(List.of(c.mentions()));
            fragments.add(0, def.toString());
            BadInput.refused(dir, "train", "--run", def.toString(), "--out", dir.resolve("out").toString())
                    .mentions(fragments.toArray(String[]::new)).doesNotMention("Exception");
        }));
    }

    /** Text that is not a JSON object at all; each refused naming the file. */
    @TestFactory
    Stream<DynamicTest> notJsonRefused() {
        return Stream.of(new String[] {"empty", "", "empty run definition"},
                new String[] {"comment", "// run\n{\"name\": \"x\"}", "not JSON"},
                new String[] {"trailing text", "{\"name\": \"x\"} extra", "not JSON"},
                new String[] {"array", "[1, 2]", "an object"}).map(t -> DynamicTest.dynamicTest(t[0], () -> {
                    Path dir = Files.createDirectories(tmp.resolve(t[0].replace(' ', '-')));
                    Path def = dir.resolve("def.json");
                    Files.writeString(def, t[1]);
                    BadInput.refused(dir, "train", "--run", def.toString(), "--out", dir.resolve("out").toString())
                            .mentions(def.toString(), t[2]);
                }));
    }

    /** Every bundled definition still loads, and what a run folder stores (toJson) loads back to the same. */
    @Test
    void bundledDefinitionsLoadAndRoundTrip() throws IOException {
        try (Stream<Path> files = Files.list(TestData.projectDir().resolve("runs"))) {
            List<Path> defs = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertFalse(defs.isEmpty());
            for (Path f : defs) {
                RunDefinition d = RunDefinition.load(f.toString());
                assertEquals(d, RunDefinition.fromJson(d.toJson(), "round trip of " + f));
            }
        }
        for (String name : RunDefinition.bundled()) {
            assertTrue(RunDefinition.load(name).members() >= 1, name);
        }
    }
}

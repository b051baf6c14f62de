package org.mheightlab.badinput;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigDecimal;
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

/**
 * Issue 17, numbers: every numeric setting of a run definition has a sane range and a value outside it is refused
 * before anything is loaded, trained or written, naming the key, the value and the range; sizes inside the ranges
 * that cannot fit in memory are refused up front saying how many would; NaN and Infinity (not JSON) are named as
 * such; and whole numbers too large for their field say "too large" and the maximum, in run definitions and in
 * command-line options alike.
 */
class NumericBoundsBadInputTest {

    @TempDir
    Path tmp;

    /** One bad definition: the bundled run it edits, the edit, and the fragments the message must contain. */
    record Case(String name, String run, Consumer<JsonObject> edit, String... mentions) {
    }

    private static JsonObject o(JsonObject root, String key) {
        return root.getAsJsonObject(key);
    }

    private static JsonArray array(Number... values) {
        JsonArray a = new JsonArray();
        for (Number v : values) {
            a.add(new JsonPrimitive(v));
        }
        return a;
    }

    /** A JSON number written exactly as given (1e308, 3e9), not as Java would print the double. */
    private static JsonPrimitive num(String text) {
        return new JsonPrimitive(new BigDecimal(text));
    }

    private static JsonObject augmentation(JsonObject j, int i) {
        return j.getAsJsonArray("augmentation").get(i).getAsJsonObject();
    }

    static List<Case> outOfRange() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("learningRate 1e308", "run7", j -> o(j, "training").add("learningRate", num("1e308")),
                "training.learningRate", "1.0E308", "(0, 1]"));
        c.add(new Case("weightDecay 1e9", "run7", j -> o(j, "training").add("weightDecay", num("1e9")),
                "training.weightDecay", "1000000000", "[0, 1]"));
        c.add(new Case("clipNorm 1e308", "run7", j -> o(j, "training").add("clipNorm", num("1e308")),
                "training.clipNorm", "1.0E308", "[0, 1000000]"));
        c.add(new Case("warmupSteps 2e9", "run7", j -> o(j, "training").add("warmupSteps", num("2000000000")),
                "training.warmupSteps", "2000000000", "[0, 10000000]"));
        c.add(new Case("batchSize 1e9", "run7", j -> o(j, "training").add("batchSize", num("1000000000")),
                "training.batchSize", "1000000000", "[1, 65536]"));
        c.add(new Case("maxEpochs 1e9", "run7", j -> o(j, "training").add("maxEpochs", num("1000000000")),
                "training.maxEpochs", "1000000000", "[1, 100000]"));
        c.add(new Case("patience 1e9", "run7", j -> o(j, "training").add("patience", num("1000000000")),
                "training.patience", "1000000000", "[0, 100000]"));
        c.add(new Case("tier weight 1e308", "run7", j -> o(o(o(j, "training"), "groupWeights"), "tiers")
                .add("easy", num("1e308")), "training.groupWeights.tiers.easy", "1.0E308", "[0, 1000]"));
        c.add(new Case("group weight 1e308", "run2", j -> o(o(o(j, "training"), "groupWeights"), "groups")
                .add("4,2", num("1e308")), "training.groupWeights.groups.4,2", "1.0E308", "[0, 1000]"));
        c.add(new Case("schedule MULT 1000", "run7", j -> o(j, "training").addProperty("schedule",
                "cosine-restarts:10:1000:0"), "training.schedule", "MULT", "1000", "[1, 100]"));
        c.add(new Case("exponential GAMMA 2", "run7", j -> o(j, "training").addProperty("schedule", "exponential:2"),
                "training.schedule", "GAMMA", "(0, 1]"));
        c.add(new Case("augmentation copies 1e9", "run7", j -> augmentation(j, 0).add("copies", num("1000000000")),
                "augmentation[0].copies", "1000000000", "[0, 1000]"));
        c.add(new Case("noise scale 1e308", "run7", j -> augmentation(j, 0).addProperty("type", "noise:1e308"),
                "augmentation[0].type", "1.0E308", "(0, 1]"));
        c.add(new Case("widths 1e9", "run7", j -> o(j, "model").add("widths", array(1_000_000_000, 512, 256, 128)),
                "model.widths[0]", "1000000000", "[1, 65536]"));
        c.add(new Case("l2 1e9", "run7", j -> o(j, "model").add("l2", num("1e9")), "model.l2", "[0, 1]"));
        c.add(new Case("members 1e6", "run7", j -> j.addProperty("members", 1_000_000), "members", "1000000",
                "[1, 100]"));
        c.add(new Case("token widths 1e9", "run9", j -> o(j, "model").add("tokenWidths", array(1_000_000_000)),
                "model.tokenWidths[0]", "1000000000", "[1, 65536]"));
        c.add(new Case("generated.perK 1e9", "run9", j -> o(o(o(j, "data"), "generated"), "perK")
                .add("4", num("1000000000")), "data.generated.perK.4", "1000000000", "[0, 10000000]"));
        c.add(new Case("curriculum multiplier 1e308", "run4", j -> o(o(j, "training"), "curriculum")
                .getAsJsonArray("phases").get(2).getAsJsonObject().getAsJsonObject("groupMultipliers")
                .add("4,5", num("1e308")), "groupMultipliers.4,5", "1.0E308", "[0, 1000]"));
        return c;
    }

    /** Sizes inside their ranges that no JVM of this project can hold: refused up front, saying how many fit. */
    static List<Case> tooBigForMemory() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("generated.perK 1e7 for every k", "run9", j -> {
            JsonObject perK = o(o(o(j, "data"), "generated"), "perK");
            for (String k : List.of("4", "5", "6")) {
                perK.addProperty(k, 10_000_000);
            }
        }, "data.generated.perK", "30000000 codes", "at most about", "fit"));
        c.add(new Case("1000 copies of every sample", "run7", j -> {
            for (int i = 0; i < 3; i++) {
                augmentation(j, i).addProperty("copies", 1000);
            }
        }, "augmentation", "samples", "at most about", "fit"));
        c.add(new Case("widths of 65536", "run7", j -> o(j, "model").add("widths", array(65536, 65536, 65536, 65536)),
                "model", "parameters", "at most about", "fit"));
        return c;
    }

    /** Whole numbers beyond their Java type: "too large" and the maximum, not "must be a whole number". */
    static List<Case> tooLargeForTheField() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("maxEpochs 3e9", "run7", j -> o(j, "training").add("maxEpochs", num("3e9")),
                "training.maxEpochs", "too large", "2147483647"));
        c.add(new Case("limitPerGroup 3000000000", "run7", j -> o(j, "data").add("limitPerGroup", num("3000000000")),
                "data.limitPerGroup", "too large", "2147483647"));
        c.add(new Case("seed 1e30", "run7", j -> o(j, "training").add("seed", num("1e30")),
                "training.seed", "too large", "9223372036854775807"));
        c.add(new Case("generated count 3e9", "run9", j -> o(o(o(j, "data"), "generated"), "perK")
                .add("5", num("3e9")), "data.generated.perK.5", "too large", "2147483647"));
        return c;
    }

    /**
     * Each case through {@code mheight train}; {@code quick} adds {@code --epochs 1 --limit-per-group 5} (and 10 generated codes per k;
     * checked
     * after the definition's own values, so they change no refusal, but an unchecked value trains for seconds).
     */
    private Stream<DynamicTest> refused(List<Case> cases, boolean quick) {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path dir = Files.createDirectories(tmp.resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-")));
            JsonObject j = JsonParser.parseString(Files.readString(TestData.projectDir().resolve("runs/" + c.run()
                    + ".json"))).getAsJsonObject();
            c.edit().accept(j);
            Path def = dir.resolve("def.json");
            Files.writeString(def, j.toString(), StandardCharsets.UTF_8);
            List<String> fragments = new ArrayList<>(List.of(c.mentions()));
            fragments.add(0, def.toString());
            // --data/--test: the bundled sets, so a case is refused for its number, not for a relative path.
            Path data = TestData.projectDir().resolve("data");
            List<String> args = new ArrayList<>(List.of("train", "--run", def.toString(), "--data",
                    data.resolve("train").toString(), "--test", data.resolve("test").toString(), "--out",
                    dir.resolve("out").toString()));
            if (quick) {
                args.addAll(List.of("--epochs", "1", "--limit-per-group", "5"));
                if (c.run().equals("run9")) {
                    args.addAll(List.of("--generated-per-k", "10"));
                }
            }
            BadInput.refused(dir, args.toArray(String[]::new)).mentions(fragments.toArray(String[]::new)).doesNotMention("Exception")
                    .doesNotMention("OutOfMemory");
        }));
    }

    @TestFactory
    Stream<DynamicTest> aNumberOutsideItsRangeIsRefusedNamingKeyValueAndRange() {
        return refused(outOfRange(), true);
    }

    @TestFactory
    Stream<DynamicTest> aSizeThatCannotFitInMemoryIsRefusedSayingHowManyFit() {
        return refused(tooBigForMemory(), false);
    }

    @TestFactory
    Stream<DynamicTest> aWholeNumberTooLargeForItsFieldSaysSoAndTheMaximum() {
        return refused(tooLargeForTheField(), true);
    }

    /** NaN and Infinity are not JSON: say so, name the key and line, and say how to write the setting instead. */
    @TestFactory
    Stream<DynamicTest> nanAndInfinityAreNamedAsNotJson() {
        return Stream.of("NaN", "Infinity", "-Infinity").map(word -> DynamicTest.dynamicTest(word, () -> {
            Path dir = Files.createDirectories(tmp.resolve("nonfinite-" + word));
            String text = Files.readString(TestData.projectDir().resolve("runs/run7.json"))
                    .replace("\"learningRate\": 0.001", "\"learningRate\": " + word);
            Path def = dir.resolve("def.json");
            Files.writeString(def, text);
            BadInput.refused(dir, "train", "--run", def.toString(), "--out", dir.resolve("out").toString())
                    .mentions(def.toString(), word + " is not JSON", "training.learningRate", "line ")
                    .doesNotMention("setStrictness").doesNotMention("LENIENT");
        }));
    }

    /** {option, the arguments after mheight, the maximum the message must give}. */
    static Stream<String[]> tooLargeOptions() {
        return Stream.of(
                new String[] {"--count", "generate --out OUT --count 10000000000", "2147483647"},
                new String[] {"--seed", "generate --out OUT --count 2 --seed 1e30", "9223372036854775807"},
                new String[] {"--group", "generate --out OUT --group 4,2=3000000000", "2147483647"},
                new String[] {"--epochs", "train --run run7 --epochs 3000000000 --out OUT", "2147483647"},
                new String[] {"--limit-per-group", "train --run run7 --limit-per-group 99999999999 --out OUT",
                        "2147483647"},
                new String[] {"--generated-per-k", "train --run run9 --generated-per-k 5000000000 --out OUT",
                        "2147483647"},
                new String[] {"--threads", "verify DATA --threads 4000000000", "2147483647"},
                new String[] {"--epochs", "classify train --data NPZ --epochs 1e10", "2147483647"});
    }

    @TestFactory
    Stream<DynamicTest> aWholeNumberOptionTooLargeSaysSoAndTheMaximum() {
        return tooLargeOptions().map(t -> DynamicTest.dynamicTest(t[1], () -> {
            List<String> args = new ArrayList<>();
            for (String a : t[1].split(" ")) {
                args.add(switch (a) {
                    case "OUT" -> tmp.resolve("out").toString();
                    case "DATA" -> TestData.projectDir().resolve("data/test").toString();
                    case "NPZ" -> TestData.projectDir().resolve("data/classify.npz").toString();
                    default -> a;
                });
            }
            BadInput.refused(new Path[] {tmp}, args.toArray(String[]::new))
                    .mentions(t[0], "too large", t[2]).doesNotMention("is not an int").doesNotMention("is not a long");
        }));
    }

    /**
     * Options that feed a bounded setting are held to the same range as the setting, before anything else: the
     * output here is a file no command may replace, so only the option check can be the reason for the refusal.
     */
    @Test
    void anOptionFeedingABoundedSettingHasTheSameRange() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("blocker.txt"), "not a run folder");
        BadInput.refused(new Path[] {tmp}, "train", "--run", "run7", "--epochs", "1000000", "--out",
                blocker.toString()).mentions("--epochs", "[1, 100000]", "1000000");
        BadInput.refused(new Path[] {tmp}, "train", "--run", "run9", "--generated-per-k", "20000000", "--out",
                blocker.toString()).mentions("--generated-per-k", "[0, 10000000]");
        BadInput.refused(new Path[] {tmp}, "classify", "train", "--data",
                TestData.projectDir().resolve("data/classify.npz").toString(), "--lr", "1e308", "--checkpoint-dir",
                blocker.toString()).mentions("--lr", "(0, 1]");
        BadInput.refused(new Path[] {tmp}, "classify", "pretrain", "--data",
                TestData.projectDir().resolve("data/classify.npz").toString(), "--lr", "5", "--checkpoint-dir",
                blocker.toString()).mentions("--lr", "(0, 1]");
    }
}

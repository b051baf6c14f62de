package org.mheightlab.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a run folder was trained with, as one table: aspect → setting → value → source, so a reader sees what was
 * run without opening JSON. The settings come from the folder's {@code run.json} (the definition as run, so a
 * notebook's overrides such as fewer epochs or a per-group limit show up here, not the file in runs/); the data
 * sizes from {@code metrics.json} and {@code history.csv}; parameter counts, generated codes, leaking validation
 * samples and how each member's training ended from {@code provenance.json}. Files other than run.json are
 * optional (a folder with only run.json gives the definition's rows).
 *
 * <p>Aspects, in order: {@value #RUN}, {@value #ARCHITECTURE}, {@value #LOSS}, {@value #SCHEDULE},
 * {@value #STOPPING}, {@value #AUGMENTATION}, {@value #DATA}, {@value #DATA_SIZES}, {@value #OUTCOME} (and
 * {@value #OTHER} for a key this class does not know). Every key of run.json appears once, as a dotted name
 * ({@code training.maxEpochs}); a list of plain values on one line, a list of objects (augmentations, curriculum
 * phases) by index. Each of architecture, loss and schedule opens with a one-line summary.
 */
public final class RunSettings {

    public static final String RUN = "run";
    public static final String ARCHITECTURE = "architecture";
    public static final String LOSS = "loss";
    public static final String SCHEDULE = "schedule";
    public static final String STOPPING = "stopping";
    public static final String AUGMENTATION = "augmentation";
    public static final String DATA = "data";
    public static final String DATA_SIZES = "data sizes";
    public static final String OUTCOME = "outcome";
    public static final String OTHER = "other";

    /** The aspects in the order the table lists them. */
    public static final List<String> ASPECTS = List.of(RUN, ARCHITECTURE, LOSS, SCHEDULE, STOPPING, AUGMENTATION,
            DATA, DATA_SIZES, OUTCOME, OTHER);

    private static final String RUN_JSON = "run.json";
    private static final String METRICS = "metrics.json";
    private static final String HISTORY = "history.csv";
    private static final String PROVENANCE = "provenance.json";

    private RunSettings() {
    }

    public static Table table(Path runDir) {
        JsonObject def = object(runDir.resolve(RUN_JSON), runDir, true);
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        ASPECTS.forEach(a -> rows.put(a, new ArrayList<>()));
        boolean tokens = strings(def.get("features")).contains("minor-tokens");

        add(rows, ARCHITECTURE, "network", network(def, tokens), RUN_JSON);
        add(rows, LOSS, "loss", loss(def, tokens), RUN_JSON);
        add(rows, SCHEDULE, "optimiser", optimiser(def), RUN_JSON);
        List<String[]> flat = new ArrayList<>();
        flatten("", def, flat);
        for (String[] r : flat) {
            boolean allGroups = r[0].matches("augmentation\\[\\d+]\\.groups") && r[1].equals("[]");
            add(rows, aspect(r[0]), r[0], allGroups ? "[] (all groups)" : r[1], RUN_JSON);
        }
        JsonElement order = def.get("order");
        boolean augmentFirst = order != null && order.isJsonPrimitive() && order.getAsString().equals("augment-then-split");
        JsonObject training = obj(def, "training");
        JsonObject curriculum = training == null ? null : obj(training, "curriculum");
        boolean phases = curriculum != null && curriculum.get("phases") instanceof JsonArray a && !a.isEmpty();

        Path metricsFile = runDir.resolve(METRICS);
        if (Files.isRegularFile(metricsFile)) {
            RunMetrics m = RunMetrics.read(runDir);
            String unit = tokens ? " (code, m) rows" : " samples";
            RunMetrics.Scores train = m.splits().get("train");
            RunMetrics.Scores val = m.splits().get("validation");
            RunMetrics.Scores test = m.splits().get("test");
            if (train != null) {
                add(rows, DATA_SIZES, "training", count(train.samples()) + unit + (tokens ? ""
                        : " (originals, before augmentation)"), METRICS);
            }
            if (val != null) {
                add(rows, DATA_SIZES, "validation", count(val.samples()) + unit + (augmentFirst
                        ? " (augmented copies included: the split came after augmentation)" : ""), METRICS);
            }
            if (test != null) {
                add(rows, DATA_SIZES, "test", count(test.samples()) + unit, METRICS);
            }
        }
        Path historyFile = runDir.resolve(HISTORY);
        if (Files.isRegularFile(historyFile)) {
            add(rows, DATA_SIZES, "trained on per epoch", perEpoch(historyFile, tokens, phases), HISTORY);
        }
        Path provenanceFile = runDir.resolve(PROVENANCE);
        if (Files.isRegularFile(provenanceFile)) {
            JsonObject p = object(provenanceFile, runDir, false);
            provenance(p, rows);
        }

        StringColumn aspect = StringColumn.create("aspect");
        StringColumn setting = StringColumn.create("setting");
        StringColumn value = StringColumn.create("value");
        StringColumn source = StringColumn.create("source");
        rows.forEach((a, list) -> list.forEach(r -> {
            aspect.append(a);
            setting.append(r[0]);
            value.append(r[1]);
            source.append(r[2]);
        }));
        JsonElement name = def.get("name");
        String run = name != null && name.isJsonPrimitive() ? name.getAsString() : runDir.getFileName().toString();
        return Table.create("Settings of " + run).addColumns(aspect, setting, value, source);
    }

    /** The aspect a run.json key belongs to. */
    static String aspect(String key) {
        String top = key.split("[.\\[]", 2)[0];
        switch (top) {
            case "name", "version", "description", "features":
                return RUN;
            case "model", "tokenModel", "members":
                return ARCHITECTURE;
            case "augmentation", "order", "allowLeakage":
                return AUGMENTATION;
            case "data":
                return DATA;
            case "training":
                break;
            default:
                return OTHER;
        }
        String field = key.substring("training.".length()).split("[.\\[]", 2)[0];
        return switch (field) {
            case "groupWeights", "curriculum", "balancedSampling" -> LOSS;
            case "learningRate", "weightDecay", "clipNorm", "batchSize", "warmupSteps", "schedule" -> SCHEDULE;
            case "maxEpochs", "patience", "restoreBest", "easyStopAbove" -> STOPPING;
            case "seed", "device" -> RUN;
            default -> OTHER;
        };
    }

    private static String network(JsonObject def, boolean tokens) {
        int members = (int) number(def, "members", 1);
        String ensemble = members > 1 ? "; ensemble of " + members + " members (averaged in log2 space)" : "";
        if (tokens) {
            JsonObject t = obj(def, "tokenModel");
            boolean raw = strings(def.get("features")).contains("raw");
            return "TokenHeightNet, one per k, on the minor tokens of G (cocircuit, circuit, column-cost): token MLPs "
                    + dash(t == null ? null : t.get("tokenWidths")) + " shared within each token type, max + mean "
                    + "pooling, head " + dash(t == null ? null : t.get("headWidths")) + " (dropout "
                    + scalar(t == null ? null : t.get("dropout")) + ")" + (raw ? " with the raw P features" : "")
                    + ", monotone outputs log2 h_m = sum of softplus for every m at once" + ensemble;
        }
        JsonObject m = obj(def, "model");
        if (m == null) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        int embedding = (int) number(m, "embedding", 0);
        parts.add(embedding > 0 ? "k/m embeddings " + embedding : "one-hot k and m");
        List<String> heads = strings(m.get("attentionHeads"));
        if (heads.size() == 1) {
            parts.add(heads.get(0) + "-head self-attention over the rows of P (dim " + scalar(m.get("attentionDim")) + ")");
        } else if (heads.size() > 1) {
            parts.add(String.join(" and ", heads) + "-head attention paths over the rows of P mixed by a gate (dim "
                    + scalar(m.get("attentionDim")) + ")");
        }
        parts.add("residual blocks " + arrow(m.get("widths")) + " (Linear, LayerNorm, ReLU, dropout "
                + arrow(m.get("dropouts")) + ")");
        int experts = (int) number(m, "experts", 0);
        parts.add(experts > 0 ? experts + "-expert mixture head" : "linear head");
        return "HeightNet on raw P: " + String.join(", ", parts) + "; log2 h = softplus(z)" + ensemble;
    }

    private static String loss(JsonObject def, boolean tokens) {
        if (tokens) {
            return "log2-MSE, mean of (log2 h_hat - log2 h)^2 over every labelled (code, m), unweighted";
        }
        JsonObject t = obj(def, "training");
        List<String> weights = new ArrayList<>();
        JsonObject gw = t == null ? null : obj(t, "groupWeights");
        JsonObject groups = gw == null ? null : obj(gw, "groups");
        JsonObject tiers = gw == null ? null : obj(gw, "tiers");
        if (groups != null && groups.size() > 0) {
            List<String> g = new ArrayList<>();
            groups.entrySet().forEach(e -> g.add("(" + e.getKey() + ") " + scalar(e.getValue())));
            weights.add("group weights " + String.join(", ", g));
        }
        if (tiers != null && tiers.size() > 0) {
            List<String> g = new ArrayList<>();
            tiers.entrySet().forEach(e -> g.add(e.getKey() + " " + scalar(e.getValue())));
            weights.add("tier weights " + String.join(", ", g));
        }
        JsonObject curriculum = t == null ? null : obj(t, "curriculum");
        JsonArray phases = curriculum == null || !(curriculum.get("phases") instanceof JsonArray a) ? new JsonArray()
                : a;
        if (!phases.isEmpty()) {
            List<String> p = new ArrayList<>();
            boolean ramp = false;
            for (JsonElement e : phases) {
                JsonObject phase = e.getAsJsonObject();
                p.add("epoch " + scalar(phase.get("startEpoch")) + " " + String.join("+", strings(phase.get("tiers"))));
                ramp |= phase.get("hardRamp") != null && phase.get("hardRamp").isJsonObject();
            }
            weights.add("curriculum " + String.join(", ", p) + (ramp ? " (with a hard-tier ramp)" : ""));
        }
        if (t != null && t.get("balancedSampling") != null && t.get("balancedSampling").getAsBoolean()) {
            weights.add("balanced sampling of the groups");
        }
        double l2 = number(obj(def, "model"), "l2", 0);
        return "weighted log2-MSE, (log2 h_hat - log2 h)^2 with sample weights: "
                + (weights.isEmpty() ? "all 1" : String.join("; ", weights))
                + (l2 > 0 ? "; plus L2 " + scalar(obj(def, "model").get("l2")) + " x sum of squared weights" : "");
    }

    private static String optimiser(JsonObject def) {
        JsonObject t = obj(def, "training");
        if (t == null) {
            return "-";
        }
        int warmup = (int) number(t, "warmupSteps", 0);
        return "AdamW lr " + scalar(t.get("learningRate")) + ", weight decay " + scalar(t.get("weightDecay"))
                + ", clip norm " + scalar(t.get("clipNorm")) + ", batch " + scalar(t.get("batchSize")) + ", schedule "
                + scalar(t.get("schedule")) + (warmup > 0 ? ", " + warmup + " warm-up steps" : "");
    }

    /** Samples (codes for a token run) per epoch, per member; a range when it changes (curriculum phases). */
    private static String perEpoch(Path history, boolean tokens, boolean curriculum) {
        Map<String, int[]> range = new LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(history);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            if (!p.getHeaderMap().containsKey("samples")) {
                return "-";
            }
            for (CSVRecord rec : p) {
                int n = Integer.parseInt(rec.get("samples"));
                int[] mm = range.computeIfAbsent(rec.get("member"), k -> new int[] {n, n});
                mm[0] = Math.min(mm[0], n);
                mm[1] = Math.max(mm[1], n);
            }
        } catch (IOException | RuntimeException e) {
            return "- (" + HISTORY + " unreadable: " + e.getMessage() + ")";
        }
        String unit = tokens ? " codes" : " samples";
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, int[]> e : range.entrySet()) {
            int[] mm = e.getValue();
            String n = mm[0] == mm[1] ? count(mm[0]) : count(mm[0]) + "–" + count(mm[1]);
            parts.add(range.size() > 1 || tokens ? e.getKey() + " " + n : n);
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts) + unit + (tokens ? " (all m of a code at once)"
                : " (the training set after augmentation" + (curriculum
                ? ", less the tiers the curriculum has not admitted yet" : "") + ")");
    }

    private static void provenance(JsonObject p, Map<String, List<String[]>> rows) {
        List<JsonObject> members = new ArrayList<>();
        if (p.get("members") instanceof JsonArray a) {
            a.forEach(e -> {
                if (e.isJsonObject()) {
                    members.add(e.getAsJsonObject());
                }
            });
        }
        if (!members.isEmpty()) {
            List<String> params = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                JsonObject m = members.get(i);
                String n = m.get("parameters") == null ? "?" : count(m.get("parameters").getAsLong());
                params.add(members.size() > 1 ? memberName(m, i) + " " + n : n);
            }
            add(rows, ARCHITECTURE, "parameters", String.join(", ", params), PROVENANCE);
        }
        if (p.get("leakingValidationSamples") != null && p.get("leakingValidationSamples").isJsonPrimitive()) {
            add(rows, AUGMENTATION, "leaking validation samples", scalar(p.get("leakingValidationSamples"))
                    + " (validation samples that share an original with training)", PROVENANCE);
        }
        JsonObject data = obj(p, "data");
        JsonObject generated = data == null ? null : obj(data, "generated");
        if (generated != null && generated.get("byK") instanceof JsonArray byK) {
            Map<Integer, String> parts = new TreeMap<>();
            for (JsonElement e : byK) {
                JsonObject k = e.getAsJsonObject();
                parts.put((int) number(k, "k", 0), "k" + scalar(k.get("k")) + " " + count(k.get("codes").getAsLong())
                        + " codes (" + count(k.get("labels").getAsLong()) + " labels)");
            }
            add(rows, DATA_SIZES, "generated codes (labelled)", String.join(", ", parts.values()), PROVENANCE);
        }
        for (int i = 0; i < members.size(); i++) {
            JsonObject m = members.get(i);
            add(rows, OUTCOME, "member " + memberName(m, i), scalar(m.get("epochs")) + " epochs, best epoch "
                    + scalar(m.get("bestEpoch")) + "; " + scalar(m.get("stopReason")), PROVENANCE);
        }
    }

    private static String memberName(JsonObject m, int i) {
        return m.get("member") == null ? String.valueOf(i) : scalar(m.get("member"));
    }

    private static void add(Map<String, List<String[]>> rows, String aspect, String setting, String value,
                            String source) {
        rows.get(aspect).add(new String[] {setting, value, source});
    }

    private static JsonObject object(Path file, Path runDir, boolean definition) {
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (is " + runDir + " a run folder?)", e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException(file + " does not hold " + (definition ? "a run definition" : "a record")
                    + " (a JSON object)");
        }
        return root.getAsJsonObject();
    }

    private static void flatten(String prefix, JsonElement e, List<String[]> rows) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.size() == 0) {
                rows.add(new String[] {prefix, "{}"});
                return;
            }
            for (Map.Entry<String, JsonElement> entry : o.entrySet()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), rows);
            }
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            boolean plain = true;
            for (JsonElement x : a) {
                plain &= x.isJsonPrimitive() || x.isJsonNull();
            }
            if (plain) {
                List<String> parts = new ArrayList<>();
                a.forEach(x -> parts.add(scalar(x)));
                rows.add(new String[] {prefix, "[" + String.join(", ", parts) + "]"});
            } else {
                for (int i = 0; i < a.size(); i++) {
                    flatten(prefix + "[" + i + "]", a.get(i), rows);
                }
            }
        } else {
            rows.add(new String[] {prefix, scalar(e)});
        }
    }

    private static JsonObject obj(JsonObject o, String key) {
        return o != null && o.get(key) instanceof JsonObject x ? x : null;
    }

    private static double number(JsonObject o, String key, double otherwise) {
        JsonElement e = o == null ? null : o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : otherwise;
    }

    private static List<String> strings(JsonElement e) {
        List<String> out = new ArrayList<>();
        if (e instanceof JsonArray a) {
            a.forEach(x -> out.add(scalar(x)));
        }
        return out;
    }

    private static String arrow(JsonElement e) {
        List<String> s = strings(e);
        return s.isEmpty() ? "none" : String.join("→", s);
    }

    private static String dash(JsonElement e) {
        List<String> s = strings(e);
        return s.isEmpty() ? "none" : String.join("-", s);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String scalar(JsonElement e) {
        return e == null || e.isJsonNull() ? "null" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }
}

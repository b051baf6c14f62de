package org.mheightlab.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
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
import org.mheightlab.Setting.Aspect;
import org.mheightlab.Setting;
import org.mheightlab.model.MinorTokenModel;
import org.mheightlab.report.RunMetrics;
import org.mheightlab.train.TrainingConfig;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a run folder was trained with, as one table: aspect → setting → value → source, so a reader sees what was
 * run without opening JSON. The settings come from the folder's {@code run.json} (the definition as run, so a
 * notebook's overrides such as fewer epochs or a per-group limit show up here, not the file in runs/); the data
 * sizes from the metrics and the history; parameter counts, generated codes, leaking validation samples and how
 * each member's training ended from the provenance, all read through {@link RunFolder}. Files other than
 * run.json are optional (a folder with only run.json gives the definition's rows).
 *
 * <p>Every key of run.json appears once, as a dotted name ({@code training.maxEpochs}); a list of plain values on
 * one line, a list of objects (augmentations, curriculum phases) by index. Its aspect is the one its field declares
 * with {@link Setting} (or its section's), so a field added to a definition record shows up under the right
 * heading with no edit here. The one-line summaries that open architecture, loss and schedule come from the
 * definition's own objects ({@link org.mheightlab.model.ModelSection#describe}, {@link TrainingConfig}).
 */
public final class RunSettings {

    public static final String RUN = Aspect.RUN.label();
    public static final String ARCHITECTURE = Aspect.ARCHITECTURE.label();
    public static final String LOSS = Aspect.LOSS.label();
    public static final String SCHEDULE = Aspect.SCHEDULE.label();
    public static final String STOPPING = Aspect.STOPPING.label();
    public static final String AUGMENTATION = Aspect.AUGMENTATION.label();
    public static final String DATA = Aspect.DATA.label();
    public static final String DATA_SIZES = Aspect.DATA_SIZES.label();
    public static final String OUTCOME = Aspect.OUTCOME.label();
    public static final String OTHER = Aspect.OTHER.label();

    /** The aspects in the order the table lists them. */
    public static final List<String> ASPECTS = java.util.Arrays.stream(Aspect.values()).map(Aspect::label).toList();

    // The source column names the run folder's file a row comes from.
    private static final String RUN_JSON = RunFolder.DEFINITION;
    private static final String METRICS = RunFolder.METRICS;
    private static final String HISTORY = RunFolder.HISTORY;
    private static final String PROVENANCE = RunFolder.PROVENANCE;

    private RunSettings() {
    }

    public static Table table(Path runDir) {
        RunFolder folder = RunFolder.open(runDir);
        JsonObject def = (JsonObject) LegacyDefinition.upgrade(folder.definitionJson());
        RunDefinition parsed = folder.definition();
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        ASPECTS.forEach(a -> rows.put(a, new ArrayList<>()));
        boolean tokens = parsed.model() instanceof MinorTokenModel;

        int members = parsed.members();
        add(rows, ARCHITECTURE, "network", parsed.model().describe() + (members > 1 ? "; ensemble of " + members
                + " members (averaged in log2 space)" : ""), RUN_JSON);
        add(rows, LOSS, "loss", loss(parsed, tokens), RUN_JSON);
        add(rows, SCHEDULE, "optimiser", parsed.training().describeOptimiser(), RUN_JSON);
        List<String[]> flat = new ArrayList<>();
        flatten("", def, RunDefinition.class, Aspect.OTHER, flat);
        for (String[] r : flat) {
            boolean allGroups = r[0].matches("augmentation\\[\\d+]\\.groups") && r[1].equals("[]");
            add(rows, r[2], r[0], allGroups ? "[] (all groups)" : r[1], RUN_JSON);
        }
        boolean augmentFirst = parsed.order() == RunDefinition.Order.AUGMENT_THEN_SPLIT;
        boolean phases = !parsed.training().curriculum().phases().isEmpty();

        if (folder.hasMetrics()) {
            RunMetrics m = folder.metrics();
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
        Path historyFile = folder.historyFile();
        if (Files.isRegularFile(historyFile)) {
            add(rows, DATA_SIZES, "trained on per epoch", perEpoch(historyFile, tokens, phases), HISTORY);
        }
        JsonObject p = folder.provenance();
        if (p != null) {
            provenance(p, rows);
        }

        // Beside what this recording ran with: the bundled definition of that name today, and its write-up.
        String run = parsed.name();
        JsonElement bundled = RunDefinition.BUNDLED.contains(run)
                ? JsonParser.parseString(RunDefinition.load(run).toJson()) : null;
        WriteUpRecord.WriteUp writeUp = WriteUpRecord.bundled().of(run).orElse(null);
        StringColumn aspect = StringColumn.create("aspect");
        StringColumn setting = StringColumn.create("setting");
        StringColumn writeUpColumn = StringColumn.create("write-up");
        StringColumn definition = StringColumn.create("run definition");
        StringColumn recording = StringColumn.create("this recording");
        StringColumn source = StringColumn.create("source");
        rows.forEach((a, list) -> list.forEach(r -> {
            boolean key = RUN_JSON.equals(r[2]) && !List.of("network", "loss", "optimiser").contains(r[0]);
            aspect.append(a);
            setting.append(r[0]);
            writeUpColumn.append(key && writeUp != null ? writeUpValue(writeUp, r[0]) : "");
            JsonElement ours = key && bundled != null ? WriteUpRecord.valueAt(bundled, r[0]) : null;
            definition.append(ours == null ? "" : oneLine(ours));
            recording.append(r[1]);
            source.append(r[2]);
        }));
        return Table.create("Settings of " + run).addColumns(aspect, setting, writeUpColumn, definition, recording,
                source);
    }

    /** The write-up's value for a table row (an entry for the key, or the part of an entry for a section). */
    private static String writeUpValue(WriteUpRecord.WriteUp writeUp, String key) {
        for (WriteUpRecord.Entry e : writeUp.settings()) {
            if (!e.isDefinitionKey()) {
                continue;
            }
            String rest = key.equals(e.key()) ? "" : key.startsWith(e.key() + ".") || key.startsWith(e.key() + "[")
                    ? key.substring(e.key().length()) : null;
            if (rest == null) {
                continue;
            }
            JsonObject wrapper = new JsonObject();
            wrapper.add("v", e.writeUp());
            JsonElement v = WriteUpRecord.valueAt(wrapper, "v" + rest);
            if (v != null) {
                return oneLine(v) + " (" + e.where() + ")";
            }
        }
        return "";
    }

    private static String oneLine(JsonElement e) {
        if (e.isJsonArray()) {
            List<String> parts = new ArrayList<>();
            e.getAsJsonArray().forEach(x -> parts.add(x.isJsonPrimitive() || x.isJsonNull() ? scalar(x) : x.toString()));
            return "[" + String.join(", ", parts) + "]";
        }
        return scalar(e);
    }

    private static String loss(RunDefinition def, boolean tokens) {
        double l2 = def.model() instanceof org.mheightlab.model.RawPModel raw ? raw.spec().l2() : 0;
        return "weighted log2-MSE, (log2 h_hat - log2 h)^2 over every labelled " + (tokens ? "(code, m)" : "sample")
                + ", with weights: " + def.training().describeWeights()
                + (l2 > 0 ? "; plus L2 " + l2 + " x sum of squared weights" : "");
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
            return "- (" + history + " unreadable: " + e.getMessage() + ")";
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
        if (p.get("overrides") instanceof JsonObject o && o.size() > 0) {
            List<String> changed = new ArrayList<>();
            o.entrySet().stream().filter(e -> !e.getKey().equals("reason"))
                    .forEach(e -> changed.add(e.getKey() + " = " + scalar(e.getValue())));
            String reason = o.get("reason") == null ? "no reason given" : scalar(o.get("reason"));
            add(rows, RUN, "overrides of this recording", String.join(", ", changed) + " (" + reason + ")", PROVENANCE);
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

    /**
     * Rows (key, value, aspect) of a JSON tree read against {@code type}, the record it was written from: each key's
     * aspect is its component's {@link Setting}, else {@code inherited}. Keys no record declares (a newer or older
     * writer's) keep their section's aspect.
     */
    private static void flatten(String prefix, JsonElement e, Class<?> type, Aspect inherited, List<String[]> rows) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.size() == 0) {
                rows.add(new String[] {prefix, "{}", inherited.label()});
                return;
            }
            Class<?> record = type;
            if (type == org.mheightlab.model.ModelSection.class && o.get("kind") != null) {
                record = ModelSectionAdapter.KINDS.get(o.get("kind").getAsString());
            }
            for (Map.Entry<String, JsonElement> entry : o.entrySet()) {
                RecordComponent c = component(record, entry.getKey());
                Setting setting = c == null ? null : c.getAnnotation(Setting.class);
                Aspect aspect = setting != null ? setting.value() : inherited;
                Class<?> child = c == null ? null : c.getType();
                if (c != null && List.class.isAssignableFrom(child)
                        && c.getGenericType() instanceof java.lang.reflect.ParameterizedType pt) {
                    child = pt.getActualTypeArguments()[0] instanceof Class<?> k ? k : null;
                }
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), child,
                        aspect, rows);
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
                rows.add(new String[] {prefix, "[" + String.join(", ", parts) + "]", inherited.label()});
            } else {
                for (int i = 0; i < a.size(); i++) {
                    flatten(prefix + "[" + i + "]", a.get(i), type, inherited, rows);
                }
            }
        } else {
            rows.add(new String[] {prefix, scalar(e), inherited.label()});
        }
    }

    private static RecordComponent component(Class<?> type, String name) {
        if (type == null || !type.isRecord()) {
            return null;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
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

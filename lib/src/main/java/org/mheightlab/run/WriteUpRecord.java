package org.mheightlab.run;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mheightlab.train.LearningRateSchedule;

/**
 * What each write-up ({@code runs/writeups/record.json}, the files in {@code ../shared/seeds}) gives: per run, the
 * write-up file and
 * <ul>
 * <li>its <b>settings</b> ({@link Entry}): each value in the definition's own JSON form, the line it is on and a
 * verbatim quote, and — where our definition departs from it — the reason. The fidelity test holds every
 * definition to them; the settings table shows them beside the definition and the recording.</li>
 * <li>its <b>expected outcomes and success criteria</b> ({@link Criterion}), by which {@link WriteUpVerdicts#table}
 * judges a recording;</li>
 * <li>the <b>figures it reports</b> for the run ({@link Result}), which {@link WriteUpVerdicts#beside} sets beside a
 * recording's.</li>
 * </ul>
 * A figure is attached to the run it measures, whichever write-up gives it (000 gives Run 2's per-group table,
 * 003 Run 4's score).
 *
 * <p><b>Measures</b> (of criteria and results). {@code SPLIT} is {@code train}, {@code validation} or {@code test},
 * the split the write-up measured on; {@code TIER} is {@code easy}, {@code medium} or {@code hard}; log2-MSE unless
 * said otherwise; a split's figure is the kept model's (the best epoch's, where the run restores it).
 * <ul>
 * <li>{@code SPLIT.overall}, {@code SPLIT.balanced} (tiers weighted equally), {@code SPLIT.TIER} (the tier's
 * log2-MSE), {@code SPLIT.group.K,M} (one group, e.g. {@code validation.group.4,5}), {@code SPLIT.group.max} (the
 * worst group), {@code SPLIT.TIER.max} (the tier's worst group);</li>
 * <li>{@code SPLIT.samples}, {@code SPLIT.samples.TIER} (sample counts), {@code SPLIT.share.TIER} (the tier's share
 * of the split, in percent, as the write-ups write it);</li>
 * <li>{@code gap} (validation − train overall), {@code gap.ratio} (validation ÷ train overall, the write-ups'
 * "2.5x"), {@code leakingValidationSamples}, {@code epochs} (epochs trained);</li>
 * <li>{@code augmentation.samples} (originals and copies together), {@code augmentation.trainSamples} (the
 * training side after augmentation), {@code augmentation.blowUp} (samples after augmentation ÷ before);</li>
 * <li>{@code MEASURE@N}: the figure in epoch N (counted from 1) of the training history, e.g.
 * {@code train.loss@100} (the training loss, as the optimiser saw it), {@code validation.loss@200},
 * {@code learningRate@3};</li>
 * <li>for the classifier ({@link #CLASSIFY}): {@code SPLIT.f1}, {@code SPLIT.accuracy}, {@code SPLIT.loss}, with
 * or without {@code @N}, and {@code original.*} for the runs before the write-up's fixes (the {@code original}
 * preset) where the rest are the fixed run's;</li>
 * <li>any other name is a fact of the write-up that no recording gives (e.g. {@code data.samples},
 * {@code predictions.max}).</li>
 * </ul>
 *
 * <p><b>Keys</b> (of settings). For a run: a definition path ({@code training.maxEpochs}) or {@code writeup.*}, a
 * fact with no field. For {@link #CLASSIFY}: {@code PRESET.spec.FIELD} (a {@code ClassifierSpec} field) or
 * {@code PRESET.config.FIELD} (a {@code ClassifierTrainingConfig} field) with {@code PRESET} {@code original} or
 * {@code improved}, {@code pretraining.FIELD} (an {@code EncoderPretrainer.Config} field), or {@code writeup.*};
 * the run size (epochs, steps, batch) is what the classification notebook hands the presets.
 */
public final class WriteUpRecord {

    /**
     * The entry of the classification pipeline's write-up (004): its settings are the classifier presets', not a
     * run definition's, and no run folder is judged by it.
     */
    public static final String CLASSIFY = "classify";

    /**
     * One setting of a write-up. {@code key} is a definition path ({@code training.maxEpochs}), a preset path for
     * {@link #CLASSIFY} ({@code improved.config.epochs}) or {@code writeup.*}.
     */
    public record Entry(String key, JsonElement writeUp, String file, List<Integer> lines, String quote,
                        String departure) {

        /** Whether {@code key} names a field of the definition (or of a preset), not a {@code writeup.*} fact. */
        public boolean isDefinitionKey() {
            return !key.startsWith("writeup.");
        }

        /** "002_….txt:121" — where the value is written. */
        public String where() {
            return WriteUpRecord.where(file, lines);
        }
    }

    /**
     * An expected outcome or success criterion of a write-up: {@code measure} (see the class comment) must lie in
     * [{@code atLeast}, {@code below}) (either bound may be absent). {@code kind}: {@code expected} (an expected
     * outcome), {@code success} (a success criterion or minimum acceptable performance) or {@code target} (a
     * target to monitor, or a stretch goal).
     */
    public record Criterion(String kind, String name, String measure, Double atLeast, Double below, String file,
                            List<Integer> lines, String quote) {

        public String where() {
            return WriteUpRecord.where(file, lines);
        }

        /** The bound in words, as the write-up writes it: "< 0.374", "0.02 to 0.08", "100 to 120". */
        public String bound() {
            if (atLeast != null && below != null) {
                return plain(atLeast) + " to " + plain(below);
            }
            return atLeast != null ? "≥ " + plain(atLeast) : "< " + plain(below);
        }

        public boolean holds(double value) {
            return (atLeast == null || value >= atLeast) && (below == null || value < below);
        }
    }

    /**
     * A figure the write-up reports for the run: {@code measure} (see the class comment) was {@code value}, as
     * written on the cited line ({@code quote} is verbatim); {@code note} (may be null) says what the figure is
     * where the line alone does not, e.g. that it is approximate or disagrees with another write-up.
     */
    public record Result(String measure, double value, String file, List<Integer> lines, String quote,
                         String note) {

        public String where() {
            return WriteUpRecord.where(file, lines);
        }
    }

    /**
     * One run's write-up: its file, a title, its settings, its expected outcomes and success criteria, and the
     * figures it reports.
     */
    public record WriteUp(String writeUp, String title, List<Entry> settings, List<Criterion> criteria,
                          List<Result> results) {

        public List<Criterion> criteria() {
            return criteria == null ? List.of() : criteria;
        }

        public List<Result> results() {
            return results == null ? List.of() : results;
        }

    /** The entry for {@code key}, if the write-up gives that setting. */
        public Optional<Entry> entry(String key) {
            return settings.stream().filter(e -> e.key().equals(key)).findFirst();
        }
    }

    private static final String RESOURCE = "/runs/writeups/record.json";

    private final Map<String, WriteUp> byRun;

    private WriteUpRecord(Map<String, WriteUp> byRun) {
        this.byRun = byRun;
    }

    /** The record bundled with the run definitions. */
    public static WriteUpRecord bundled() {
        try (InputStream in = WriteUpRecord.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the library");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WriteUpRecord parse(String json) {
        Gson gson = new Gson();
        Map<String, WriteUp> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> run : JsonParser.parseString(json).getAsJsonObject().entrySet()) {
            out.put(run.getKey(), gson.fromJson(run.getValue(), WriteUp.class));
        }
        return new WriteUpRecord(out);
    }

    /** The write-up of run {@code name} (run1 … run7), if it has one; never {@link #CLASSIFY}'s, which is no run. */
    public Optional<WriteUp> of(String name) {
        return name.equals(CLASSIFY) ? Optional.empty() : Optional.ofNullable(byRun.get(name));
    }

    /** The classification pipeline's write-up (004). */
    public Optional<WriteUp> classify() {
        return Optional.ofNullable(byRun.get(CLASSIFY));
    }

    /** Every entry: the runs' and {@link #CLASSIFY}. */
    public Map<String, WriteUp> all() {
        return byRun;
    }

    /** The runs' entries, in the record's order ({@link #CLASSIFY} left out). */
    public Map<String, WriteUp> runs() {
        Map<String, WriteUp> out = new LinkedHashMap<>(byRun);
        out.remove(CLASSIFY);
        return out;
    }

    /** A write-up's number as written: 0.103, 26, 14800000 (no "1.48E7", no trailing ".0"). */
    public static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String where(String file, List<Integer> lines) {
        return file + ":" + (lines == null || lines.isEmpty() ? "?" : lines.get(0));
    }

    /** The value at a dotted key ({@code a.b[2].c}) of a JSON tree, or null when there is none. */
    public static JsonElement valueAt(JsonElement tree, String key) {
        JsonElement at = tree;
        for (String part : key.split("\\.")) {
            String name = part;
            List<Integer> indices = new ArrayList<>();
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                name = part.substring(0, bracket);
                for (String idx : part.substring(bracket + 1, part.length() - 1).split("]\\[")) {
                    indices.add(Integer.parseInt(idx));
                }
            }
            if (!(at instanceof JsonObject o) || !o.has(name)) {
                return null;
            }
            at = o.get(name);
            for (int i : indices) {
                if (!(at instanceof JsonArray a) || i >= a.size()) {
                    return null;
                }
                at = a.get(i);
            }
        }
        return at;
    }

    /**
     * Whether two values of a definition key are the same setting: JSON equality with numbers compared by value
     * (1e-5 = 1.0E-5) and schedules compared after parsing (so "cosine-restarts:12:1:0.00001" is the schedule
     * a run definition writes back as "cosine-restarts:12:1:1.0E-5").
     */
    public static boolean sameSetting(String key, JsonElement a, JsonElement b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (key.endsWith("schedule") && a.isJsonPrimitive() && b.isJsonPrimitive()) {
            try {
                return LearningRateSchedule.parse(a.getAsString()).equals(LearningRateSchedule.parse(b.getAsString()));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (a.isJsonPrimitive() && b.isJsonPrimitive()) {
            JsonPrimitive x = a.getAsJsonPrimitive();
            JsonPrimitive y = b.getAsJsonPrimitive();
            if (x.isNumber() && y.isNumber()) {
                return new BigDecimal(x.getAsString()).compareTo(new BigDecimal(y.getAsString())) == 0;
            }
            return x.equals(y);
        }
        if (a.isJsonArray() && b.isJsonArray()) {
            JsonArray x = a.getAsJsonArray();
            JsonArray y = b.getAsJsonArray();
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameSetting(key, x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isJsonObject() && b.isJsonObject()) {
            JsonObject x = a.getAsJsonObject();
            JsonObject y = b.getAsJsonObject();
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (String k : x.keySet()) {
                if (!sameSetting(key + "." + k, x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}

package org.mheightlab.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.Tier;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.files.StagedFolder;
import org.mheightlab.model.Ensemble;
import org.mheightlab.model.ModelSection;
import org.mheightlab.provenance.Json;
import org.mheightlab.provenance.OurRecord;
import org.mheightlab.report.RunMetrics;
import org.mheightlab.train.Engines;
import org.mheightlab.train.EpochRecord;
import org.mheightlab.train.TrainingResult;

/**
 * A run folder, the only place that knows its file names: {@code run.json} (the definition as run),
 * {@code provenance.json}, {@code model/} (one parameter file per member, and each member's best-epoch
 * checkpoint), {@code history.csv}, {@code predictions.csv}, {@code metrics.json} and
 * {@code per_group_performance.txt}. {@link #stage} writes a new one beside its target and moves it into place
 * when complete; {@link #open} reads one, naming the file whenever one is missing or unreadable.
 */
public final class RunFolder {

    // Package-private where the settings table names its sources; no other class names these files.
    static final String DEFINITION = "run.json";
    static final String PROVENANCE = "provenance.json";
    private static final String MODEL_DIR = "model";
    static final String HISTORY = "history.csv";
    private static final String PREDICTIONS = "predictions.csv";
    static final String METRICS = "metrics.json";
    private static final String TABLE = "per_group_performance.txt";

    /** provenance.json's "kind": with "tool": "mheight-lab" it marks a folder this project wrote. */
    private static final String RECORD_KIND = "training-run";
    /** A member's best-epoch checkpoint, written while it trains: NAME-best-checkpoint.params. */
    private static final String CHECKPOINT_SUFFIX = "-best-checkpoint.params";
    /** The names {@link #memberName} gives. */
    private static final String MEMBER = "(?:member-\\d+|k\\d+(?:-\\d+)?)";
    /** Every file and folder the {@link Writer} puts in a run folder (folders end in '/'). */
    private static final Pattern OWN_ENTRY = Pattern.compile(Pattern.quote(DEFINITION) + "|" + Pattern.quote(PROVENANCE)
            + "|" + Pattern.quote(METRICS) + "|" + Pattern.quote(HISTORY) + "|" + Pattern.quote(PREDICTIONS) + "|"
            + Pattern.quote(TABLE) + "|" + MODEL_DIR + "/" + "|" + MODEL_DIR + "/" + MEMBER + "(?:-\\d{4})?\\.params|"
            + MODEL_DIR + "/" + MEMBER + Pattern.quote(CHECKPOINT_SUFFIX));

    /**
     * How the output rule recognises a run folder, one it may replace with --overwrite: run.json beside a
     * provenance.json this project wrote, and nothing else but the files the {@link Writer} writes — a user's
     * notes or plots in it are never deleted by replacing the folder.
     */
    public static final OutputGuard.FolderKind KIND = new OutputGuard.FolderKind("run folder",
            DEFINITION + " + " + PROVENANCE + " written by " + OurRecord.TOOL,
            dir -> Files.isRegularFile(dir.resolve(DEFINITION), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && OurRecord.isOurs(dir.resolve(PROVENANCE), RECORD_KIND),
            entry -> OWN_ENTRY.matcher(entry).matches());

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    // ---------------------------------------------------------------- names

    /**
     * The name of a member's parameters: {@code member-0}, {@code member-1}, … for a run with one part, {@code k4}
     * (or {@code k4-1} for the second member of an ensemble) for a run with one part per k.
     */
    public static String memberName(int part, int member, int members) {
        if (part == ModelSection.ALL_ROWS) {
            return "member-" + member;
        }
        return members == 1 ? "k" + part : "k" + part + "-" + member;
    }

    /** The member's label in history.csv and provenance.json: its index, or its name for a per-k run. */
    static String historyLabel(int part, int member, int members) {
        return part == ModelSection.ALL_ROWS ? String.valueOf(member) : memberName(part, member, members);
    }

    /**
     * How messages name a member: "k=5", "member 1", "k=5, member 1" (an ensemble per k); empty for a run's only
     * model.
     */
    public static String memberDescription(int part, int member, int members) {
        String k = part == ModelSection.ALL_ROWS ? "" : "k=" + part;
        String m = members > 1 ? "member " + member : "";
        return k.isEmpty() || m.isEmpty() ? k + m : k + ", " + m;
    }

    private static final Pattern PER_K_LABEL = Pattern.compile("k(\\d+)(?:-(\\d+))?");

    /**
     * {@link #memberDescription} of the member that {@link #historyLabel} labelled {@code label} (as history.csv
     * and provenance.json hold it); a label this class did not write is returned as it is.
     */
    public static String memberDescription(String label) {
        Matcher perK = PER_K_LABEL.matcher(label);
        if (perK.matches()) {
            return perK.group(2) == null ? memberDescription(Integer.parseInt(perK.group(1)), 0, 1)
                    : memberDescription(Integer.parseInt(perK.group(1)), Integer.parseInt(perK.group(2)), 2);
        }
        return label.matches("\\d+") ? memberDescription(ModelSection.ALL_ROWS, Integer.parseInt(label), 2) : label;
    }

    // ---------------------------------------------------------------- writing

    /** provenance.json's first fields: the mark of a run folder this project wrote. */
    static Map<String, Object> provenanceStart() {
        return OurRecord.start(RECORD_KIND);
    }

    /**
     * A run folder being written beside {@code target}; nothing appears at the target until {@link Writer#commit},
     * which replaces an earlier run folder there only when {@code replaceExisting} (the user's --overwrite).
     */
    public static Writer stage(Path target, boolean replaceExisting) {
        return new Writer(StagedFolder.begin(target, KIND, replaceExisting));
    }

    /** The folder under construction. Closing it without {@link #commit} removes it. */
    public static final class Writer implements AutoCloseable {
        private final StagedFolder staged;

        private Writer(StagedFolder staged) {
            this.staged = staged;
        }

        public Path target() {
            return staged.target();
        }

        /** Where member {@code name}'s best-epoch checkpoint goes while it trains. */
        public Path checkpointFile(String name) throws IOException {
            return modelDir().resolve(name + CHECKPOINT_SUFFIX);
        }

        /** Saves a trained member's parameters (DJL's NAME-NNNN.params, NNNN = the best epoch). */
        public void saveMember(Model model, String name, int bestEpoch) throws IOException {
            model.setProperty("epoch", String.valueOf(bestEpoch));
            model.save(modelDir(), name);
        }

        private Path modelDir() throws IOException {
            return Files.createDirectories(staged.path().resolve(MODEL_DIR));
        }

        public void definition(RunDefinition def) {
            AtomicFiles.writeString(staged.path().resolve(DEFINITION), def.toJson());
        }

        public void metrics(RunMetrics metrics) {
            AtomicFiles.writeString(staged.path().resolve(METRICS), metrics.toJson());
        }

        public void table(String text) {
            AtomicFiles.writeString(staged.path().resolve(TABLE), text);
        }

        public void provenance(Map<String, Object> provenance) {
            AtomicFiles.writeString(staged.path().resolve(PROVENANCE), Json.write(provenance));
        }

        /** history.csv: one block of epochs per member, labelled by {@code labels}. */
        public void history(List<String> labels, List<TrainingResult> results) throws IOException {
            StringWriter w = new StringWriter();
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
                csv.printRecord("member", "epoch", "train_loss", "val_loss", "val_easy", "val_medium", "val_hard",
                        "val_balanced", "learning_rate", "samples", "seconds");
                for (int m = 0; m < results.size(); m++) {
                    for (EpochRecord r : results.get(m).history()) {
                        csv.printRecord(labels.get(m), r.epoch(), num(r.trainLoss()), num(r.validationLoss()),
                                num(r.validation().tier(Tier.EASY)), num(r.validation().tier(Tier.MEDIUM)),
                                num(r.validation().tier(Tier.HARD)), num(r.validation().balanced()),
                                num(r.learningRate()), r.samplesSeen(), String.format(Locale.ROOT, "%.2f", r.seconds()));
                    }
                }
            }
            AtomicFiles.writeString(staged.path().resolve(HISTORY), w.toString());
        }

        /** predictions.csv: every test and validation row with its prediction and log2 error. */
        public void predictions(Dataset test, double[] testLog2, Dataset validation, double[] validationLog2)
                throws IOException {
            StringWriter w = new StringWriter();
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
                csv.printRecord("split", "index", "id", "k", "m", "height", "predicted", "log2_error");
                predictionRows(csv, "test", test, testLog2);
                predictionRows(csv, "validation", validation, validationLog2);
            }
            AtomicFiles.writeString(staged.path().resolve(PREDICTIONS), w.toString());
        }

        private static void predictionRows(CSVPrinter csv, String split, Dataset d, double[] log2Pred)
                throws IOException {
            for (int i = 0; i < d.size(); i++) {
                double log2h = Math.log(d.height(i)) / Math.log(2);
                csv.printRecord(split, i, d.id(i) == null ? "" : d.id(i), d.k(i), d.m(i), num(d.height(i)),
                        num(Math.pow(2, log2Pred[i])), num(log2Pred[i] - log2h));
            }
        }

        /** Moves the complete folder into place (replacing an earlier run folder there). */
        public RunFolder commit() {
            staged.commit();
            return new RunFolder(staged.target());
        }

        @Override
        public void close() {
            staged.close();
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /**
     * Copies the run folder {@code recorded} (a recorded run, e.g. {@code docs/run7}) to {@code target}, staged and
     * moved into place like a trained one: a notebook opens a recording this way, so that its later cells read the
     * same folder whether the run was opened or trained again. Only the run folder's own files are copied (a
     * recording's notes and studies stay with it), so the copy can be replaced by the notebook's next run. Whether
     * {@code target} may be replaced is the caller's decision ({@link OutputGuard#folder}), given here as
     * {@code replaceExisting}.
     */
    public static RunFolder copyOf(Path recorded, Path target, boolean replaceExisting) {
        RunFolder from = open(recorded);
        try (StagedFolder staged = StagedFolder.begin(target, KIND, replaceExisting);
             Stream<Path> walk = Files.walk(from.dir)) {
            List<Path> own = walk.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && KIND.owns().test(from.dir.relativize(f).toString().replace('\\', '/'))).toList();
            for (Path file : own) {
                Path to = staged.path().resolve(from.dir.relativize(file).toString());
                Files.createDirectories(to.getParent());
                Files.copy(file, to);
            }
            staged.commit();
            return new RunFolder(staged.target());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the run folder " + recorded + " to " + target + ": "
                    + AtomicFiles.describe(e), e);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Opens a run folder. Every way a folder can be unusable (not a folder, no or unreadable run.json) is an
     * IllegalArgumentException naming the path, so that the CLI reports it as bad input.
     */
    public static RunFolder open(Path dir) {
        if (!Files.exists(dir)) {
            String blocked = org.mheightlab.files.PathKind.blockedBy(dir);
            throw new IllegalArgumentException(dir + ": no such run folder" + (blocked == null ? "" : " (" + blocked
                    + ")"));
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": is a file, not a run folder (a folder written by mheight "
                    + "train, holding " + DEFINITION + " and " + MODEL_DIR + "/)");
        }
        if (!Files.isRegularFile(dir.resolve(DEFINITION))) {
            throw new IllegalArgumentException(dir + " is not a run folder (no " + DEFINITION + ")");
        }
        return new RunFolder(dir);
    }

    /**
     * The definition as run (with any overrides). A run.json written before runs chose their engine names none;
     * such a run trained on the engine its provenance.json names (MXNet), and is loaded on that one again.
     */
    public RunDefinition definition() {
        Path f = dir.resolve(DEFINITION);
        String text = read(f);
        RunDefinition def = RunDefinition.fromJson(text, f.toString());
        JsonObject training = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("training");
        JsonObject provenance = training == null || training.has("engine") ? null : provenance();
        if (provenance != null && provenance.has("engine")) {
            String engine = provenance.get("engine").getAsString().split(" ")[0].toLowerCase(java.util.Locale.ROOT);
            if (Engines.NAMES.contains(engine)) {
                def = def.withTraining(def.training().withEngine(engine));
            }
        }
        return def;
    }

    /** run.json as a JSON tree (the settings table reads what was written, whatever version wrote it). */
    public JsonObject definitionJson() {
        return object(dir.resolve(DEFINITION), true);
    }

    public boolean hasMetrics() {
        return Files.isRegularFile(dir.resolve(METRICS));
    }

    public RunMetrics metrics() {
        Path f = dir.resolve(METRICS);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("cannot read " + f + " (is " + dir + " a run folder?)");
        }
        return RunMetrics.fromJson(read(f), f.toString());
    }

    /** provenance.json as a JSON tree, or null when the folder has none. */
    public JsonObject provenance() {
        Path f = dir.resolve(PROVENANCE);
        return Files.isRegularFile(f) ? object(f, false) : null;
    }

    /** history.csv (may not exist in a folder written by hand). */
    public Path historyFile() {
        return dir.resolve(HISTORY);
    }

    /** predictions.csv. */
    public Path predictionsFile() {
        return dir.resolve(PREDICTIONS);
    }

    /** The per-group table as written. */
    public String table() {
        return read(dir.resolve(TABLE));
    }

    /**
     * The run's trained models, ready to predict. A member whose parameter file is missing, empty, truncated or
     * not DJL parameters of this architecture is an IllegalArgumentException naming the file.
     */
    public Ensemble models() {
        RunDefinition def = definition();
        return models(def, def.training().engine());
    }

    /**
     * The run's trained models on {@code engine} ({@link Engines#NAMES}), which need not be the one they trained on:
     * the parameter files are DJL's own format, read by every engine.
     */
    public Ensemble models(String engine) {
        return models(definition(), Engines.check("engine", engine));
    }

    private Ensemble models(RunDefinition def, String engine) {
        ModelSection section = def.model();
        Path modelDir = dir.resolve(MODEL_DIR);
        int members = def.members();
        String why = "run.json says " + members + " member" + (members == 1 ? "" : "s");
        Map<Integer, List<Model>> byPart = new TreeMap<>();
        List<Model> loaded = new ArrayList<>();
        for (int part : section.parts()) {
            if (part != ModelSection.ALL_ROWS && findParameterFile(modelDir, memberName(part, 0, members)) == null) {
                continue; // a per-k run trains only the ks its data has
            }
            for (int member = 0; member < members; member++) {
                String name = memberName(part, member, members);
                Path file = parameterFile(modelDir, name, part == ModelSection.ALL_ROWS ? why : why + " per k");
                byPart.computeIfAbsent(part, x -> new ArrayList<>()).add(loadMember(modelDir, name, file,
                        section, part, engine, loaded));
            }
        }
        if (byPart.isEmpty()) {
            throw new IllegalArgumentException(modelDir.resolve(memberName(section.parts().get(0), 0, members)
                    + "-0000.params") + ": missing (a per-k run has one parameter file per k, "
                    + String.join(", ", section.parts().stream().map(k -> memberName(k, 0, members)).toList())
                    + "; the run folder is incomplete)");
        }
        return new Ensemble(section, byPart, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads one member on the engine it trained on (the parameters read on either engine; its own one reproduces
     * the run's predictions to the bit); on failure closes everything loaded so far and names the file.
     */
    private static Model loadMember(Path modelDir, String name, Path file, ModelSection section, int part,
                                    String engine, List<Model> loaded) {
        Model m = Model.newInstance(name, ai.djl.Device.cpu(), Engines.djlName(engine));
        loaded.add(m);
        try {
            if (Files.size(file) == 0) {
                throw new IllegalArgumentException(file + ": empty parameter file (corrupt run folder?)");
            }
            requireParameterFile(file);
            m.setBlock(section.newBlock(part));
            m.load(modelDir, name);
            return m;
        } catch (IllegalArgumentException e) {
            loaded.forEach(Model::close);
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e : corrupt(file, e);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            // DJL reports a truncated file as an EOFException without a message, a foreign file as an
            // EngineException or MalformedModelException; all mean the same thing to the user.
            loaded.forEach(Model::close);
            throw corrupt(file, e);
        }
    }

    /** NAME-NNNN.params (the highest epoch, the one DJL loads) or NAME.params; refused when absent. */
    private static Path parameterFile(Path modelDir, String base, String why) {
        Path found = findParameterFile(modelDir, base);
        if (found == null) {
            throw new IllegalArgumentException(modelDir.resolve(base + "-0000.params") + ": missing (" + why
                    + "; the run folder is incomplete)");
        }
        return found;
    }

    private static Path findParameterFile(Path modelDir, String base) {
        Pattern name = Pattern.compile(Pattern.quote(base) + "(-\\d{4})?\\.params");
        Path found = null;
        if (Files.isDirectory(modelDir)) {
            try (Stream<Path> list = Files.list(modelDir)) {
                found = list.filter(p -> name.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                        .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
            } catch (IOException e) {
                throw new IllegalArgumentException(modelDir + ": cannot list: " + e.getMessage(), e);
            }
        }
        return found;
    }

    /** What every parameter file DJL's Model.save writes begins with. */
    private static final byte[] DJL_MAGIC = {'D', 'J', 'L', '@'};

    /**
     * Refuses a file that is not a DJL model file before the engine sees it: MXNet would answer with its own
     * multi-line report ("Stack trace: ..."), and PyTorch loads nothing and fails later, at the first prediction.
     */
    private static void requireParameterFile(Path file) {
        byte[] head = org.mheightlab.data.io.FileSignature.head(file, 16);
        if (head.length < DJL_MAGIC.length || !java.util.Arrays.equals(head, 0, DJL_MAGIC.length, DJL_MAGIC, 0,
                DJL_MAGIC.length)) {
            String kind = org.mheightlab.data.io.FileSignature.describe(head);
            throw new IllegalArgumentException(file + ": not a parameter file written by mheight train (it looks like "
                    + (kind == null ? "other data" : kind) + ", starting with "
                    + org.mheightlab.data.io.FileSignature.hex(head) + "; a model file starts with DJL@): retrain the "
                    + "run or restore its " + MODEL_DIR + "/ folder");
        }
    }

    private static IllegalArgumentException corrupt(Path file, Exception e) {
        String first = org.mheightlab.data.io.FileSignature.firstLine(e.getMessage());
        String why = first == null || first.equals("null") ? e.getClass().getSimpleName() : first;
        return new IllegalArgumentException(file + ": corrupt or truncated parameter file, or not the parameters "
                + "of this run's model (" + why + ")", e);
    }

    private String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(f + ": cannot read: " + e.getMessage() + " (is " + dir
                    + " a run folder?)", e);
        }
    }

    private JsonObject object(Path f, boolean definition) {
        JsonElement root;
        try {
            root = JsonParser.parseString(read(f));
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(f + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException(f + " does not hold " + (definition ? "a run definition" : "a record")
                    + " (a JSON object)");
        }
        return root.getAsJsonObject();
    }
}

package org.mheightlab.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mheightlab.classify.ClassifierRun;
import org.mheightlab.classify.ClassifierSpec;
import org.mheightlab.classify.ClassifierTrainingConfig;
import org.mheightlab.classify.MultimodalDataset;
import org.mheightlab.classify.MultimodalNpz;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.split.Split;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.ModelSection;
import org.mheightlab.model.ResidualMlpModel;
import org.mheightlab.model.RowInputs;
import org.mheightlab.run.RunDefinition;
import org.mheightlab.train.EpochRecord;
import org.mheightlab.train.HeightTrainer;
import org.mheightlab.train.LearningRateSchedule;
import org.mheightlab.train.TrainingConfig;

/**
 * Training throughput (samples/s) of each bundled run's model on this machine, beside a linear model (no
 * hidden layer) trained in the same run as the baseline, and the process's peak resident memory.
 *
 * <p>Run: {@code bench/run train [samples] [epochs]}.
 */
public final class TrainingBenchmark {

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 8192;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Dataset all = DatasetFiles.read(Path.of("data/train"));
        Split split = Split.stratified(all, 0.05, 1);
        Dataset train = all.subset(Arrays.copyOf(split.train(), Math.min(samples, split.train().length)));
        Dataset val = all.subset(split.validation());
        FeatureEncoder features = FeatureEncoder.task();
        System.out.printf(Locale.ROOT, "training throughput on %s %s, %d threads (OMP_NUM_THREADS=%s), %d samples x %d "
                        + "epochs, batch 256%n", Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(),
                Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"), train.size(), epochs);
        System.out.printf(Locale.ROOT, "%-10s %12s %14s %12s%n", "model", "parameters", "samples/s", "vs linear");
        ModelSection linear = new ResidualMlpModel(0, List.of(), List.of(), 0, 0);
        double base = measure("linear", linear, train, val, features, epochs, Double.NaN);
        for (String run : List.of("run1", "run3", "run7")) {
            measure(run, RunDefinition.load(run).model(), train, val, features, epochs, base);
        }
        measureClassifiers(epochs);
        System.out.printf(Locale.ROOT, "peak resident memory %.0f MiB, peak JVM heap %.0f MiB%n", peakRssMiB(),
                peakHeapMiB());
    }

    private static double measure(String name, ModelSection spec, Dataset train, Dataset val, FeatureEncoder features,
                                  int epochs, double base) {
        TrainingConfig cfg = new TrainingConfig(epochs, 256, 1e-3, 1e-4, 1.0, LearningRateSchedule.parse("constant"), 0, false, 0, null, null,
                false, 1, "cpu", 0, null, null);
        try (Model model = Model.newInstance(name)) {
            model.setBlock(spec.newBlock(ModelSection.ALL_ROWS));
            List<EpochRecord> records = new java.util.ArrayList<>();
            var result = new HeightTrainer(cfg, List.of(), records::add, null).train(model,
                    new RowInputs(train, features), new RowInputs(val, features));
            // The first epoch includes warm-up (JIT, native init); report the later ones when there are any.
            List<EpochRecord> timed = records.size() > 1 ? records.subList(1, records.size()) : records;
            double seen = timed.stream().mapToDouble(EpochRecord::samplesSeen).sum();
            double secs = timed.stream().mapToDouble(EpochRecord::seconds).sum();
            double rate = seen / secs;
            System.out.printf(Locale.ROOT, "%-10s %12d %14.0f %12s%n", name, result.parameterCount(), rate,
                    Double.isNaN(base) ? "1.00x" : String.format(Locale.ROOT, "%.2fx", rate / base));
            return rate;
        }
    }

    /** The classification pipeline's two model sizes, on the bundled multimodal set (batch 64). */
    private static void measureClassifiers(int epochs) {
        MultimodalDataset data = MultimodalNpz.read(Path.of("data/classify.npz"));
        System.out.printf(Locale.ROOT, "classifier (data/classify.npz, %d epochs x one pass, batch 64)%n",
                Math.max(2, epochs));
        double base = Double.NaN;
        for (String name : List.of("original", "improved")) {
            ClassifierSpec spec = name.equals("original") ? ClassifierSpec.original() : ClassifierSpec.improved();
            ClassifierTrainingConfig cfg = ClassifierTrainingConfig.original(Math.max(2, epochs), 0, 64, 1)
                    .withPatience(-1);
            ClassifierRun.Outcome o = ClassifierRun.train(data, spec, cfg, ClassifierRun.Options.quiet());
            try (Model m = o.model()) {
                // Whole epochs as a user sees them (training steps plus evaluating both sets); the first is warm-up.
                var timed = o.result().history().subList(1, o.result().history().size());
                double secs = timed.stream().mapToDouble(e -> e.seconds()).sum();
                double rate = timed.size() * (double) o.trainSize() / secs;
                base = Double.isNaN(base) ? rate : base;
                System.out.printf(Locale.ROOT, "%-10s %12d %14.0f %12s%n", name, o.result().parameterCount(), rate,
                        String.format(Locale.ROOT, "%.2fx", rate / base));
            }
        }
    }

    private static double peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static double peakHeapMiB() {
        double total = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total / (1024.0 * 1024.0);
    }
}

package org.mheightlab.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.model.MinorFeatures;
import org.mheightlab.model.MinorTokenInputs;
import org.mheightlab.model.MinorTokenModel;
import org.mheightlab.model.ModelInputs;
import org.mheightlab.model.PairTokens;
import org.mheightlab.run.RunDefinition;
import org.mheightlab.train.Engines;
import org.mheightlab.train.HeightTrainer;
import org.mheightlab.train.StepProfile;
import org.mheightlab.train.TrainingConfig;

/**
 * Training throughput of the token model (codes per second, every m of a code at once) per k, for Run 8's and
 * Run 9's definitions on both engines, in one process, beside a ceiling measured in the same run.
 *
 * <p>Each measurement trains the definition's model for two epochs on the same codes of the bundled training
 * set (the first epoch warms up the JIT and the engine and is not counted) and splits a step's time into
 * feature preparation (Java: the token batch), forward + backward, and the optimiser (clipping, AdamW update).
 *
 * <p>The ceiling: the machine's matrix-multiply rate at exactly the model's layer shapes (each token MLP layer
 * on batch × tokens rows, each head layer on batch rows), timed in the same process on both engines, the faster
 * one per shape (a ceiling for either engine), and the model's
 * matrix-multiply FLOPs per code (forward, and twice that backward). Ceiling codes/s = batch / the time those
 * multiplies take for one training step; utilisation = measured codes/s / ceiling. Everything else a step does
 * (pooling, activations, layer norm, the loss, the optimiser, the batch itself) is what utilisation below 1
 * spends. Prints figures; asserts nothing.
 *
 * <p>Run: {@code bench/run tokens [codes-per-k] [runs]}, e.g. {@code bench/run tokens 4096 run8,run9}.
 */
public final class TokenThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int codes = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        List<String> runs = args.length > 1 ? List.of(args[1].split(",")) : List.of("run8", "run9");
        Dataset all = DatasetFiles.read(Path.of("data/train"));
        int threads = Integer.parseInt(System.getenv().getOrDefault("OMP_NUM_THREADS",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        System.out.printf(Locale.ROOT, "token-model training throughput: %d codes per k of data/train, the third "
                + "epoch timed, %d cores, OMP_NUM_THREADS=%s%n", codes,
                Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"));
        System.out.printf(Locale.ROOT, "%-5s %-8s %-2s %8s %9s %9s %9s %10s %10s %6s%n", "run", "engine", "k",
                "codes/s", "features", "fwd+bwd", "optimiser", "ceiling", "GFLOP/s", "util");
        System.out.printf(Locale.ROOT, "%-5s %-8s %-2s %8s %9s %9s %9s %10s %10s %6s%n", "", "", "", "",
                "ms/1000 codes", "", "", "codes/s", "at shapes", "");
        // The first ceiling measured in a process pays for the engines' start-up; measure one and drop it.
        ceiling((MinorTokenModel) RunDefinition.load(runs.get(0)).model(),
                new MinorFeatures(org.mheightlab.data.Group.TASK_N, 4), 256);
        List<String> summary = new ArrayList<>();
        for (String run : runs) {
            RunDefinition def = RunDefinition.load(run);
            MinorTokenModel spec = (MinorTokenModel) def.model();
            List<String> engines = new ArrayList<>(Engines.NAMES);
            engines.remove(def.training().engine());
            engines.add(0, def.training().engine()); // the run's own engine first, then the other
            for (String engine : engines) {
                double seen = 0;
                double secs = 0;
                for (int k = 4; k <= 6; k++) {
                    int kk = k;
                    int[] rows = java.util.stream.IntStream.range(0, all.size()).filter(r -> all.k(r) == kk)
                            .toArray();
                    StepProfile.Totals t = measure(def.training().withEngine(engine), spec, k,
                            subset(spec, all, rows, k, threads, codes));
                    Ceiling ceiling = ceiling(spec, new MinorFeatures(org.mheightlab.data.Group.TASK_N, k),
                            def.training().batchSize());
                    double rate = t.examplesPerSecond();
                    seen += t.examples();
                    secs += t.seconds();
                    double per = 1000.0 / t.examples();
                    System.out.printf(Locale.ROOT, "%-5s %-8s %-2d %8.0f %9.1f %9.1f %9.1f %10.0f %10.1f %6.2f%n",
                            run, engine, k, rate, 1000 * t.featureSeconds() * per,
                            1000 * t.forwardBackwardSeconds() * per, 1000 * t.optimizerSeconds() * per,
                            ceiling.codesPerSecond(), ceiling.gflops(), rate / ceiling.codesPerSecond());
                }
                summary.add(String.format(Locale.ROOT, "%s on %s: %.0f codes/s over k = 4, 5, 6", run, engine,
                        seen / secs));
            }
        }
        summary.forEach(System.out::println);
    }

    /** The first {@code n} labelled codes of k in the bundled training set. */
    private static ModelInputs subset(MinorTokenModel spec, Dataset all, int[] rows, int k, int threads, int n) {
        org.mheightlab.data.ProfileSet codes = org.mheightlab.data.ProfileSet.fromDataset(all.subset(rows), k);
        int[] first = java.util.stream.IntStream.range(0, Math.min(n, codes.size())).toArray();
        return spec.inputs(codes.subset(first), threads);
    }

    /** Epochs trained before the one that is timed. */
    private static final int WARMUP_EPOCHS = 2;

    private static StepProfile.Totals measure(TrainingConfig config, MinorTokenModel spec, int k, ModelInputs train) {
        StepProfile profile = new StepProfile();
        try (Model model = Model.newInstance("bench-k" + k, Device.cpu(), Engines.djlName(config.engine()))) {
            model.setBlock(spec.newBlock(k));
            int[] epoch = {0};
            new HeightTrainer(config.withMaxEpochs(WARMUP_EPOCHS + 1), List.of(), r -> {
                if (++epoch[0] <= WARMUP_EPOCHS) {
                    profile.reset(); // the first epochs warm up (JIT, the engine's kernels); count the last
                }
            }, null).profiled(profile).train(model, train, train);
        }
        return profile.totals();
    }

    /**
     * Codes/s if a training step were only its matrix multiplies at the engine's measured rate for each shape:
     * forward X·W and, backward, the gradients of X and of W (each as many FLOPs as the forward). Also the
     * multiply rate that implies, in GFLOP/s.
     */
    private static Ceiling ceiling(MinorTokenModel spec, MinorFeatures f, int batch) {
        List<long[]> shapes = new ArrayList<>(); // rows, in, out
        List<TokenType> tokenTypes = new ArrayList<>(List.of(
                new TokenType(f.cocircuitCount(), f.cocircuitWidth(), spec.tokenWidths()),
                new TokenType(f.circuitCount(), f.circuitWidth(), spec.tokenWidths()),
                new TokenType(f.columnCount(), f.columnWidth(), spec.tokenWidths())));
        if (spec.pairsAt(f.k())) {
            tokenTypes.add(new TokenType(PairTokens.count(f.n(), f.k()), PairTokens.width(f.k()), spec.pairWidths()));
        }
        long pooled = 0;
        for (TokenType type : tokenTypes) {
            long in = type.width();
            for (int w : type.layers()) {
                shapes.add(new long[] {batch * type.count(), in, w});
                in = w;
            }
            pooled += 2 * in;
        }
        long in = pooled + MinorTokenInputs.statsWidth(f.n(), f.k());
        for (int w : spec.headWidths()) {
            shapes.add(new long[] {batch, in, w});
            in = w;
        }
        shapes.add(new long[] {batch, in, f.n() - f.k()});
        double stepSeconds = 0;
        double flops = 0;
        for (long[] s : shapes) {
            double perCall = Double.POSITIVE_INFINITY;
            for (String engine : Engines.NAMES) {
                try (NDManager manager = Engines.resolve(engine).newBaseManager(Device.cpu())) {
                    NDArray x = manager.randomUniform(-1, 1, new Shape(s[0], s[1]));
                    NDArray w = manager.randomUniform(-1, 1, new Shape(s[1], s[2]));
                    perCall = Math.min(perCall, time(x, w));
                }
            }
            stepSeconds += 3 * perCall;
            flops += 3 * 2.0 * s[0] * s[1] * s[2];
        }
        return new Ceiling(batch / stepSeconds, flops / stepSeconds / 1e9);
    }

    /** A token family's shape: tokens per code, values per token, and its MLP's widths. */
    private record TokenType(long count, long width, List<Integer> layers) {
    }

    /** A ceiling: codes per second, and the multiply rate at the model's shapes behind it. */
    private record Ceiling(double codesPerSecond, double gflops) {
    }

    /**
     * Seconds per X·W: the best of three rounds of at least 0.15 s each, after a warm-up (a ceiling is the rate the
     * machine reaches, so a round slowed by something else on the machine must not lower it).
     */
    private static double time(NDArray x, NDArray w) {
        for (int i = 0; i < 5; i++) {
            x.matMul(w).close();
        }
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 3; round++) {
            int calls = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < 150_000_000L) {
                NDArray y = x.matMul(w);
                y.toFloatArray(); // waits for an asynchronous engine; the copy is small beside the multiply
                y.close();
                calls++;
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9 / calls);
        }
        return best;
    }
}

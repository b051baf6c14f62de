package org.mheightlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.io.CoursePickleFormat;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.io.PickleOptions;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import org.mheightlab.model.FeatureEncoder;
import org.mheightlab.model.HeightModel;
import org.mheightlab.run.LabelledData;
import org.mheightlab.run.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mheight predict}: the course's prediction pickle (a list of floats) for an inputs file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict m-heights for an inputs file and write the course's prediction pickle (a list of",
                "Python floats, one per sample, in input order).",
                "Example: mheight predict runs-out/run7 ../shared/data/course/DS-1-samples_n_k_m_P.pkl --out preds.pkl"})
final class PredictCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A run folder written by mheight train.")
    Path model;

    @Parameters(index = "1", paramLabel = "INPUT", description = "Inputs: X_n_k_m_P.pkl (heights not needed), .csv or .npz.")
    Path input;

    @Option(names = "--out", paramLabel = "FILE", description = "Output pickle (default: predictions.pkl).")
    Path out = Path.of("predictions.pkl");

    @Option(names = "--protocol", defaultValue = "4", description = "Pickle protocol 2 to 5 (default: ${DEFAULT-VALUE}).")
    int protocol;

    @Mixin
    OverwriteOption overwrite;

    @Override
    public Integer call() {
        OptionCheck.between("--protocol", protocol, 2, 5);
        // The input pair's heights file counts as an input too: predictions written over it would corrupt the pair.
        // The run folder and every file in it are inputs as well: predictions written over one, or a new file in
        // it (model/member-0.params), would change the model.
        List<Path> inputs = new java.util.ArrayList<>(OutputGuard.folderInputs(model));
        inputs.addAll(DatasetFiles.files(input));
        OutputGuard.files("--out", overwrite.overwrite, List.of(out), inputs);
        RunFolder folder = RunFolder.open(model);
        String name = folder.definition().name();
        try (HeightModel m = folder.models()) {
            Dataset d = LabelledData.forPrediction(input, FeatureEncoder.task());
            double[] h = m.predict(d);
            AtomicFiles.write(out, CoursePickleFormat.heightsWriter(h, new PickleOptions(protocol, 1)),
                    overwrite.overwrite);
            System.out.printf("predicted %d heights with %s; wrote %s%n", h.length, name, out);
        }
        return 0;
    }
}

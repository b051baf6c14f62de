package org.mheightlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mheightlab.data.Dataset;
import org.mheightlab.data.gen.GenerationProvenance;
import org.mheightlab.data.io.CoursePickleFormat;
import org.mheightlab.data.io.DatasetFiles;
import org.mheightlab.data.io.DatasetFormat;
import org.mheightlab.files.AtomicFiles;
import org.mheightlab.files.OutputGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mheight convert}: between the course pickle pair, CSV and npz. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a dataset between the course pickle pair, CSV and npz.",
                "A pickle input without a heights file is converted as unlabelled inputs.",
                "Example: mheight convert ../shared/data/course/DS-1-samples_n_k_m_P.pkl ds1.csv"})
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Input dataset (.csv, .npz, X_n_k_m_P.pkl or prefix X).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output dataset (.csv, .npz, or pickle prefix / X_n_k_m_P.pkl).")
    Path out;

    @Option(names = "--heights", paramLabel = "FILE", description = "The heights pickle of IN (default: beside it).")
    Path heights;

    @Mixin
    OutputOptions output;

    @Mixin
    OverwriteOption overwrite;

    @Override
    public Integer call() {
        output.check();
        DatasetFormat format = output.format(out);
        List<Path> outputs = DatasetFiles.outputFiles(out, format);
        // A provenance sidecar of an earlier generate at this place would describe the old data: it goes too.
        Path staleSidecar = GenerationProvenance.sidecarFor(outputs.get(0));
        List<Path> touched = new ArrayList<>(outputs);
        touched.add(staleSidecar);
        List<Path> inputs = new ArrayList<>(DatasetFiles.files(in));
        if (heights != null) {
            inputs.add(heights);
        }
        OutputGuard.files("OUT", overwrite.overwrite, touched, inputs);
        Dataset data = read();
        List<Path> files;
        try (AtomicFiles.Batch batch = AtomicFiles.batch(overwrite.overwrite)) {
            files = DatasetFiles.stage(batch, data, out, format, output.pickle());
            batch.remove(staleSidecar);
            batch.commit();
        }
        System.out.printf("converted %d samples (%s)%n", data.size(), data.isLabelled() ? "labelled" : "unlabelled");
        files.forEach(f -> System.out.println("wrote " + f));
        return 0;
    }

    private Dataset read() {
        if (heights != null || DatasetFormat.of(in) != DatasetFormat.PICKLE) {
            return DatasetFiles.read(in, heights);
        }
        Path inputs = DatasetFiles.inputsToRead(in);
        return Files.exists(CoursePickleFormat.heightsFileFor(inputs)) ? DatasetFiles.read(inputs)
                : DatasetFiles.readInputs(inputs);
    }
}

package org.mheightlab.cli;

import java.nio.file.Path;
import org.mheightlab.data.io.DatasetFormat;
import org.mheightlab.data.io.PickleOptions;
import picocli.CommandLine.Option;

/** Options shared by the commands that write a dataset. */
final class OutputOptions {

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "pickle (course pair X_n_k_m_P.pkl + X_mHeights.pkl), csv or npz; default from the file name.")
    String format;

    @Option(names = "--protocol", defaultValue = "4", description = "Pickle protocol 2 to 5 (default: ${DEFAULT-VALUE}).")
    int protocol;

    @Option(names = "--numpy", defaultValue = "1",
            description = "numpy module names in pickles: 1 (loads in numpy 1 and 2) or 2 (numpy ≥ 2 only, like the "
                    + "course files). Default: ${DEFAULT-VALUE}.")
    int numpy;

    /** Range checks, before any work (the same as PickleOptions', but naming the options). */
    void check() {
        OptionCheck.between("--protocol", protocol, 2, 5);
        OptionCheck.between("--numpy", numpy, 1, 2);
    }

    DatasetFormat format(Path out) {
        return format == null ? DatasetFormat.of(out) : DatasetFormat.parse(format);
    }

    PickleOptions pickle() {
        return new PickleOptions(protocol, numpy);
    }
}

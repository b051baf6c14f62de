package org.mheightlab.cli;

import picocli.CommandLine.Option;

/** {@code --overwrite}: the user's permission to replace an existing output (see OutputGuard for what may be). */
final class OverwriteOption {

    @Option(names = "--overwrite", description = "Replace an existing output (a dataset file, or a folder this "
            + "command wrote before). Without it an existing output is refused; other folders never are replaced.")
    boolean overwrite;
}

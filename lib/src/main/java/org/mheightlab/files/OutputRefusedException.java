package org.mheightlab.files;

/**
 * A command refused to write where it was told to (the output is an input, exists without --overwrite, or is a
 * folder that is not ours). Bad input like any other: the command line reports it with exit code 2.
 */
public final class OutputRefusedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public OutputRefusedException(String message) {
        super(message);
    }
}

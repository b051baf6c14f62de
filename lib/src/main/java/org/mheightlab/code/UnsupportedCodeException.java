package org.mheightlab.code;

/**
 * A P the exact engine refuses because double arithmetic cannot give its height reliably: an entry that is
 * NaN, infinite or outside {@link ExactHeightCalculator#MIN_NONZERO_ENTRY}…{@link ExactHeightCalculator#MAX_ENTRY}
 * in magnitude, or (a safety net) a code whose vertex codewords overflow double.
 *
 * <p>It is an {@link IllegalArgumentException}, so the CLI reports it as bad input (exit 2). Callers that know
 * where P came from (a file, a sample) build their own message from {@link #problem()}, which does not start
 * with "P" so that it reads well after "file: sample i, field 'P': ".
 */
public final class UnsupportedCodeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String problem;

    UnsupportedCodeException(String problem) {
        super("P " + problem);
        this.problem = problem;
    }

    /** What is wrong, without naming P, e.g. "entry [0][1] = 1.0E308 is outside the supported range ...". */
    public String problem() {
        return problem;
    }
}

package org.mheightlab.data.io;

/**
 * How to write a course pickle: the pickle protocol (2 to 5) and which numpy's module names to use. The
 * default — protocol 4 with numpy 1 names — loads in both numpy 1 and numpy 2.
 */
public record PickleOptions(int protocol, int numpyMajor) {

    public static final PickleOptions DEFAULT = new PickleOptions(4, 1);

    public PickleOptions {
        if (protocol < 2 || protocol > 5) {
            throw new IllegalArgumentException("pickle protocol must be 2 to 5, got " + protocol);
        }
        if (numpyMajor != 1 && numpyMajor != 2) {
            throw new IllegalArgumentException("numpy version must be 1 or 2, got " + numpyMajor);
        }
    }
}

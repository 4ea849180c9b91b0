package org.neurofusion.modalities.signal;

/** Argument checks shared by the signal operations, so every one rejects bad input with the same words. */
final class SignalChecks {
    private SignalChecks() {
    }

    /** Throws naming the first NaN or infinite sample: such a sample would silently spread through a filter. */
    static void requireFinite(double[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(what + " has a non-finite sample (" + x[i] + ") at index " + i);
            }
        }
    }

    /** Float version of {@link #requireFinite(double[], String)}. */
    static void requireFinite(float[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException(what + " has a non-finite sample (" + x[i] + ") at index " + i);
            }
        }
    }

    static void requireNonEmpty(int length, String what) {
        if (length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
    }

    static void requireRate(double fs) {
        if (!(fs > 0) || Double.isInfinite(fs)) {
            throw new IllegalArgumentException("sampling rate must be a positive finite number of Hz, got " + fs);
        }
    }
}

package org.neurofusion.modalities.signal;

/**
 * Applies a symmetric, odd-length FIR filter with zero phase, as MNE-Python does by default: the signal is
 * extended at each end by its point reflection ("reflect_limited": as far as the signal reaches, zeros
 * beyond), convolved, and the filter's delay removed. {@link #apply} convolves directly or by FFT
 * overlap-add ({@link OverlapAddFir}), whichever costs fewer operations; both give the same numbers.
 */
public final class ZeroPhaseFir {
    private ZeroPhaseFir() {
    }

    /** Writes a signal's n samples into {@code dst[offset .. offset + n)}: from an array, or from a recording. */
    @FunctionalInterface
    interface Samples {
        void fill(double[] dst, int offset);
    }

    /** Samples per end by which a signal of {@code n} samples is extended for {@code taps} taps. */
    static int edge(int taps, int n) {
        return Math.max(Math.min(taps, n) - 1, 0);
    }

    /**
     * Filters the {@code n} samples of {@code samples}, which are written straight into the middle of the
     * padded work array {@code work} (no separate copy of the signal; a new one when null or too short),
     * through {@code fft} when not null, directly otherwise. The caller has checked the samples are finite.
     */
    static double[] apply(double[] h, int n, Samples samples, OverlapAddFir fft, double[] work) {
        if (n == 0) {
            return new double[0];
        }
        int edge = edge(h.length, n);
        double[] xp = padded(n, edge, edge, samples, work);
        return fft != null ? fft.applyPadded(xp, n, edge) : directPadded(h, xp, n, edge);
    }

    /**
     * Filters {@code x} with taps {@code h} (odd length), by direct convolution or FFT overlap-add as
     * {@link #prefersFft} decides; returns a new array of the same length.
     */
    public static double[] apply(double[] h, double[] x) {
        if (prefersFft(h.length, x.length)) {
            return OverlapAddFir.forSignalLength(h, x.length).apply(x);
        }
        return direct(h, x);
    }

    /**
     * Filters every row of {@code x} with the same taps (one FFT plan for rows of one length), on
     * {@code threads} threads.
     */
    public static double[][] applyAll(double[] h, double[][] x, int threads) {
        java.util.Map<Integer, OverlapAddFir> plans = new java.util.concurrent.ConcurrentHashMap<>();
        return OverlapAddFir.forEachRow(x, threads, row -> prefersFft(h.length, row.length)
                ? plans.computeIfAbsent(row.length, n -> OverlapAddFir.forSignalLength(h, n)).apply(row)
                : direct(h, row));
    }

    /**
     * Whether overlap-add is cheaper than direct convolution: direct costs about n × taps multiply-adds;
     * overlap-add about blocks × nfft × (log2 nfft + 1) × 3 (forward and inverse transform, complex
     * product), with MNE's block length. Short filters (below 64 taps) always go direct.
     */
    static boolean prefersFft(int taps, int n) {
        if (taps < 64 || n == 0) {
            return false;
        }
        int edge = Math.max(Math.min(taps, n) - 1, 0);
        int padded = n + 2 * edge;
        int nfft = OverlapAddFir.mneFftLength(taps, padded);
        double blocks = Math.ceil(padded / (double) (nfft - taps + 1));
        double fftCost = 3 * blocks * nfft * (Math.log(nfft) / Math.log(2) + 1);
        return fftCost < (double) n * taps;
    }

    /** Direct convolution, O(n × taps): the definition the FFT path is checked against. */
    public static double[] direct(double[] h, double[] x) {
        if (h.length % 2 == 0) {
            throw new IllegalArgumentException("a zero-phase FIR filter needs an odd number of taps, got " + h.length);
        }
        SignalChecks.requireFinite(x, "signal");
        int n = x.length;
        if (n == 0) {
            return new double[0];
        }
        int edge = edge(h.length, n);
        return directPadded(h, pad(x, edge), n, edge);
    }

    /** Direct convolution of {@code n} samples held in {@code xp} extended by {@code edge} at each end. */
    private static double[] directPadded(double[] h, double[] xp, int n, int edge) {
        int half = (h.length - 1) / 2;
        int paddedLength = n + 2 * edge;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            // y[i] = sum_k h[k] * xp[i + edge + half - k]
            int centre = i + edge + half;
            double s = 0;
            for (int k = 0; k < h.length; k++) {
                int j = centre - k;
                if (j >= 0 && j < paddedLength) {
                    s += h[k] * xp[j];
                }
            }
            y[i] = s;
        }
        return y;
    }

    /** Point reflection at both ends, limited to the signal's length and zero-padded beyond (MNE's rule). */
    static double[] pad(double[] x, int edge) {
        return pad(x, edge, edge);
    }

    /**
     * MNE's {@code _smart_pad(x, (left, right), 'reflect_limited')}: {@code 2 x[0] − x[k]} before the start
     * and {@code 2 x[n−1] − x[n−1−k]} after the end, for k up to n − 1, zeros beyond.
     */
    static double[] pad(double[] x, int left, int right) {
        return padded(x.length, left, right, (dst, offset) -> System.arraycopy(x, 0, dst, offset, x.length), null);
    }

    /**
     * As {@link #pad(double[], int, int)}, the n samples written in place by {@code samples}, into
     * {@code work[0 .. n + left + right)} when it is long enough (a reused work array), else a new array.
     */
    static double[] padded(int n, int left, int right, Samples samples, double[] work) {
        int length = n + left + right;
        double[] out = work != null && work.length >= length ? work : new double[length];
        samples.fill(out, left);
        int reflectL = Math.min(left, n - 1);
        // Zeros beyond the reach of the reflection (a work array holds old values there).
        java.util.Arrays.fill(out, 0, left - reflectL, 0);
        int p = left - reflectL;
        for (int k = reflectL; k >= 1; k--) {
            out[p++] = 2 * out[left] - out[left + k];
        }
        int last = left + n - 1;
        int reflectR = Math.min(right, n - 1);
        for (int k = 1; k <= reflectR; k++) {
            out[last + k] = 2 * out[last] - out[last - k];
        }
        java.util.Arrays.fill(out, last + 1 + reflectR, length, 0);
        return out;
    }
}

package org.neurofusion.modalities.signal;

/**
 * Applies a symmetric, odd-length FIR filter with zero phase, as MNE-Python does by default: the signal is
 * extended at each end by its point reflection ("reflect_limited": as far as the signal reaches, zeros
 * beyond), convolved, and the filter's delay removed.
 */
public final class ZeroPhaseFir {
    private ZeroPhaseFir() {
    }

    /** Filters {@code x} with taps {@code h} (odd length); returns a new array of the same length. */
    public static double[] apply(double[] h, double[] x) {
        if (h.length % 2 == 0) {
            throw new IllegalArgumentException("a zero-phase FIR filter needs an odd number of taps, got " + h.length);
        }
        int n = x.length;
        if (n == 0) {
            return new double[0];
        }
        int edge = Math.max(Math.min(h.length, n) - 1, 0);
        double[] xp = pad(x, edge);
        int half = (h.length - 1) / 2;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            // y[i] = sum_k h[k] * xp[i + edge + half - k]
            int centre = i + edge + half;
            double s = 0;
            for (int k = 0; k < h.length; k++) {
                int j = centre - k;
                if (j >= 0 && j < xp.length) {
                    s += h[k] * xp[j];
                }
            }
            y[i] = s;
        }
        return y;
    }

    /** Point reflection at both ends, limited to the signal's length and zero-padded beyond (MNE's rule). */
    static double[] pad(double[] x, int edge) {
        int n = x.length;
        int reflect = Math.min(edge, n - 1);
        int zeros = edge - reflect;
        double[] out = new double[n + 2 * edge];
        int p = zeros;
        for (int k = reflect; k >= 1; k--) {
            out[p++] = 2 * x[0] - x[k];
        }
        System.arraycopy(x, 0, out, p, n);
        p += n;
        for (int k = 1; k <= reflect; k++) {
            out[p++] = 2 * x[n - 1] - x[n - 1 - k];
        }
        return out;
    }
}

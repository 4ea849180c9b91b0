package org.neurofusion.datasets.simulate;

import org.neurofusion.modalities.signal.Fft;

/**
 * The canonical double-gamma haemodynamic response function (Friston et al. 1998; Glover 1999; SPM's
 * {@code spm_hrf}): a gamma density of shape {@code delay} and scale {@code dispersion} seconds, minus a sixth of
 * one of shape {@code delay + 10}. With SPM's defaults (delay 6, dispersion 1) it peaks about 5 s after an impulse
 * and undershoots around 15 s; a 10 s block gives its peak about 5–8 s after onset and its maximum near 11 s,
 * the course fNIRS HbO shows in motor tasks (e.g. Obrig & Villringer 2003).
 */
public final class Hrf {
    /** SPM's ratio of undershoot to response. */
    public static final double UNDERSHOOT_RATIO = 1.0 / 6.0;
    /** Length of the sampled kernel (s); the undershoot has returned to baseline by then. */
    public static final double LENGTH = 32;

    private Hrf() {
    }

    /** The HRF sampled every {@code dt} s from 0 to {@link #LENGTH}, normalised to unit sum. */
    public static double[] kernel(double delay, double dispersion, double dt) {
        int n = (int) Math.round(LENGTH / dt);
        double[] a = gamma(delay, dispersion, dt, n);
        double[] b = gamma(delay + 10, dispersion, dt, n);
        double[] h = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            h[i] = a[i] - UNDERSHOOT_RATIO * b[i];
            sum += h[i];
        }
        for (int i = 0; i < n; i++) {
            h[i] /= sum;
        }
        return h;
    }

    /** A gamma density of this shape and scale, sampled and normalised numerically to unit sum. */
    private static double[] gamma(double shape, double scale, double dt, int n) {
        double[] g = new double[n];
        double sum = 0;
        for (int i = 1; i < n; i++) {
            double t = i * dt / scale;
            // In logs: t^(shape-1) overflows nothing, but the exp of the sum is steadier for large shapes.
            g[i] = Math.exp((shape - 1) * Math.log(t) - t);
            sum += g[i];
        }
        for (int i = 0; i < n; i++) {
            g[i] /= sum;
        }
        return g;
    }

    /** Causal convolution of {@code x} with {@code h}: y[i] = Σ h[j]·x[i−j], zero before the start (by FFT). */
    public static double[] convolve(double[] x, double[] h) {
        int m = Integer.highestOneBit(Math.max(2, x.length + h.length - 1)) << 1;
        Fft fft = Fft.of(m);
        double[] a = new double[m];
        double[] b = new double[m];
        System.arraycopy(x, 0, a, 0, x.length);
        System.arraycopy(h, 0, b, 0, h.length);
        double[] fa = new double[2 * fft.bins()];
        double[] fb = new double[2 * fft.bins()];
        fft.forward(a, fa);
        fft.forward(b, fb);
        for (int k = 0; k < fft.bins(); k++) {
            double re = fa[2 * k] * fb[2 * k] - fa[2 * k + 1] * fb[2 * k + 1];
            double im = fa[2 * k] * fb[2 * k + 1] + fa[2 * k + 1] * fb[2 * k];
            fa[2 * k] = re;
            fa[2 * k + 1] = im;
        }
        fft.inverse(fa, a);
        return java.util.Arrays.copyOf(a, x.length);
    }
}

package org.neurofusion.datasets.simulate.realism;

import java.util.Arrays;
import org.neurofusion.modalities.signal.Welch;

/**
 * The numbers behind the realism statistics, on plain arrays: moments, correlation, the aperiodic (1/f) fit of a
 * spectrum and the height of a peak above it, windowed power variability and threshold events. Kept apart from
 * the recording handling so that each can be checked against a hand computation.
 */
public final class Measures {
    private Measures() {
    }

    /** A straight line {@code log10 P = intercept + slope · log10 f} fitted to a spectrum. */
    public record AperiodicFit(double slope, double intercept) {
        /** The fitted log10 density at {@code f} Hz. */
        public double log10At(double f) {
            return intercept + slope * Math.log10(f);
        }
    }

    /** A spectral peak: its frequency and its height above the aperiodic fit in dB. */
    public record Peak(double frequency, double prominenceDb) {
    }

    /** Arithmetic mean. */
    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Population standard deviation (divides by n). */
    public static double std(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }

    /** Root mean square about zero. */
    public static double rms(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s / x.length);
    }

    /** Pearson's kurtosis, m4 / m2² (3 for a Gaussian; not the excess). */
    public static double kurtosis(double[] x) {
        double m = mean(x);
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            double d = (v - m) * (v - m);
            m2 += d;
            m4 += d * d;
        }
        m2 /= x.length;
        m4 /= x.length;
        return m4 / (m2 * m2);
    }

    /** Pearson correlation; NaN when either series is constant. */
    public static double correlation(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("correlation of series of " + a.length + " and " + b.length
                    + " values");
        }
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Double.NaN;
    }

    /** Median of the values (NaN for none); the input is not changed. */
    public static double median(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Least-squares line through (log10 f, log10 density) for the bins in [low, high] Hz outside the excluded
     * band [excludeLow, excludeHigh] (pass NaN to exclude nothing); bins with zero density are skipped.
     */
    public static AperiodicFit aperiodicFit(Welch.Psd psd, double low, double high, double excludeLow,
            double excludeHigh) {
        double[] f = psd.frequencies();
        double[] p = psd.density();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int i = 0; i < f.length; i++) {
            boolean excluded = f[i] >= excludeLow && f[i] <= excludeHigh;
            if (f[i] >= low && f[i] <= high && !excluded && p[i] > 0) {
                double x = Math.log10(f[i]);
                double y = Math.log10(p[i]);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                n++;
            }
        }
        if (n < 3) {
            throw new IllegalArgumentException("the aperiodic fit over " + low + "-" + high + " Hz has " + n
                    + " usable bins; it needs at least 3 (is the signal too short or the rate too low?)");
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return new AperiodicFit(slope, (sy - slope * sx) / n);
    }

    /** The bin in [low, high] Hz highest above the fit, and its height there in dB (10 · log10 of the ratio). */
    public static Peak peak(Welch.Psd psd, AperiodicFit fit, double low, double high) {
        double[] f = psd.frequencies();
        double[] p = psd.density();
        double best = Double.NEGATIVE_INFINITY;
        double at = Double.NaN;
        for (int i = 0; i < f.length; i++) {
            if (f[i] >= low && f[i] <= high && p[i] > 0) {
                double residual = Math.log10(p[i]) - fit.log10At(f[i]);
                if (residual > best) {
                    best = residual;
                    at = f[i];
                }
            }
        }
        if (Double.isNaN(at)) {
            throw new IllegalArgumentException("no spectral bin with power in " + low + "-" + high + " Hz");
        }
        return new Peak(at, 10 * best);
    }

    /** Mean of x² in consecutive non-overlapping windows of {@code window} samples (a partial tail is dropped). */
    public static double[] windowPower(double[] x, int window) {
        int n = x.length / window;
        double[] out = new double[n];
        for (int w = 0; w < n; w++) {
            double s = 0;
            for (int i = w * window; i < (w + 1) * window; i++) {
                s += x[i] * x[i];
            }
            out[w] = s / window;
        }
        return out;
    }

    /** Coefficient of variation, std / mean (NaN for fewer than two values). */
    public static double cv(double[] x) {
        return x.length < 2 ? Double.NaN : std(x) / mean(x);
    }

    /**
     * Excursions of |x| above {@code threshold}: a new one starts where |x| rises above it at least
     * {@code refractory} samples after the previous one ended, so that one blink counts once.
     */
    public static int excursions(double[] x, double threshold, int refractory) {
        int count = 0;
        int lastAbove = Integer.MIN_VALUE / 2;
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) > threshold) {
                if (i - lastAbove > refractory) {
                    count++;
                }
                lastAbove = i;
            }
        }
        return count;
    }

    /** Mean of x over samples [from, to) clipped to the array; NaN when nothing is left. */
    public static double meanOver(double[] x, int from, int to) {
        int a = Math.max(0, from);
        int b = Math.min(x.length, to);
        if (b <= a) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = a; i < b; i++) {
            s += x[i];
        }
        return s / (b - a);
    }
}

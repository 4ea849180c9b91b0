package org.neurofusion.modalities.signal;

/**
 * Power spectral density by Welch's method, as SciPy's {@code welch(x, fs, window='hann', nperseg=256,
 * noverlap=None, detrend='constant', scaling='density', average='mean')}: periodic Hann segments overlapping
 * by half, each with its mean removed, one-sided density in units²/Hz averaged over segments.
 */
public final class Welch {
    /** SciPy's default segment length. */
    public static final int DEFAULT_SEGMENT = 256;

    /** Frequencies (Hz) and the density at each. */
    public record Psd(double[] frequencies, double[] density) {
        public Psd {
            if (frequencies.length != density.length) {
                throw new IllegalArgumentException("one density value per frequency");
            }
            frequencies = frequencies.clone();
            density = density.clone();
        }

        @Override
        public double[] frequencies() {
            return frequencies.clone();
        }

        @Override
        public double[] density() {
            return density.clone();
        }

        /**
         * Power in [low, high] Hz: the trapezoidal integral of the density over the bins that lie in the
         * band, ends included (SciPy's {@code trapezoid(psd[mask], f[mask])}); zero when fewer than two bins
         * fall inside.
         */
        public double bandPower(double low, double high) {
            if (!(low >= 0) || !(high > low)) {
                throw new IllegalArgumentException("band [" + low + ", " + high + "] Hz must have 0 <= low < high");
            }
            double sum = 0;
            int prev = -1;
            for (int i = 0; i < frequencies.length; i++) {
                if (frequencies[i] >= low && frequencies[i] <= high) {
                    if (prev >= 0) {
                        sum += (frequencies[i] - frequencies[prev]) * (density[i] + density[prev]) / 2;
                    }
                    prev = i;
                }
            }
            return sum;
        }
    }

    private Welch() {
    }

    /** Welch's PSD with SciPy's defaults (segments of 256 samples, or the whole signal if shorter). */
    public static Psd psd(double[] x, double fs) {
        return psd(x, fs, DEFAULT_SEGMENT);
    }

    /** Welch's PSD with segments of {@code nperseg} samples (shortened to the signal), half overlapping. */
    public static Psd psd(double[] x, double fs, int nperseg) {
        SignalChecks.requireRate(fs);
        SignalChecks.requireNonEmpty(x.length, "signal");
        SignalChecks.requireFinite(x, "signal");
        if (nperseg < 1) {
            throw new IllegalArgumentException("segment length must be >= 1, got " + nperseg);
        }
        int m = Math.min(nperseg, x.length);
        int overlap = m / 2;
        int step = m - overlap;
        int segments = (x.length - overlap) / step;
        double[] win = new double[m];
        double winPower = 0;
        for (int i = 0; i < m; i++) {
            win[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / m);
            winPower += win[i] * win[i];
        }
        double scale = 1.0 / (fs * winPower);
        Fft fft = Fft.of(m);
        int bins = fft.bins();
        double[] seg = new double[m];
        double[] spec = new double[2 * bins];
        double[] acc = new double[bins];
        for (int s = 0; s < segments; s++) {
            int start = s * step;
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += x[start + i];
            }
            mean /= m;
            for (int i = 0; i < m; i++) {
                seg[i] = (x[start + i] - mean) * win[i];
            }
            fft.forward(seg, spec);
            for (int k = 0; k < bins; k++) {
                double p = (spec[2 * k] * spec[2 * k] + spec[2 * k + 1] * spec[2 * k + 1]) * scale;
                // One-sided: every bin but DC (and Nyquist for even lengths) stands for two.
                boolean single = k == 0 || (m % 2 == 0 && k == bins - 1);
                acc[k] += single ? p : 2 * p;
            }
        }
        double[] f = new double[bins];
        double val = 1.0 / (m * (1.0 / fs));
        for (int k = 0; k < bins; k++) {
            f[k] = k * val;
            acc[k] /= segments;
        }
        return new Psd(f, acc);
    }
}

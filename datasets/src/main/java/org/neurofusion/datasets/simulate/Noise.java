package org.neurofusion.datasets.simulate;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.neurofusion.modalities.signal.Fft;

/**
 * Gaussian noise with a prescribed spectrum, made in the frequency domain: each bin of the band gets a complex
 * Gaussian coefficient scaled by the amplitude spectrum, one inverse FFT gives the series, which is then scaled
 * to unit standard deviation. Only the bins inside the band draw random numbers, so a narrow rhythm in a long
 * recording costs one FFT and few draws.
 */
final class Noise {
    private Noise() {
    }

    /**
     * {@code n} samples at {@code fs} with amplitude spectrum {@code amplitude(f)} on [low, high] Hz and zero
     * elsewhere, unit standard deviation (all zeros when the band holds no bin).
     */
    static double[] shaped(SplittableRandom rnd, int n, double fs, double low, double high,
            DoubleUnaryOperator amplitude) {
        int m = Integer.highestOneBit(Math.max(2, n - 1)) << 1;
        Fft fft = Fft.of(m);
        double[] spec = new double[2 * fft.bins()];
        double df = fs / m;
        int k0 = Math.max(1, (int) Math.ceil(low / df));
        int k1 = Math.min(fft.bins() - 2, (int) Math.floor(high / df));
        for (int k = k0; k <= k1; k++) {
            double a = amplitude.applyAsDouble(k * df);
            spec[2 * k] = a * rnd.nextGaussian();
            spec[2 * k + 1] = a * rnd.nextGaussian();
        }
        double[] full = new double[m];
        fft.inverse(spec, full);
        double[] x = java.util.Arrays.copyOf(full, n);
        normalise(x);
        return x;
    }

    /** A rhythm: a Gaussian spectral peak at {@code f0} with standard deviation {@code width} Hz. */
    static double[] rhythm(SplittableRandom rnd, int n, double fs, double f0, double width) {
        double lo = Math.max(0.1, f0 - 4 * width);
        double hi = Math.min(fs / 2 * 0.98, f0 + 4 * width);
        return shaped(rnd, n, fs, lo, hi, f -> Math.exp(-0.5 * Math.pow((f - f0) / width, 2)));
    }

    /** Aperiodic 1/f^exponent power spectrum (amplitude f^(-exponent/2)) from {@code low} Hz to {@code high}. */
    static double[] powerLaw(SplittableRandom rnd, int n, double fs, double exponent, double low, double high) {
        return shaped(rnd, n, fs, low, high, f -> Math.pow(f, -exponent / 2));
    }

    /** Flat-spectrum noise band-limited to [low, high] Hz, with raised-cosine edges a tenth of the band wide. */
    static double[] band(SplittableRandom rnd, int n, double fs, double low, double high) {
        double edge = (high - low) / 10;
        return shaped(rnd, n, fs, Math.max(0, low - edge), high + edge, f -> {
            if (f < low) {
                return 0.5 * (1 + Math.cos(Math.PI * (low - f) / edge));
            }
            if (f > high) {
                return 0.5 * (1 + Math.cos(Math.PI * (f - high) / edge));
            }
            return 1;
        });
    }

    /** Scales {@code x} in place to zero mean and unit standard deviation (leaves an all-zero series). */
    static void normalise(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] -= mean;
            ss += x[i] * x[i];
        }
        double sd = Math.sqrt(ss / x.length);
        if (sd > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] /= sd;
            }
        }
    }

    /** Linear interpolation of {@code y} (sampled at {@code t0 + i·dt}) at time {@code t}, clamped at the ends. */
    static double interpolate(double[] y, double t0, double dt, double t) {
        double pos = (t - t0) / dt;
        if (pos <= 0) {
            return y[0];
        }
        int i = (int) pos;
        if (i >= y.length - 1) {
            return y[y.length - 1];
        }
        double f = pos - i;
        return y[i] + f * (y[i + 1] - y[i]);
    }
}

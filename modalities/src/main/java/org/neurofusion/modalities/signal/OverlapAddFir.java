package org.neurofusion.modalities.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Zero-phase FIR filtering by FFT overlap-add, as MNE-Python's {@code _overlap_add_filter} does it: the
 * signal is extended by its limited point reflection ({@link ZeroPhaseFir#pad}), cut into blocks of
 * nfft − taps + 1 samples, each block multiplied by the filter's spectrum, and the overlapping tails added.
 * The result equals direct convolution ({@link ZeroPhaseFir#direct}) to rounding, at O(N log nfft) cost
 * instead of O(N × taps). One instance holds the filter's spectrum for one FFT length and can filter any
 * number of signals, from any number of threads.
 */
public final class OverlapAddFir {
    private final double[] taps;
    private final int nfft;
    private final double[] spectrum;
    /** The spectrum divided by nfft, for {@link Fft#convolve}. */
    private final double[] scaledSpectrum;
    private volatile float[] floatSpectrum;

    /**
     * @param taps symmetric filter of odd length
     * @param nfft block FFT length, at least 2 × taps − 1
     */
    public OverlapAddFir(double[] taps, int nfft) {
        if (taps.length % 2 == 0) {
            throw new IllegalArgumentException("a zero-phase FIR filter needs an odd number of taps, got "
                    + taps.length);
        }
        SignalChecks.requireFinite(taps, "filter");
        if (nfft < 2 * taps.length - 1) {
            throw new IllegalArgumentException("FFT length " + nfft + " is shorter than 2 × taps − 1 = "
                    + (2 * taps.length - 1));
        }
        this.taps = taps.clone();
        this.nfft = nfft;
        double[] padded = new double[nfft];
        System.arraycopy(taps, 0, padded, 0, taps.length);
        spectrum = new double[2 * (nfft / 2 + 1)];
        Fft.of(nfft).forward(padded, spectrum);
        scaledSpectrum = new double[spectrum.length];
        for (int k = 0; k < spectrum.length; k++) {
            scaledSpectrum[k] = spectrum[k] / nfft;
        }
    }

    /** The filter with MNE's FFT length for signals of {@code signalLength} samples. */
    public static OverlapAddFir forSignalLength(double[] taps, int signalLength) {
        int edge = Math.max(Math.min(taps.length, signalLength) - 1, 0);
        return new OverlapAddFir(taps, mneFftLength(taps.length, signalLength + 2 * edge));
    }

    /**
     * MNE's choice of block length: the power of two between 2 × taps − 1 and the padded length that
     * minimises blocks × n (log2 n + 1) + 4e-5 × n × padded length; one block (the next power of two, a
     * fast FFTW size) when the signal is shorter than the filter.
     */
    public static int mneFftLength(int taps, int paddedLength) {
        int minFft = 2 * taps - 1;
        if (paddedLength < minFft) {
            return 1 << ceilLog2(minFft);
        }
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        int lo = ceilLog2(minFft);
        int hi = ceilLog2(paddedLength);
        for (int e = lo; e <= hi; e++) {
            long n = 1L << e;
            double cost = Math.ceil(paddedLength / (double) (n - taps + 1)) * n * (e + 1) + 4e-5 * n * paddedLength;
            if (cost < bestCost) {
                bestCost = cost;
                best = (int) n;
            }
        }
        return best;
    }

    private static int ceilLog2(int v) {
        return v <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(v - 1);
    }

    /** The block FFT length. */
    public int fftLength() {
        return nfft;
    }

    /** The filter taps (a copy). */
    public double[] taps() {
        return taps.clone();
    }

    /** Filters {@code x}; returns a new array of the same length. */
    public double[] apply(double[] x) {
        SignalChecks.requireFinite(x, "signal");
        int n = x.length;
        if (n == 0) {
            return new double[0];
        }
        int edge = ZeroPhaseFir.edge(taps.length, n);
        return applyPadded(ZeroPhaseFir.pad(x, edge), n, edge);
    }

    /**
     * Filters a signal of {@code n} samples that {@code xp[0 .. n + 2 × edge)} holds extended at each end by
     * {@link ZeroPhaseFir#pad} ({@code xp} may be longer: a reused work array).
     */
    double[] applyPadded(double[] xp, int n, int edge) {
        int paddedLength = n + 2 * edge;
        int shift = edge + (taps.length - 1) / 2;
        int seg = nfft - taps.length + 1;
        Fft fft = Fft.of(nfft);
        double[] block = new double[nfft];
        double[] y = new double[n];
        // Block starting at s contributes to full-convolution indices [s, s + nfft); output i is index i + shift.
        int first = Math.max(0, (shift - nfft + 1) / seg * seg);
        for (int s = first; s < paddedLength && s < shift + n; s += seg) {
            int len = Math.min(seg, paddedLength - s);
            System.arraycopy(xp, s, block, 0, len);
            java.util.Arrays.fill(block, len, nfft, 0);
            fft.convolve(block, scaledSpectrum);
            int from = Math.max(0, shift - s);
            int to = Math.min(nfft, shift + n - s);
            for (int k = from; k < to; k++) {
                y[s + k - shift] += block[k];
            }
        }
        return y;
    }

    /** Single-precision filtering through {@link FloatFft}: about 1e-6 relative error, half the traffic. */
    public float[] apply(float[] x) {
        SignalChecks.requireFinite(x, "signal");
        int n = x.length;
        if (n == 0) {
            return new float[0];
        }
        float[] h = floatSpectrum();
        int edge = Math.max(Math.min(taps.length, n) - 1, 0);
        double[] xd = new double[n];
        for (int i = 0; i < n; i++) {
            xd[i] = x[i];
        }
        double[] padded = ZeroPhaseFir.pad(xd, edge);
        float[] xp = new float[padded.length];
        for (int i = 0; i < xp.length; i++) {
            xp[i] = (float) padded[i];
        }
        int shift = edge + (taps.length - 1) / 2;
        int seg = nfft - taps.length + 1;
        FloatFft fft = FloatFft.of(nfft);
        float[] block = new float[nfft];
        float[] spec = new float[h.length];
        float[] y = new float[n];
        int first = Math.max(0, (shift - nfft + 1) / seg * seg);
        for (int s = first; s < xp.length && s < shift + n; s += seg) {
            int len = Math.min(seg, xp.length - s);
            System.arraycopy(xp, s, block, 0, len);
            java.util.Arrays.fill(block, len, nfft, 0f);
            fft.forward(block, spec);
            for (int k = 0; k < spec.length; k += 2) {
                float re = spec[k] * h[k] - spec[k + 1] * h[k + 1];
                spec[k + 1] = spec[k] * h[k + 1] + spec[k + 1] * h[k];
                spec[k] = re;
            }
            fft.inverse(spec, block);
            int from = Math.max(0, shift - s);
            int to = Math.min(nfft, shift + n - s);
            for (int k = from; k < to; k++) {
                y[s + k - shift] += block[k];
            }
        }
        return y;
    }

    private float[] floatSpectrum() {
        float[] f = floatSpectrum;
        if (f == null) {
            f = new float[spectrum.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) spectrum[i];
            }
            floatSpectrum = f;
        }
        return f;
    }

    /**
     * Filters every row of {@code x} (rows may differ in length) with {@code threads} worker threads (1
     * filters on the calling thread); returns new rows.
     */
    public double[][] applyAll(double[][] x, int threads) {
        return forEachRow(x, threads, this::apply);
    }

    /** Runs {@code f} on every row, on the calling thread or on a pool of {@code threads} threads. */
    static double[][] forEachRow(double[][] x, int threads, java.util.function.UnaryOperator<double[]> f) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        double[][] out = new double[x.length][];
        if (threads == 1 || x.length <= 1) {
            for (int c = 0; c < x.length; c++) {
                out[c] = f.apply(x[c]);
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, x.length));
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (double[] row : x) {
                futures.add(pool.submit(() -> f.apply(row)));
            }
            for (int c = 0; c < x.length; c++) {
                out[c] = futures.get(c).get();
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while filtering", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

package org.neurofusion.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.neurofusion.modalities.signal.FirDesign;
import org.neurofusion.modalities.signal.NotchFir;
import org.neurofusion.modalities.signal.OverlapAddFir;
import org.neurofusion.modalities.signal.Resampling;
import org.neurofusion.modalities.signal.ZeroPhaseFir;

/**
 * Throughput of the standard EEG chain on simulated data (by default 64 channels × 1 h at 1000 Hz, about
 * 1.8 GB of doubles): MNE's default band-pass 1–40 Hz, a 50 Hz notch, and resampling to 250 Hz (MNE's FFT
 * method), each timed on one thread and on every core. It prints seconds and input samples per second per
 * stage. Run it with enough heap ({@code -Xmx4g} for the default size); it times, it does not test.
 */
public final class SignalBenchmark {
    private SignalBenchmark() {
    }

    /** Runs the default size: 64 channels, 3600 s, 1000 Hz. */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3600;
        int channels = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        run(System.out, channels, seconds, 1000);
    }

    /** Runs the default size and prints to {@code out}. */
    public static void run(PrintStream out) {
        run(out, 64, 3600, 1000);
    }

    /** Runs {@code channels} × {@code seconds} at {@code fs} Hz and prints to {@code out}. */
    public static void run(PrintStream out, int channels, double seconds, double fs) {
        int n = (int) Math.round(seconds * fs);
        int cores = Runtime.getRuntime().availableProcessors();
        double[] bandPass = FirDesign.mneFilter(1, 40, FirDesign.defaultLowTransition(1),
                FirDesign.defaultHighTransition(40, fs), fs);
        double[] notch = NotchFir.taps(fs, 50);
        double ratioDown = fs / 250;
        out.printf(Locale.ROOT, "signal chain on %d channels x %.0f s at %.0f Hz (%d samples each), %d cores%n",
                channels, seconds, fs, n, cores);
        out.printf(Locale.ROOT, "band-pass 1-40 Hz: %d taps, FFT block %d; notch 50 Hz: %d taps, FFT block %d%n",
                bandPass.length, OverlapAddFir.forSignalLength(bandPass, n).fftLength(), notch.length,
                OverlapAddFir.forSignalLength(notch, n).fftLength());
        List<Integer> threadCounts = cores > 1 ? List.of(1, cores) : List.of(1);
        for (int threads : threadCounts) {
            double[][] data = simulate(channels, n, fs);
            long samples = (long) channels * n;
            double t1 = timeInPlace(data, threads, x -> ZeroPhaseFir.apply(bandPass, x));
            report(out, "band-pass 1-40 Hz", threads, t1, samples);
            double t2 = timeInPlace(data, threads, x -> ZeroPhaseFir.apply(notch, x));
            report(out, "notch 50 Hz", threads, t2, samples);
            double t3 = timeInPlace(data, threads, x -> Resampling.mne(x, 1, ratioDown));
            report(out, "resample to 250 Hz", threads, t3, samples);
            report(out, "whole chain", threads, t1 + t2 + t3, samples);
        }
    }

    private static void report(PrintStream out, String what, int threads, double seconds, long samples) {
        out.printf(Locale.ROOT, "%-20s %2d thread%s %8.2f s %12.3g samples/s%n", what, threads,
                threads == 1 ? " " : "s", seconds, samples / seconds);
    }

    /** Broadband noise with a 10 Hz rhythm and 50 Hz line noise, in volts, one seed per channel. */
    static double[][] simulate(int channels, int n, double fs) {
        double[][] x = new double[channels][n];
        for (int c = 0; c < channels; c++) {
            SplittableRandom r = new SplittableRandom(1000 + c);
            double phase = r.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < n; i++) {
                double t = i / fs;
                x[c][i] = 1e-5 * (r.nextDouble() - 0.5) + 2e-5 * Math.sin(2 * Math.PI * 10 * t + phase)
                        + 5e-6 * Math.sin(2 * Math.PI * 50 * t);
            }
        }
        return x;
    }

    /** Replaces every row by f(row) on {@code threads} threads, so only one copy of the data stays alive. */
    private static double timeInPlace(double[][] rows, int threads, UnaryOperator<double[]> f) {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < rows.length; c++) {
                int row = c;
                futures.add(pool.submit(() -> {
                    rows[row] = f.apply(rows[row]);
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }
}

package org.neurofusion.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.modalities.eeg.EdfReader;
import org.neurofusion.modalities.eeg.EdfWriter;

/**
 * Measures the EDF/BDF reader: full-read throughput of a 64-channel × 256 Hz × 10 min BDF and EDF, and the
 * latency of random 2-s windows of 16 channels from a 128-channel × 512 Hz × 10 min EDF. The files are
 * simulated (sines plus seeded noise) and written by {@link EdfWriter} into a scratch folder; figures are
 * wall-clock times on this machine, warm page cache (each file is read whole before it is timed), after JIT
 * warm-up.
 */
public final class IoBenchmark {
    /** What one run measured. */
    public record Result(double bdfSamplesPerSecond, double bdfMegabytesPerSecond, double edfSamplesPerSecond,
            double edfMegabytesPerSecond, double windowMeanMicros, double windowP99Micros, int windows) {
    }

    private final Path scratch;
    private final long seed;
    private final int repeats;

    public IoBenchmark(Path scratch, long seed, int repeats) {
        this.scratch = scratch;
        this.seed = seed;
        this.repeats = repeats;
    }

    public Result run(PrintStream out) throws java.io.IOException {
        Files.createDirectories(scratch);
        Path bdf = scratch.resolve("bench-64ch-256Hz-10min.bdf");
        Path edf = scratch.resolve("bench-64ch-256Hz-10min.edf");
        Path big = scratch.resolve("bench-128ch-512Hz-10min.edf");
        out.println("writing simulated files to " + scratch + " ...");
        Recording r64 = simulated(64, 256, 600, seed);
        EdfWriter.writeFile(r64, bdf);
        EdfWriter.writeFile(r64, edf);
        EdfWriter.writeFile(simulated(128, 512, 600, seed + 1), big);
        double[] b = fullRead(bdf, out);
        double[] e = fullRead(edf, out);
        double[] w = windows(big, 1000, out);
        Result res = new Result(b[0], b[1], e[0], e[1], w[0], w[1], 1000);
        out.printf(Locale.ROOT, "full read, BDF 64 ch x 256 Hz x 10 min: %.0f M samples/s, %.0f MB/s%n", res.bdfSamplesPerSecond() / 1e6,
                res.bdfMegabytesPerSecond());
        out.printf(Locale.ROOT, "full read, EDF 64 ch x 256 Hz x 10 min: %.0f M samples/s, %.0f MB/s%n", res.edfSamplesPerSecond() / 1e6,
                res.edfMegabytesPerSecond());
        out.printf(Locale.ROOT, "random 2-s windows of 16 channels, EDF 128 ch x 512 Hz x 10 min: mean %.1f us, p99 %.1f us"
                + " (%d reads)%n", res.windowMeanMicros(), res.windowP99Micros(), res.windows());
        return res;
    }

    /** Best of {@code repeats} full reads (every channel, every sample, to float32 SI values). */
    private double[] fullRead(Path file, PrintStream out) {
        double best = Double.MAX_VALUE;
        long samples = 0;
        long bytes = 0;
        try (Recording r = EdfReader.open(file)) {
            float[][] dst = new float[r.channels().size()][];
            for (int c = 0; c < dst.length; c++) {
                dst[c] = new float[(int) r.channels().get(c).sampleCount()];
                samples += dst[c].length;
            }
            bytes = fileSize(file);
            for (int k = 0; k < repeats + 3; k++) {
                long t0 = System.nanoTime();
                for (int c = 0; c < dst.length; c++) {
                    r.read(c, 0, dst[c], 0, dst[c].length);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (k >= 3) {
                    best = Math.min(best, s);
                }
            }
            sink(dst[dst.length - 1][dst[0].length / 2]);
        }
        out.printf(Locale.ROOT, "  %s: %d samples, %d bytes, best of %d reads %.1f ms%n", file.getFileName(), samples, bytes,
                repeats, best * 1e3);
        return new double[] {samples / best, bytes / best / 1e6};
    }

    private double[] windows(Path file, int n, PrintStream out) {
        Random rnd = new Random(seed);
        double[] micros = new double[n];
        try (Recording r = EdfReader.open(file)) {
            int nch = r.channels().size();
            // Warm page cache and mapping: one full read first, so the figures are of the reader, not the disk.
            float[] all = new float[(int) r.channels().get(0).sampleCount()];
            for (int c = 0; c < nch; c++) {
                r.read(c, 0, all, 0, all.length);
            }
            int len = 2 * 512;
            long total = r.channels().get(0).sampleCount();
            for (int k = -2000; k < n; k++) {
                int[] chans = rnd.ints(0, nch).distinct().limit(16).toArray();
                long start = (long) (rnd.nextDouble() * (total - len));
                long t0 = System.nanoTime();
                SignalBlock b = r.read(chans, start, len);
                long t1 = System.nanoTime();
                sink(b.data()[0]);
                if (k >= 0) {
                    micros[k] = (t1 - t0) / 1e3;
                }
            }
        }
        double mean = Arrays.stream(micros).average().orElse(0);
        Arrays.sort(micros);
        double p99 = micros[(int) Math.ceil(0.99 * n) - 1];
        return new double[] {mean, p99};
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static volatile float blackhole;

    private static void sink(float v) {
        blackhole += v;
    }

    /** Simulated EEG: each channel a mix of alpha, drift and seeded noise, in volts. */
    static Recording simulated(int channels, double rate, int seconds, long seed) {
        Random rnd = new Random(seed);
        int n = (int) (rate * seconds);
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("simulated");
        for (int c = 0; c < channels; c++) {
            double[] x = new double[n];
            double f = 8 + 4 * rnd.nextDouble();
            double phase = rnd.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < n; i++) {
                x[i] = 20e-6 * Math.sin(2 * Math.PI * f * i / rate + phase) + 5e-6 * rnd.nextGaussian()
                        + 10e-6 * Math.sin(2 * Math.PI * 0.1 * i / rate);
            }
            b.addChannel(new Channel("EEG" + c, ChannelType.EEG, "V", rate, n), x);
        }
        return b.build();
    }
}

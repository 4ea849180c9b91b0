package org.neurofusion.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.store.SyntheticWindows;
import org.neurofusion.datasets.store.WindowStore;

/**
 * Measures the window store on the shape of a typical paired study: 10 subjects × 3 sessions × 60 trials of
 * simulated EEG (30 channels, 200 Hz, 4-s windows) and fNIRS (36 channels, 10 Hz, 10-s windows). Prints build
 * time, size on disk, peak heap while building, reopening and reuse time, and read throughput in file order and in
 * shuffled order. Not part of the test suite. Reads right after the build come from the operating system's page
 * cache, so they measure the store's own overhead, not the disk.
 *
 * <p>Usage: {@code StoreBenchmark [folder]} (default: a temporary folder, removed afterwards).
 */
public final class StoreBenchmark {
    private StoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : null;
        run(System.out, dir);
    }

    /** Runs the benchmark in a temporary folder, removed afterwards. */
    public static void run(PrintStream out) throws IOException {
        run(out, null);
    }

    /** Runs the benchmark in {@code parent} (kept), or in a temporary folder when it is null. */
    public static void run(PrintStream out, Path parent) throws IOException {
        run(out, parent, SyntheticWindows.eegFnirs(10, 3, 60, 42));
    }

    /** Runs the benchmark on the windows of {@code spec}, in {@code parent} (kept) or a temporary folder (null). */
    public static void run(PrintStream out, Path parent, SyntheticWindows spec) throws IOException {
        Path base = parent != null ? Files.createDirectories(parent) : Files.createTempDirectory("nf-store-bench");
        Path dir = base.resolve("store");
        try {
            out.printf(Locale.ROOT, "window store benchmark: %d subjects × %d sessions × %d trials = %d windows;"
                    + " EEG %d ch × %d samples, fNIRS %d ch × %d samples; %s%n", spec.subjects(), spec.sessions(),
                    spec.trials(), spec.count(), spec.eegChannels(), spec.eegSamples(), spec.nirsChannels(),
                    spec.nirsSamples(), Runtime.version());
            // Making up the samples costs time too; measured alone so that the build figure can be read net of it.
            long t0 = System.nanoTime();
            double checksum = 0;
            for (var it = spec.iterator(); it.hasNext();) {
                checksum += it.next().blocks().get(Modality.EEG).data()[0];
            }
            double generation = seconds(t0);
            System.gc();
            t0 = System.nanoTime();
            long peakSampled;
            long peakPools;
            long maxHeap;
            try (HeapWatch watch = new HeapWatch(); WindowStore s = WindowStore.build(dir, "bench", spec.iterator())) {
                if (s.size() != spec.count()) {
                    throw new IllegalStateException("the store holds " + s.size() + " windows, not " + spec.count());
                }
                peakSampled = watch.sampledPeak();
                peakPools = watch.poolPeak();
                maxHeap = watch.maxHeap();
            }
            double build = seconds(t0);
            long data = spec.bytesPerWindow() * spec.count();
            long disk = 0;
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    disk += Files.size(p);
                }
            }
            out.printf(Locale.ROOT, "build: %.2f s, %.0f windows/s, %.1f MB/s; %.1f MB on disk (%.1f MB samples)%n",
                    build, spec.count() / build, data / 1e6 / build, disk / 1e6, data / 1e6);
            out.printf(Locale.ROOT, "  of which simulating the windows alone: %.2f s (checksum %.3g)%n", generation,
                    checksum);
            out.printf(Locale.ROOT, "heap while building: peak %.1f MB sampled, %.1f MB by pool peaks (max heap %.0f"
                    + " MB)%n", peakSampled / 1e6, peakPools / 1e6, maxHeap / 1e6);

            AtomicInteger calls = new AtomicInteger();
            t0 = System.nanoTime();
            try (WindowStore s = WindowStore.openOrBuild(dir, "bench", () -> {
                calls.incrementAndGet();
                return spec.iterator();
            })) {
                out.printf(Locale.ROOT, "reuse (openOrBuild, same key): %.1f ms, window supplier called %d times%n",
                        seconds(t0) * 1e3, calls.get());
                readAll(null, s, "warm-up", false);
                readAll(out, s, "file order", false);
                readAll(out, s, "shuffled order", true);
                t0 = System.nanoTime();
                s.verify();
                out.printf(Locale.ROOT, "verify (CRC32C of all data): %.2f s%n", seconds(t0));
                out.printf(Locale.ROOT, "resident now: %.0f MB anonymous (heap, native), %.0f MB file-backed (mapped"
                        + " store pages)%n", HeapWatch.anonymousRss() / 1e6, HeapWatch.fileRss() / 1e6);
            }
            out.printf(Locale.ROOT, "peak resident set of the process: %.1f MB%n", HeapWatch.peakRss() / 1e6);
        } finally {
            if (parent == null) {
                AtomicFiles.deleteTree(base);
            }
        }
    }

    /** Reads every window three times and prints the median round; {@code out} null: a silent warm-up. */
    private static void readAll(PrintStream out, WindowStore s, String what, boolean shuffled) {
        long[] order = new long[s.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffled) {
            shuffle(order, new java.util.Random(7));
        }
        double[] whole = new double[3];
        double[] eegOnly = new double[3];
        long bytes = 0;
        double sum = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            bytes = 0;
            for (long i : order) {
                for (SignalBlock b : s.window((int) i).blocks().values()) {
                    bytes += (long) b.data().length * Float.BYTES;
                    sum += b.data()[0];
                }
            }
            whole[round] = seconds(t0);
            t0 = System.nanoTime();
            for (long i : order) {
                sum += s.block((int) i, Modality.EEG).data()[1];
            }
            eegOnly[round] = seconds(t0);
        }
        if (out == null) {
            return;
        }
        java.util.Arrays.sort(whole);
        java.util.Arrays.sort(eegOnly);
        out.printf(Locale.ROOT, "read %s, window(i) with all modalities (median of 3): %.0f windows/s, %.0f MB/s;"
                + " EEG block only: %.0f windows/s (checksum %.3g)%n", what, order.length / whole[1],
                bytes / 1e6 / whole[1], order.length / eegOnly[1], sum);
    }

    /** Fisher–Yates shuffle in place: a fixed random read order, the same in every run. */
    private static void shuffle(long[] a, java.util.Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}

package org.neurofusion.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.store.SyntheticWindows;
import org.neurofusion.datasets.store.WindowStore;

/**
 * Shows that a window store's memory stays bounded: builds a store of the given size from simulated windows and
 * reads every window back, printing the heap and resident-set peaks. Meant to run with a small heap
 * ({@code java -Xmx256m ...}); the opt-in test {@code WindowStoreMemoryTest} runs it in such a JVM.
 *
 * <p>Usage: {@code StoreMemoryCheck folder [gigabytes, default 2.2] [--keep]}. The store goes to
 * {@code folder/store} and is removed afterwards unless {@code --keep}.
 */
public final class StoreMemoryCheck {
    /** The line printed when the check completes. */
    static final String PASSED = "memory check passed";

    private StoreMemoryCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: StoreMemoryCheck folder [gigabytes] [--keep]");
            System.exit(2);
        }
        double gigabytes = args.length > 1 && !args[1].startsWith("--") ? Double.parseDouble(args[1]) : 2.2;
        boolean keep = java.util.Arrays.asList(args).contains("--keep");
        run(System.out, Path.of(args[0]), gigabytes, keep);
    }

    static void run(PrintStream out, Path folder, double gigabytes, boolean keep) throws IOException {
        SyntheticWindows shape = SyntheticWindows.eegFnirs(1, 1, 1, 5);
        int trials = 60;
        int sessions = 3;
        long windows = (long) Math.ceil(gigabytes * 1e9 / shape.bytesPerWindow());
        int subjects = (int) Math.ceil(windows / (double) (trials * sessions));
        SyntheticWindows spec = SyntheticWindows.eegFnirs(subjects, sessions, trials, 5);
        Path dir = Files.createDirectories(folder).resolve("store");
        try (HeapWatch watch = new HeapWatch()) {
            out.printf(Locale.ROOT, "building %d windows (%.2f GB of samples) with max heap %.0f MB%n", spec.count(),
                    spec.count() * spec.bytesPerWindow() / 1e9, watch.maxHeap() / 1e6);
            long t0 = System.nanoTime();
            try (WindowStore s = WindowStore.build(dir, "memory-check", spec.iterator())) {
                double build = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "built in %.1f s (%.0f MB/s); heap peak so far %.1f MB sampled%n", build,
                        s.dataBytes() / 1e6 / build, watch.sampledPeak() / 1e6);
                t0 = System.nanoTime();
                double sum = 0;
                long bytes = 0;
                for (int i = 0; i < s.size(); i++) {
                    for (SignalBlock b : s.window(i).blocks().values()) {
                        bytes += (long) b.data().length * Float.BYTES;
                        sum += b.data()[b.data().length - 1];
                    }
                }
                double read = (System.nanoTime() - t0) / 1e9;
                if (bytes != s.dataBytes()) {
                    throw new IllegalStateException("read " + bytes + " bytes of samples, the store holds "
                            + s.dataBytes());
                }
                out.printf(Locale.ROOT, "read all %d windows (%.2f GB) in %.1f s: %.0f windows/s, %.0f MB/s"
                        + " (checksum %.3g)%n", s.size(), bytes / 1e9, read, s.size() / read, bytes / 1e6 / read, sum);
                out.printf(Locale.ROOT, "resident now, store still open: %.0f MB anonymous (heap, native), %.0f MB"
                        + " file-backed (mapped store pages the kernel may drop)%n", HeapWatch.anonymousRss() / 1e6,
                        HeapWatch.fileRss() / 1e6);
            }
            out.printf(Locale.ROOT, "heap peak %.1f MB sampled, %.1f MB by pool peaks; max heap %.0f MB;"
                    + " peak resident set %.0f MB%n", watch.sampledPeak() / 1e6, watch.poolPeak() / 1e6,
                    watch.maxHeap() / 1e6, HeapWatch.peakRss() / 1e6);
            out.println(PASSED);
        } finally {
            if (!keep) {
                AtomicFiles.deleteTree(dir);
            }
        }
    }
}

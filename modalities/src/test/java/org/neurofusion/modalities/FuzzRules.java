package org.neurofusion.modalities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.modalities.fmri.NiftiImage;
import org.neurofusion.modalities.fmri.NiftiReader;

/**
 * The rules every fuzz target checks (issue 18, rule 4), for one input written to files: open it, read every
 * channel (or every voxel) fully twice, in windows of different sizes, and compare the two reads. Passing means
 * either the whole read worked and gave the same values twice, or a {@link RecordingException} (a subtype
 * included) escaped that names one of the input's files. Anything else is a finding and is raised as an
 * {@link AssertionError}: another exception type, an error (OutOfMemoryError, StackOverflowError), a typed error
 * that names no file of the input, a call slower than {@link #callLimitMillis()}, an input whose reading
 * allocates more than {@link #allocationBudget} allows for its size (judged only when the call loaded no class), or
 * a second read that differs from the first. Fuzzing runs with a small heap as well ({@code -Pfuzz}: -Xmx256m).
 *
 * <p>Reads go through one small reused buffer, so whatever the harness allocates is small and fixed and the
 * allocation measured is the reader's own. Inputs are written to a fresh folder under the system temporary folder,
 * which is deleted afterwards.
 */
public final class FuzzRules {
    /** Samples per window in the first pass; the second pass uses a different size so windows straddle. */
    private static final int FIRST_WINDOW = 4096;
    private static final int SECOND_WINDOW = 1000;
    private static final double[] BUFFER = new double[FIRST_WINDOW];
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    private FuzzRules() {
    }

    /**
     * The longest one call (open, read of one window, annotations) may take, when it loaded no class: 1 s, or
     * -Dneurofusion.fuzz.callLimitMs.
     */
    public static long callLimitMillis() {
        return Long.getLong("neurofusion.fuzz.callLimitMs", 1000);
    }

    /**
     * The most an input of {@code inputBytes} may make the reader allocate in all, open and two full reads
     * together: 32 MiB of headroom (class loading, parser state) plus 64 bytes per input byte (every sample read
     * twice as float64 from as little as one stored byte, with its temporary buffers).
     */
    public static long allocationBudget(long inputBytes) {
        return (32L << 20) + 64L * inputBytes;
    }

    /** A single-file recording: writes {@code bytes} as {@code name} and checks it through {@link Recordings#open}. */
    public static void recording(String name, byte[] bytes) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name, bytes);
        recording(files, name);
    }

    /**
     * A recording made of several files (BrainVision's header, markers and data): writes them all and checks the one
     * named {@code main} through {@link Recordings#open}.
     */
    public static void recording(Map<String, byte[]> files, String main) {
        check(files, main, dir -> {
            Path p = dir.resolve(main);
            try (Recording r = timed("open", () -> Recordings.open(p))) {
                exercise(r);
            }
            return null;
        });
    }

    /** A NIfTI image: writes {@code bytes} as {@code name} and reads every voxel through {@link NiftiReader}. */
    public static void nifti(String name, byte[] bytes) {
        check(Map.of(name, bytes), name, dir -> {
            Path p = dir.resolve(name);
            try (NiftiImage img = timed("open", () -> NiftiReader.open(p))) {
                timed("affine", img::affine);
                long n = img.voxelCount();
                long a = hashVoxels(img, n, FIRST_WINDOW);
                long b = hashVoxels(img, n, SECOND_WINDOW);
                if (a != b) {
                    throw new AssertionError(p + ": a second read of the voxels gave other values");
                }
            }
            return null;
        });
    }

    private static long hashVoxels(NiftiImage img, long n, int window) {
        long h = 17;
        for (long first = 0; first < n; first += window) {
            int count = (int) Math.min(window, n - first);
            long classes = CLASSES.getTotalLoadedClassCount();
            long t0 = System.nanoTime();
            img.read(first, BUFFER, 0, count);
            judgeTime(t0, classes, "voxels", 0, first);
            h = hash(h, count);
        }
        return h;
    }

    /** Every call a user of a recording makes, timed; every channel read fully twice and compared. */
    private static void exercise(Recording r) {
        timed("channels", r::channels);
        timed("annotations", r::annotations);
        timed("segments", r::segments);
        timed("header", r::header);
        timed("start", r::start);
        timed("history", r::history);
        for (int c = 0; c < r.channels().size(); c++) {
            long n = r.channels().get(c).sampleCount();
            if (n < 0) {
                throw new AssertionError(r.source() + ": channel " + c + " has a negative sample count " + n);
            }
            long a = hashChannel(r, c, n, FIRST_WINDOW);
            long b = hashChannel(r, c, n, SECOND_WINDOW);
            if (a != b) {
                throw new AssertionError(r.source() + ": a second read of channel " + c + " gave other values");
            }
        }
    }

    private static long hashChannel(Recording r, int c, long n, int window) {
        long h = 17;
        for (long first = 0; first < n; first += window) {
            int count = (int) Math.min(window, n - first);
            long classes = CLASSES.getTotalLoadedClassCount();
            long t0 = System.nanoTime();
            r.read(c, first, BUFFER, 0, count);
            judgeTime(t0, classes, "channel", c, first);
            h = hash(h, count);
        }
        return h;
    }

    /**
     * The time rule for one window, inlined in the read loops without a lambda or a message string, so that the
     * harness allocates nothing per window (a file may have millions of them) and the allocation measured stays the
     * reader's.
     */
    private static void judgeTime(long t0, long classes, String what, int index, long first) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms > callLimitMillis() && CLASSES.getTotalLoadedClassCount() == classes) {
            throw new SlowCall("read of " + what + " " + index + " from " + first + " took " + ms + " ms (limit "
                    + callLimitMillis() + " ms)");
        }
    }

    /** Folds the first {@code count} values of the buffer into {@code h}, so the hash ignores the window size. */
    private static long hash(long h, int count) {
        for (int i = 0; i < count; i++) {
            h = h * 31 + Double.doubleToLongBits(BUFFER[i]);
        }
        return h;
    }

    /** A call over the time limit: the input is run once more before this counts (a busy machine stalls). */
    private static final class SlowCall extends AssertionError {
        SlowCall(String message) {
            super(message);
        }
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T timed(String what, Call<T> call) {
        long classes = CLASSES.getTotalLoadedClassCount();
        long t0 = System.nanoTime();
        T out = call.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // As for allocation: a call that loaded classes paid for the JVM's warm-up, not for the input.
        if (ms > callLimitMillis() && CLASSES.getTotalLoadedClassCount() == classes) {
            throw new SlowCall(what + " took " + ms + " ms (limit " + callLimitMillis() + " ms)");
        }
        return out;
    }

    /** {@link #checkOnce}, run a second time when a call was slow: only a call slow twice is a finding. */
    private static void check(Map<String, byte[]> files, String main, Function<Path, Void> body) {
        try {
            checkOnce(files, main, body);
        } catch (SlowCall first) {
            checkOnce(files, main, body);
        }
    }

    /** Writes the files, runs {@code body} on their folder and classifies what escaped. */
    private static void checkOnce(Map<String, byte[]> files, String main, Function<Path, Void> body) {
        Path dir;
        try {
            dir = Files.createTempDirectory("neurofusion-fuzz");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long size = files.values().stream().mapToLong(b -> b.length).sum();
        long classes = CLASSES.getTotalLoadedClassCount();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            body.apply(dir);
        } catch (RecordingException e) {
            // The file named may be one the input refers to (a header's data file), inside the folder or not.
            if (e.file() == null) {
                throw new AssertionError("a typed error that names no file of the input (" + main + "): " + e, e);
            }
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("not a typed error (" + main + "): " + e, e);
        } finally {
            delete(dir);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        // Loading (and instrumenting) classes allocates tens of MB that no input causes: such a call is not judged.
        if (allocated > allocationBudget(size) && CLASSES.getTotalLoadedClassCount() == classes) {
            throw new AssertionError(main + " of " + size + " bytes made the reader allocate " + allocated
                    + " bytes (budget " + allocationBudget(size) + ")");
        }
    }

    /** The property that makes each fuzz test's {@code writeSeeds} write its seeds: the test resources folder. */
    public static final String SEEDS_PROPERTY = "neurofusion.fuzz.writeSeeds";

    /**
     * Writes one seed where Jazzer looks for a fuzz test's inputs ({@code <Class>Inputs/<method>/} beside the class
     * in the test resources), under the folder that {@value #SEEDS_PROPERTY} names.
     */
    public static void writeSeed(Class<?> test, String method, String name, byte[] bytes) {
        Path root = Path.of(System.getProperty(SEEDS_PROPERTY));
        Path dir = root.resolve(test.getPackageName().replace('.', '/'))
                .resolve(test.getSimpleName() + "Inputs").resolve(method);
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

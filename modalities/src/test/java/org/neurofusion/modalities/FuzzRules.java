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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
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
    /**
     * While fuzzing, a channel longer than this many samples is read in part (see {@link #exercise}); the plain
     * build's replay reads every sample. Only FIF can get there from a few kB (a data skip is read as zeros, as MNE
     * reads it): one kept input claims 134 million samples per channel and takes 1.4 s to read fully, and the
     * fuzzer's mutants of it brought a round down to 15 executions a second.
     */
    static final long FUZZ_FULL_READ_LIMIT = 1L << 20;
    /** Samples read at each end of such a channel, and in each of {@link #SPREAD_WINDOWS} windows between. */
    private static final int PART = 1 << 16;
    private static final int SPREAD_WINDOWS = 16;
    private static final double[] BUFFER = new double[FIRST_WINDOW];
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();
    /** Bytes added to the budget of the check running on this thread ({@link #justify}). */
    private static final ThreadLocal<long[]> JUSTIFIED = ThreadLocal.withInitial(() -> new long[1]);

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

    /**
     * Adds {@code bytes} to the allocation budget of the check running on this thread, for a target whose work
     * legitimately scales with what the input asks for rather than with its size (a pipeline that resamples a
     * recording up, whose output the target then reads): the target states its rule where it calls this, in bytes per
     * unit of work it can count before the work is done or from its result.
     */
    public static void justify(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("justified bytes " + bytes + " < 0");
        }
        long[] j = JUSTIFIED.get();
        j[0] = Math.addExact(j[0], bytes);
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
        nifti(Map.of(name, bytes), name, name);
    }

    /**
     * A NIfTI image of several files (a {@code .hdr}/{@code .img} pair): {@code files} written into a fresh folder,
     * {@code opened} opened, under the same rules; {@code main} names the mutated file.
     */
    public static void nifti(Map<String, byte[]> files, String main, String opened) {
        check(files, main, dir -> {
            Path p = dir.resolve(opened);
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

    /**
     * Every call a user of a recording makes, timed; every channel read fully twice and compared (while fuzzing, a
     * very long one in part: {@link #FUZZ_FULL_READ_LIMIT}). For targets whose input opens as a recording by other
     * means (a BIDS data file with its tables).
     */
    public static void exercise(Recording r) {
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

    /**
     * The hash of channel {@code c}'s samples read in windows of {@code window}: all {@code n} of them, or, while
     * fuzzing ({@code JAZZER_FUZZ} set) a channel over {@link #FUZZ_FULL_READ_LIMIT}, the first and last
     * {@link #PART} samples and {@link #SPREAD_WINDOWS} stretches of as many spread evenly between (the same
     * stretches in both passes, so the hashes still compare).
     */
    private static long hashChannel(Recording r, int c, long n, int window) {
        if (n <= FUZZ_FULL_READ_LIMIT || !fuzzing()) {
            return hashRange(r, c, 0, n, window, 17);
        }
        long h = hashRange(r, c, 0, PART, window, 17);
        long step = (n - 2L * PART) / (SPREAD_WINDOWS + 1);
        for (int k = 1; k <= SPREAD_WINDOWS; k++) {
            long from = PART + k * step - PART / 2;
            h = hashRange(r, c, from, from + PART, window, h);
        }
        return hashRange(r, c, n - PART, n, window, h);
    }

    private static boolean fuzzing() {
        String f = System.getenv("JAZZER_FUZZ");
        return f != null && !f.isEmpty() && !f.equals("0");
    }

    private static long hashRange(Recording r, int c, long from, long to, int window, long h) {
        for (long first = from; first < to; first += window) {
            int count = (int) Math.min(window, to - first);
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

    /** A call whose time the rules judge. */
    public interface Call<T> {
        T run();
    }

    /**
     * Runs {@code call}, which a target makes once per input (opening, one window, a whole parse): slower than
     * {@link #callLimitMillis()} without loading a class is a finding (after the input is run once more).
     */
    public static <T> T timed(String what, Call<T> call) {
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
        check(files, main, READER_REFUSALS, body);
    }

    private static void check(Map<String, byte[]> files, String main, Refusals refusals, Function<Path, Void> body) {
        try {
            checkOnce(files, main, refusals, body);
        } catch (SlowCall first) {
            checkOnce(files, main, refusals, body);
        }
    }

    /**
     * What a parser may throw for a bad input. Anything else that escapes it is a finding; so is an error of an
     * accepted type that does not say where the problem is.
     */
    @FunctionalInterface
    public interface Refusals {
        /** Null when {@code e} is an acceptable refusal of the input, else why it is not one. */
        String fault(Throwable e);

        /** This or {@code other}: the first that accepts {@code e} wins; the fault reported is this one's. */
        default Refusals or(Refusals other) {
            return e -> fault(e) == null || other.fault(e) == null ? null : fault(e);
        }

        /** This and a further condition {@code other}: the fault of the first that does not accept {@code e}. */
        default Refusals and(Refusals other) {
            return e -> fault(e) != null ? fault(e) : other.fault(e);
        }
    }

    /** What the readers of recordings may throw: a {@link RecordingException} (a subtype included) naming a file. */
    public static final Refusals READER_REFUSALS = refusal(RecordingException.class, "names no file",
            e -> e.file() != null);

    /**
     * Errors of {@code type} (subtypes included) for which {@code names} holds, e.g. an exception whose {@code file()}
     * is set or whose message names the field; {@code otherwise} says what is wrong with one for which it does not.
     */
    public static <T extends Throwable> Refusals refusal(Class<T> type, String otherwise, Predicate<T> names) {
        return e -> !type.isInstance(e) ? "not a typed error" : names.test(type.cast(e)) ? null
                : "a " + type.getSimpleName() + " that " + otherwise;
    }

    /**
     * A parser of files other than a recording (a window store, a dataset's tables, a MAT file, a model artifact, a
     * checkpoint): writes {@code files} into a fresh folder and runs {@code body} on it, under the rules above (time,
     * allocation for the files' total size, nothing but {@code refusals} escapes). {@code main} names the input.
     */
    public static void files(Map<String, byte[]> files, String main, Refusals refusals, Consumer<Path> body) {
        check(files, main, refusals, dir -> {
            body.accept(dir);
            return null;
        });
    }

    /**
     * A parser of text held in memory (a pipeline, a windowing spec, a montage table): runs {@code body} under the
     * same rules, the allocation budget counted from {@code input}'s size; no file is written.
     */
    public static void text(byte[] input, String what, Refusals refusals, Consumer<byte[]> body) {
        Map<String, byte[]> none = new LinkedHashMap<>();
        none.put("", input);
        check(none, what, refusals, dir -> {
            body.accept(input);
            return null;
        });
    }

    /**
     * The second-read rule for a parser's result: {@code first} and {@code second} (two parses or reads of the same
     * input) must be equal as {@link DeepValue} compares them.
     */
    public static void sameTwice(String what, Object first, Object second) {
        if (DeepValue.hash(first) != DeepValue.hash(second)) {
            throw new AssertionError(what + ": a second read gave other values");
        }
    }

    /** A refusal kept as a value, so that two reads refusing alike compare equal. */
    public record Refused(String type, String message) {
    }

    /**
     * What {@code call} returns, or a {@link Refused} when it throws what {@code refusals} accepts: for targets that
     * go on after one part of an input is refused (a MAT file's other variables). Anything else is thrown on, to be
     * judged.
     */
    public static Object outcome(Refusals refusals, Call<?> call) {
        try {
            return call.run();
        } catch (RuntimeException e) {
            if (refusals.fault(e) != null) {
                throw e;
            }
            return new Refused(e.getClass().getName(), e.getMessage());
        }
    }

    /** Writes the files, runs {@code body} on their folder and classifies what escaped. */
    private static void checkOnce(Map<String, byte[]> files, String main, Refusals refusals,
            Function<Path, Void> body) {
        Path dir;
        try {
            dir = Files.createTempDirectory("neurofusion-fuzz");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!f.getKey().isEmpty()) { // the input of text(), held in memory
                    Path p = dir.resolve(f.getKey());
                    Files.createDirectories(p.getParent());
                    Files.write(p, f.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long size = files.values().stream().mapToLong(b -> b.length).sum();
        long classes = CLASSES.getTotalLoadedClassCount();
        JUSTIFIED.get()[0] = 0;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            body.apply(dir);
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            // The file named may be one the input refers to (a header's data file), inside the folder or not.
            String fault = refusals.fault(e);
            if (fault != null) {
                throw new AssertionError(fault + " (" + main + "): " + e, e);
            }
        } finally {
            delete(dir);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        // Loading (and instrumenting) classes allocates tens of MB that no input causes: such a call is not judged.
        long justified = JUSTIFIED.get()[0];
        long budget = allocationBudget(size) + justified;
        if (allocated > budget && CLASSES.getTotalLoadedClassCount() == classes) {
            throw new AssertionError(main + " of " + size + " bytes made the reader allocate " + allocated
                    + " bytes (budget " + budget + (justified > 0 ? ", of which " + justified
                    + " justified by the work it asked for" : "") + ")");
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

    /** Something that writes files into a folder, for {@link #writtenFiles}. */
    public interface Writer {
        void write(Path dir) throws IOException;
    }

    /**
     * The files {@code writer} writes into a fresh folder (a valid dataset, store or run, to mutate one file of), by
     * path relative to that folder with '/' separators, in sorted order; the folder is deleted afterwards.
     */
    public static Map<String, byte[]> writtenFiles(Writer writer) {
        try {
            Path root = Files.createTempDirectory("neurofusion-fuzz-valid");
            try {
                Path dir = root.resolve("valid");
                writer.write(dir);
                Map<String, byte[]> out = new LinkedHashMap<>();
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                        out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                    }
                }
                return out;
            } finally {
                delete(root);
            }
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

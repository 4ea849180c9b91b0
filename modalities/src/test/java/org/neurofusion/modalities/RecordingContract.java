package org.neurofusion.modalities;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.core.SignalBlock;

/**
 * The contract every reader of a recording format keeps, written once: a test class implements this interface,
 * says how to open, write, damage and find files of its format, and inherits the tests. They check that a
 * window equals the slice of the whole (double, float, block and seconds reads), that bad arguments raise the
 * exceptions {@link Recording} documents, that concurrent reads equal serial ones, that reading a closed
 * recording is an {@link IllegalStateException}, that opening reads no samples, that a truncated file raises a
 * {@link CorruptRecordingException} naming it, and that every shared file of the format matches its
 * {@code expected/} oracle (those tests skip, with a message, when {@code ../shared/data} is absent).
 */
public interface RecordingContract {

    /**
     * A damaged copy of a valid file: opening {@code open} and reading all of it must raise a
     * {@link CorruptRecordingException} whose message names {@code damaged} and contains every fragment.
     *
     * @param what how it was damaged, for the test's name
     * @param open what to open (the file itself, or the header or folder of a multi-file recording)
     * @param damaged the file that was cut
     */
    record Truncation(String what, Path open, Path damaged, List<String> fragments) {
        /** Copies the fragments. */
        public Truncation {
            fragments = List.copyOf(fragments);
        }

        /** A truncation whose message need only name the file. */
        public Truncation(String what, Path open, Path damaged) {
            this(what, open, damaged, List.of());
        }
    }

    /**
     * Opens a file (or folder) of this format. By default through {@link Recordings#open}, so the format is also
     * found by its signature; a reader not registered there overrides this.
     */
    default Recording open(Path file) {
        return Recordings.open(file);
    }

    /**
     * Writes small valid files of this format into {@code dir} (mixed rates where the format has them) and
     * returns what to open; at least one. Every generic test runs on each, then on {@link #sharedSamples()}.
     */
    List<Path> fixtures(Path dir) throws IOException;

    /** Shared files (relative to the data folder) the window, bounds and thread tests also run on when present. */
    default List<String> sharedSamples() {
        return List.of();
    }

    /** Every shared file (relative to the data folder) of this format; each must have an oracle or be excused. */
    List<String> sharedFiles(Path data) throws IOException;

    /** Shared files of this format known to have no oracle (the peer reader could not read them). */
    default Set<String> withoutOracle() {
        return Set.of();
    }

    /** The recording as the oracle's peer reader sees it (e.g. its conventions for names), for comparison. */
    default Recording asOracleSees(Recording r, String relative) {
        return r;
    }

    /** Checks of a shared file against its oracle beyond {@link ExpectedRecording#assertMatches}. */
    default void assertAlsoMatches(ExpectedRecording expected, Recording r, String relative) {
    }

    /** Damaged copies of valid files of this format, written into {@code dir}. */
    List<Truncation> truncations(Path dir) throws IOException;

    /**
     * Changes stored sample values of {@code fixtures(dir).get(0)} in place, keeping every size and the header, so
     * a recording opened before the change shows the new values if, and only if, it had not read them yet.
     */
    void rewriteSamples(Path fixture) throws IOException;

    @TestFactory
    default Stream<DynamicTest> windowsEqualSlicesOfTheWhole(@TempDir Path dir) throws IOException {
        return onEverySample(dir, r -> {
            Random rnd = new Random(42);
            double[][] all = Contracts.readEverything(r);
            for (int c : Contracts.someChannels(r)) {
                float[] allFloat = new float[all[c].length];
                r.read(c, 0, allFloat, 0, allFloat.length);
                for (long[] w : Contracts.windows(all[c].length, rnd, 20)) {
                    int first = (int) w[0];
                    int n = (int) w[1];
                    String where = name(r) + " channel " + c + " window " + first + "+" + n;
                    double[] d = Contracts.filled(new double[n + 6]);
                    r.read(c, first, d, 3, n);
                    double[] expected = Contracts.filled(new double[n + 6]);
                    System.arraycopy(all[c], first, expected, 3, n);
                    assertArrayEquals(expected, d, where + " (double, at offset 3; the rest untouched)");
                    float[] f = new float[n + 2];
                    Arrays.fill(f, Float.MAX_VALUE);
                    r.read(c, first, f, 1, n);
                    for (int i = 0; i < n; i++) {
                        assertEquals((float) all[c][first + i], f[1 + i], where + " (float) sample " + i);
                        assertEquals(allFloat[first + i], f[1 + i], where + " (float equals float of the whole)");
                    }
                    assertEquals(Float.MAX_VALUE, f[0], where + ": float read wrote before its offset");
                    assertEquals(Float.MAX_VALUE, f[n + 1], where + ": float read wrote past its count");
                }
            }
        });
    }

    @TestFactory
    default Stream<DynamicTest> blocksAndSecondsEqualSlicesOfTheWhole(@TempDir Path dir) throws IOException {
        return onEverySample(dir, r -> {
            Random rnd = new Random(43);
            double[][] all = Contracts.readEverything(r);
            List<int[]> groups = Contracts.sameRateGroups(r);
            for (int[] group : groups) {
                Channel c0 = r.channels().get(group[0]);
                for (long[] w : Contracts.windows(c0.sampleCount(), rnd, 8)) {
                    int[] pick = Contracts.somePermutedOf(group, rnd);
                    SignalBlock b = r.read(pick, w[0], (int) w[1]);
                    Contracts.assertBlock(all, r, pick, w[0], (int) w[1], b);
                    SignalBlock s = r.readSeconds(pick, w[0] / c0.samplingRate(), w[1] / c0.samplingRate());
                    assertEquals(b, s, name(r) + " readSeconds of window " + w[0] + "+" + w[1]);
                }
            }
            if (groups.size() > 1) {
                int a = groups.get(0)[0];
                int z = groups.get(groups.size() - 1)[0];
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> r.read(new int[] {a, z}, 0, 1), name(r) + ": a block of mixed rates");
                assertTrue(e.getMessage().contains(r.channels().get(z).name()), e.getMessage());
            }
        });
    }

    @TestFactory
    default Stream<DynamicTest> badArgumentsRaiseTheDocumentedExceptions(@TempDir Path dir) throws IOException {
        return onEverySample(dir, r -> {
            int channels = r.channels().size();
            long n = r.channels().get(0).sampleCount();
            int k = (int) Math.min(n, 4);
            double[] d = new double[k + 1];
            float[] f = new float[k + 1];
            Map<String, Executable> outside = new LinkedHashMap<>();
            outside.put("negative first sample", () -> r.read(0, -1, d, 0, 1));
            outside.put("count past the end", () -> r.read(0, n - k + 1, d, 0, k));
            outside.put("first sample at the end", () -> r.read(0, n, d, 0, 1));
            outside.put("negative count", () -> r.read(0, 0, d, 0, -1));
            outside.put("channel index = channel count", () -> r.read(channels, 0, d, 0, 1));
            outside.put("negative channel index", () -> r.read(-1, 0, d, 0, 1));
            outside.put("destination too small", () -> r.read(0, 0, d, 2, k));
            outside.put("negative offset", () -> r.read(0, 0, d, -1, 1));
            outside.put("float: count past the end", () -> r.read(0, n - k + 1, f, 0, k));
            outside.put("float: negative first sample", () -> r.read(0, -1, f, 0, 1));
            outside.put("float: destination too small", () -> r.read(0, 0, f, 2, k));
            outside.put("float: negative count", () -> r.read(0, 0, f, 0, -1));
            outside.put("float: bad channel", () -> r.read(channels, 0, f, 0, 1));
            outside.put("block: past the end", () -> r.read(new int[] {0}, n - k + 1, k));
            outside.put("block: negative first sample", () -> r.read(new int[] {0}, -1, 1));
            outside.put("block: negative count", () -> r.read(new int[] {0}, 0, -1));
            outside.put("block: bad channel", () -> r.read(new int[] {0, channels}, 0, 1));
            for (Map.Entry<String, Executable> e : outside.entrySet()) {
                assertThrows(IndexOutOfBoundsException.class, e.getValue(), name(r) + ": " + e.getKey());
            }
            assertThrows(NullPointerException.class, () -> r.read(0, 0, (double[]) null, 0, 1), name(r));
            assertThrows(NullPointerException.class, () -> r.read(0, 0, (float[]) null, 0, 1), name(r));
            assertThrows(NullPointerException.class, () -> r.read(null, 0, 1), name(r));
            assertThrows(IllegalArgumentException.class, () -> r.read(new int[0], 0, 1), name(r));
            double rate = r.channels().get(0).samplingRate();
            assertThrows(IllegalArgumentException.class, () -> r.readSeconds(new int[] {0}, -1 / rate, 0), name(r));
            assertThrows(IllegalArgumentException.class, () -> r.readSeconds(new int[] {0}, (n + 1) / rate, 0),
                    name(r));
            // The edges themselves are inside: the last sample, and an empty window at the end.
            r.read(0, n - 1, d, k, 1);
            r.read(0, n, d, k + 1, 0);
            r.read(0, n, f, k + 1, 0);
            assertEquals(0, r.read(new int[] {0}, n, 0).sampleCount());
        });
    }

    @TestFactory
    default Stream<DynamicTest> concurrentReadsAgreeWithSerialOnes(@TempDir Path dir) throws IOException {
        return onEverySample(dir, r -> {
            double[][] all = Contracts.readEverything(r);
            int[] channels = Contracts.someChannels(r);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> jobs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long seed = 100 + t;
                    jobs.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        int checked = 0;
                        for (int i = 0; i < 150; i++) {
                            int c = channels[rnd.nextInt(channels.length)];
                            long[] w = Contracts.randomWindow(all[c].length, rnd);
                            double[] got = new double[(int) w[1]];
                            r.read(c, w[0], got, 0, got.length);
                            assertArrayEquals(Arrays.copyOfRange(all[c], (int) w[0], (int) (w[0] + w[1])), got,
                                    name(r) + " channel " + c + " window " + w[0] + "+" + w[1] + " in a thread");
                            if (i % 10 == 0) {
                                Contracts.assertBlock(all, r, new int[] {c}, w[0], (int) w[1],
                                        r.read(new int[] {c}, w[0], (int) w[1]));
                            }
                            checked++;
                        }
                        return checked;
                    }));
                }
                for (Future<Integer> j : jobs) {
                    assertEquals(150, j.get());
                }
            } finally {
                pool.shutdownNow();
            }
        });
    }

    @TestFactory
    default Stream<DynamicTest> readingAClosedRecordingIsAnIllegalState(@TempDir Path dir) throws IOException {
        return onEverySample(dir, r -> {
            r.read(0, 0, new double[1], 0, 1);
            r.close();
            r.close(); // closing twice is harmless
            String source = r.source().orElseThrow().toString();
            List<Executable> reads = List.of(() -> r.read(0, 0, new double[1], 0, 1),
                    () -> r.read(0, 0, new float[1], 0, 1), () -> r.read(new int[] {0}, 0, 1), () -> r.readAll(0));
            for (Executable read : reads) {
                IllegalStateException e = assertThrows(IllegalStateException.class, read, name(r));
                assertTrue(e.getMessage().contains(source), "the message names " + source + ": " + e.getMessage());
            }
        });
    }

    /** A recording opened before its samples change on disk shows the new samples: opening read none of them. */
    @Test
    default void openingReadsNoSamples(@TempDir Path dir) throws IOException {
        Path file = fixtures(dir).get(0);
        double[][] before;
        try (Recording r = open(file)) {
            before = Contracts.readEverything(r);
        }
        try (Recording r = open(file)) {
            r.channels();
            r.annotations();
            rewriteSamples(file);
            double[][] after = Contracts.readEverything(r);
            assertFalse(Arrays.deepEquals(before, after), "rewriteSamples(" + file + ") changed no value read");
            try (Recording fresh = open(file)) {
                assertTrue(Arrays.deepEquals(Contracts.readEverything(fresh), after),
                        file + ": a recording opened before the change reads other values than one opened after");
            }
        }
    }

    @TestFactory
    default Stream<DynamicTest> truncatedFilesRaiseCorruptRecordingException(@TempDir Path dir) throws IOException {
        return truncations(dir).stream().map(t -> DynamicTest.dynamicTest(t.what(), () -> {
            CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> {
                try (Recording r = open(t.open())) {
                    r.header();
                    Contracts.readEverything(r);
                }
            }, t.what());
            assertTrue(e.getMessage().contains(t.damaged().toString()), "names " + t.damaged() + ": "
                    + e.getMessage());
            for (String fragment : t.fragments()) {
                assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
            }
        }));
    }

    @TestFactory
    default Stream<DynamicTest> everySharedFileHasAnOracle() throws IOException {
        Path data = SharedData.require();
        List<String> files = sharedFiles(data);
        assertFalse(files.isEmpty(), "no shared file of this format under " + data);
        return files.stream().map(rel -> DynamicTest.dynamicTest(rel, () -> {
            boolean has = Files.exists(Contracts.oracle(data, rel));
            assertEquals(!withoutOracle().contains(rel), has, rel + (has ? ": has an oracle, yet is excused"
                    : ": no oracle"));
        }));
    }

    @TestFactory
    default Stream<DynamicTest> everySharedFileMatchesExpected() throws IOException {
        Path data = SharedData.require();
        return sharedFiles(data).stream().filter(rel -> !withoutOracle().contains(rel))
                .map(rel -> DynamicTest.dynamicTest(rel, () -> {
                    ExpectedRecording expected = ExpectedRecording.load(data, rel);
                    try (Recording r = open(data.resolve(rel))) {
                        expected.assertMatches(asOracleSees(r, rel));
                        assertAlsoMatches(expected, r, rel);
                    }
                }));
    }

    /** What a recording-level check does to one open recording. */
    @FunctionalInterface
    interface Check {
        void accept(Recording r) throws Exception;
    }

    /** One dynamic test per fixture and per present shared sample, each on a freshly opened recording. */
    private Stream<DynamicTest> onEverySample(Path dir, Check check) throws IOException {
        List<Path> files = new ArrayList<>(fixtures(dir));
        Optional<Path> data = SharedData.locate();
        for (String rel : sharedSamples()) {
            data.map(d -> d.resolve(rel)).filter(Files::exists).ifPresent(files::add);
        }
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            try (Recording r = open(p)) {
                if (r.channels().isEmpty()) {
                    fail(p + " has no channel to test");
                }
                // A watchdog, not a measure: a reader whose read loop stops advancing fails instead of hanging.
                assertTimeoutPreemptively(Duration.ofMinutes(2), () -> check.accept(r), p + ": no answer in 2 min");
            }
        }));
    }

    private static String name(Recording r) {
        return r.source().map(Path::toString).orElse("<in memory>");
    }
}

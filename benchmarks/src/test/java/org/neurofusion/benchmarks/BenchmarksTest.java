package org.neurofusion.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.SyntheticWindows;

/** Each benchmark on a small size: it runs, prints every figure it promises, and leaves no scratch files. */
class BenchmarksTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void signalChainTimesEveryStage() {
        SignalBenchmark.run(out, 2, 4, 1000);
        String text = printed();
        assertTrue(text.contains("signal chain on 2 channels x 4 s at 1000 Hz (4000 samples each)"), text);
        for (String stage : new String[] {"band-pass 1-40 Hz", "notch 50 Hz", "resample to 250 Hz", "whole chain"}) {
            Matcher m = Pattern.compile(Pattern.quote(stage) + " +1 thread +([0-9.]+) s +([0-9.e+]+) samples/s")
                    .matcher(text);
            assertTrue(m.find(), stage + " missing or malformed in\n" + text);
            assertTrue(Double.parseDouble(m.group(2)) > 0, text);
        }
    }

    @Test
    void storeBenchmarkReusesTheStoreItBuilt() throws IOException {
        SyntheticWindows small = SyntheticWindows.eegFnirs(2, 2, 5, 1);
        StoreBenchmark.run(out, tmp, small);
        String text = printed();
        assertTrue(text.contains("2 subjects × 2 sessions × 5 trials = 20 windows"), text);
        // A second openOrBuild with the same key must not call the window supplier again.
        assertTrue(text.contains("window supplier called 0 times"), text);
        assertTrue(text.contains("read shuffled order"), text);
        assertTrue(Files.exists(tmp.resolve("store").resolve("store.json")), "a given folder is kept");
    }

    @Test
    void storeBenchmarkRemovesItsTemporaryFolder() throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countStoreFolders(base);
        StoreBenchmark.run(out, null, SyntheticWindows.eegFnirs(1, 1, 3, 2));
        assertEquals(before, countStoreFolders(base), "the temporary store folder was left behind");
    }

    private static long countStoreFolders(Path base) throws IOException {
        try (var s = Files.list(base)) {
            return s.filter(p -> p.getFileName().toString().startsWith("nf-store-bench")).count();
        }
    }

    @Test
    void memoryCheckReadsBackEveryWindowAndCleansUp() throws IOException {
        StoreMemoryCheck.run(out, tmp, 0.005, false);
        String text = printed();
        assertTrue(text.contains(StoreMemoryCheck.PASSED), text);
        assertTrue(text.contains("read all 180 windows"), text);
        assertFalse(Files.exists(tmp.resolve("store")), "the store should be removed without --keep");
    }

    @Test
    void fnirsBenchmarkConvertsTheSimulatedHour() {
        new FnirsBenchmark(1).run(Optional.empty(), out);
        String text = printed();
        assertTrue(text.matches("(?s).*Beer-Lambert on simulated 100 pairs x 2 wavelengths x 1 h at 10 Hz: [0-9.]+ ms,"
                + " [0-9.]+ M channel-samples/s.*"), text);
    }

    @Test
    void simulationBenchmarkCountsWhatItGenerated() {
        SimulationConfig one = SimulationConfig.defaults().toBuilder().optSubjects(1).optSessionsPerTask(1)
                .optRestingRunSeconds(0).build();
        double seconds = SimulationBenchmark.run(one, 1, out);
        String text = printed();
        assertTrue(Double.isFinite(seconds), text);
        assertTrue(text.contains("simulated 1 subjects, " + one.tasks().size() + " runs"), text);
        assertTrue(text.contains("on 1 threads"), text);
    }

    @Test
    void deleteTreeRemovesNestedFoldersAndToleratesAbsentOnes() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("a/b/c"));
        Files.writeString(dir.resolve("f.txt"), "x");
        Files.writeString(tmp.resolve("a/g.txt"), "y");
        AtomicFiles.deleteTree(tmp.resolve("a"));
        assertFalse(Files.exists(tmp.resolve("a")));
        AtomicFiles.deleteTree(tmp.resolve("absent"));
    }
}

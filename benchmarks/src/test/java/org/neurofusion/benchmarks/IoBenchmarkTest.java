package org.neurofusion.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The I/O benchmark end to end (it writes about 150 MB of EDF/BDF, so it is in the slow group). */
@Tag("slow")
class IoBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheThreeFilesAndReportsPlausibleFigures() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IoBenchmark.Result r = new IoBenchmark(tmp, 1, 1).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(Files.exists(tmp.resolve("bench-64ch-256Hz-10min.bdf")), text);
        // 64 channels x 256 Hz x 600 s at 3 bytes a sample, plus the header: the BDF the benchmark read.
        assertTrue(Files.size(tmp.resolve("bench-64ch-256Hz-10min.bdf")) > 64L * 256 * 600 * 3, text);
        assertTrue(r.bdfSamplesPerSecond() > 0 && r.edfSamplesPerSecond() > 0, text);
        assertTrue(Double.isFinite(r.windowMeanMicros()) && Double.isFinite(r.windowP99Micros()), text);
        assertTrue(text.contains("random 2-s windows of 16 channels"), text);
    }
}

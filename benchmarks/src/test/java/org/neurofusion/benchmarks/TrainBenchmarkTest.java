package org.neurofusion.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code bench train} on a small size: both sides' figures, the ratio, and the DJL side alone without a Python. */
class TrainBenchmarkTest {
    @Test
    void percentilesAreNearestRankOfTheTimedSteps() {
        TrainBenchmark.Side s = new TrainBenchmark.Side("x", new double[] {5, 1, 4, 2, 3, 10, 9, 8, 7, 6}, -1, 1, 1);
        assertEquals(5, s.medianMs());
        assertEquals(9, s.p90Ms());
        assertEquals(32 * 1000.0 / 5, s.windowsPerSecond(32));
        assertThrows(IllegalArgumentException.class, () -> new TrainBenchmark.Settings(1, 1, 0, 1, 1));
    }

    @Test
    void withoutPythonTheDjlSideIsPrintedAndTheReasonGiven() {
        String before = System.getProperty("neurofusion.twin.python");
        System.setProperty("neurofusion.twin.python", "/nonexistent/python3");
        try {
            TrainBenchmark.Result r = TrainBenchmark.run(new TrainBenchmark.Settings(1, 2, 1, 4, 1));
            assertNull(r.pytorch());
            assertTrue(r.missing().contains("/nonexistent/python3 is missing"), r.missing());
            assertEquals(2, r.djl().stepMs().length);
            assertTrue(r.djl().medianMs() > 0);
            String out = print(r);
            assertTrue(out.contains("PyTorch side not run: /nonexistent/python3 is missing"), out);
            assertTrue(Double.isNaN(r.ratio()));
        } finally {
            if (before == null) {
                System.clearProperty("neurofusion.twin.python");
            } else {
                System.setProperty("neurofusion.twin.python", before);
            }
        }
    }

    @Test
    void bothSidesRunTheSameModelAndTheRatioIsTheirMedians() {
        String why = TwinFolder.unavailable();
        Assumptions.assumeTrue(why == null, () -> "PyTorch side not checked: " + why);
        TrainBenchmark.Result r = TrainBenchmark.run(new TrainBenchmark.Settings(1, 2, 1, 4, 1));
        assertEquals(r.djl().parameters(), r.pytorch().parameters());
        assertEquals(2, r.pytorch().stepMs().length);
        assertEquals(1, r.pytorch().threads());
        assertTrue(r.pytorch().peakRssBytes() > 0);
        assertEquals(r.djl().medianMs() / r.pytorch().medianMs(), r.ratio(), 1e-12);
        String out = print(r);
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "DJL takes %.2fx PyTorch's time", r.ratio())),
                out);
    }

    private static String print(TrainBenchmark.Result r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainBenchmark.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

package org.neurofusion.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MegBenchmark} runs on a tiny size and prints its fields (times are not asserted). */
class MegBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void printsFifThroughputAndParcelTimesOnATinySize() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MegBenchmark.Settings s = new MegBenchmark.Settings(6, 100, 3, 6, 5, 4, 7, 10, 1);
        MegBenchmark.Result r = MegBenchmark.run(s, dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        // 6 channels × 300 samples × 4 bytes of data, plus headers: the file holds at least the samples
        assertTrue(r.fifBytes() > 6 * 300 * 4, out);
        assertTrue(r.fifSeconds() > 0 && r.niiGzSeconds() > 0 && r.niiSeconds() > 0, out);
        assertEquals(6 * 5 * 4 * 7 * 4 + 352, r.niiBytes(), out); // float32 voxels after the 352-byte header
        assertTrue(out.contains("FIF full read, 6 ch x 100 Hz x 3 s"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("FIF full read.*: \\d+\\.\\d{3} s, \\d+ MB/s, \\d+\\.\\d M"
                + " channel-samples/s")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("parcel means, 10 parcels, \\.nii\\.gz .*: \\d+\\.\\d{3} s,"
                + " \\d+\\.\\d M voxels/s")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("parcel means, 10 parcels, \\.nii .*: \\d+\\.\\d{3} s,"
                + " \\d+\\.\\d M voxels/s")), out);
    }

    @Test
    void moreParcelsThanVoxelsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MegBenchmark.Settings(1, 100, 1, 2, 2, 2, 1, 9, 1));
    }
}

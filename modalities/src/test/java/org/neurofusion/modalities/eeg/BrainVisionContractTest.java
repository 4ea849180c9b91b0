package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SignalBlock;

/** The reader contract on synthetic files: known values, windows equal slices, thread safety, laziness. */
class BrainVisionContractTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"MULTIPLEXED,INT_16", "MULTIPLEXED,INT_32", "MULTIPLEXED,IEEE_FLOAT_32", "VECTORIZED,INT_16",
            "VECTORIZED,INT_32", "VECTORIZED,IEEE_FLOAT_32"})
    void valuesAreKnownAndWindowsEqualSlices(String orientation, String format) {
        BrainVisionFixture f = new BrainVisionFixture();
        f.orientation = orientation;
        f.binaryFormat = format;
        f.channels = 5;
        f.samples = 257;
        try (Recording r = BrainVisionReader.open(f.write(dir, "syn"))) {
            assertEquals(orientation, r.header().get("DataOrientation"));
            assertEquals(500.0, r.channels().get(0).samplingRate());
            double factor = 0.5 * 1e-6;
            double[][] full = new double[5][];
            for (int c = 0; c < 5; c++) {
                full[c] = r.readAll(c);
                assertEquals(257, full[c].length);
                for (int s = 0; s < 257; s++) {
                    assertEquals(f.raw(c, s) * factor, full[c][s], "channel " + c + " sample " + s);
                }
            }
            int[][] windows = {{0, 1}, {0, 257}, {17, 23}, {252, 5}, {256, 1}, {40, 0}, {100, 150}};
            for (int c : new int[] {0, 2, 4}) {
                for (int[] w : windows) {
                    double[] got = new double[w[1] + 3];
                    r.read(c, w[0], got, 3, w[1]);
                    assertArrayEquals(Arrays.copyOfRange(full[c], w[0], w[0] + w[1]),
                            Arrays.copyOfRange(got, 3, got.length), "channel " + c + " window " + Arrays.toString(w));
                    float[] asFloat = new float[w[1]];
                    r.read(c, w[0], asFloat, 0, w[1]);
                    for (int i = 0; i < w[1]; i++) {
                        assertEquals((float) full[c][w[0] + i], asFloat[i]);
                    }
                }
            }
            SignalBlock block = r.read(new int[] {3, 1}, 10, 20);
            for (int t = 0; t < 20; t++) {
                assertEquals((float) full[3][10 + t], block.get(0, t));
                assertEquals((float) full[1][10 + t], block.get(1, t));
            }
        }
    }

    @Test
    void boundsAndLifecycle() {
        Recording r = BrainVisionReader.open(new BrainVisionFixture().write(dir, "syn"));
        double[] dst = new double[10];
        assertThrows(IndexOutOfBoundsException.class, () -> r.read(3, 0, dst, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> r.read(0, 95, dst, 0, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> r.read(0, -1, dst, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> r.read(0, 0, dst, 5, 6));
        r.read(0, 99, dst, 0, 1);
        assertEquals(new BrainVisionFixture().raw(0, 99) * 0.5e-6, dst[0]);
        r.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.read(0, 0, dst, 0, 1));
        assertTrue(e.getMessage().contains("syn.eeg"), e.getMessage());
    }

    @Test
    void concurrentReadsAgreeWithSequentialOnes() throws Exception {
        BrainVisionFixture f = new BrainVisionFixture();
        f.channels = 4;
        f.samples = 5000;
        try (Recording r = BrainVisionReader.open(f.write(dir, "syn"))) {
            double[][] full = new double[4][];
            for (int c = 0; c < 4; c++) {
                full[c] = r.readAll(c);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> jobs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long seed = t;
                    jobs.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        int checked = 0;
                        for (int k = 0; k < 300; k++) {
                            int c = rnd.nextInt(4);
                            int first = rnd.nextInt(5000);
                            int n = rnd.nextInt(5000 - first + 1);
                            double[] got = new double[n];
                            r.read(c, first, got, 0, n);
                            assertArrayEquals(Arrays.copyOfRange(full[c], first, first + n), got);
                            checked++;
                        }
                        return checked;
                    }));
                }
                for (Future<Integer> j : jobs) {
                    assertEquals(300, j.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A 3 GiB data file (sparse: it costs no disk) opens instantly under the 1 GiB test heap, and windows are
     * read across the 1 GiB mapping boundaries and beyond 2 GiB, in both orientations.
     */
    @ParameterizedTest
    @CsvSource({"MULTIPLEXED", "VECTORIZED"})
    void lazyOpenOfAMultiGigabyteFile(String orientation) throws IOException {
        BrainVisionFixture f = new BrainVisionFixture();
        f.orientation = orientation;
        f.channels = 4;
        f.samples = 1; // header only; the data file is replaced below
        f.writeDataPoints = false;
        f.markerLines = List.of("Mk1=Stimulus,S  9,402653184,1,0");
        Path vhdr = f.write(dir, "big");
        long bytes = 3L << 30;
        long samples = bytes / 8; // 4 channels × 2 bytes
        boolean mux = orientation.equals("MULTIPLEXED");
        long[] marks = {(1L << 30) / 8 - 1, (1L << 30) / 8, (2L << 30) / 8 + 5, samples - 1};
        int ch = 3;
        try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("big.eeg").toFile(), "rw")) {
            raf.setLength(bytes);
            for (int i = 0; i < marks.length; i++) {
                long offset = mux ? (marks[i] * 4 + ch) * 2 : (ch * samples + marks[i]) * 2;
                raf.seek(offset);
                short v = (short) (1000 + i); // little-endian
                raf.write(v & 0xff);
                raf.write(v >> 8);
            }
        }
        long t0 = System.nanoTime();
        try (Recording r = BrainVisionReader.open(vhdr)) {
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "open must not read the data");
            assertEquals(samples, r.channels().get(ch).sampleCount());
            assertEquals(1, r.annotations().size());
            double[] w = new double[8];
            r.read(ch, marks[0] - 3, w, 0, 8); // crosses the first 1 GiB mapping boundary when multiplexed
            double[] expected = new double[8];
            expected[3] = 1000 * 0.5e-6;
            expected[4] = 1001 * 0.5e-6;
            assertArrayEquals(expected, w);
            r.read(ch, marks[2], w, 0, 1);
            assertEquals(1002 * 0.5e-6, w[0]);
            r.read(ch, samples - 2, w, 0, 2);
            assertEquals(0.0, w[0]);
            assertEquals(1003 * 0.5e-6, w[1]);
            r.read(0, samples - 2, w, 0, 2);
            assertEquals(0.0, w[1]);
        }
    }
}

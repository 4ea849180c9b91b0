package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.provider.ValueSource;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.core.SignalBlock;

/** The reader contract: windows equal slices, data parsed only when read, safe from several threads. */
class NirxContractTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {NirxFixture.W_SHORT, NirxFixture.AURORA})
    void windowsEqualSlicesOfTheWhole(String folder) {
        try (Recording r = NirxReader.open(SharedData.require(folder))) {
            int n = r.channels().size();
            double[][] full = new double[n][];
            for (int c = 0; c < n; c++) {
                full[c] = r.readAll(c);
                assertEquals(r.channels().get(c).sampleCount(), full[c].length);
            }
            Random rnd = new Random(7);
            for (int t = 0; t < 50; t++) {
                int len = full[0].length;
                int first = rnd.nextInt(len);
                int count = rnd.nextInt(len - first + 1);
                int c = rnd.nextInt(n);
                double[] w = new double[count + 3];
                r.read(c, first, w, 3, count);
                assertArrayEquals(Arrays.copyOfRange(full[c], first, first + count), Arrays.copyOfRange(w, 3,
                        count + 3), "channel " + c + " window " + first + "+" + count);
                int[] some = {c, (c + 1) % n};
                SignalBlock b = r.read(some, first, count);
                for (int i = 0; i < some.length; i++) {
                    for (int k = 0; k < count; k++) {
                        assertEquals((float) full[some[i]][first + k], b.data()[i * count + k]);
                    }
                }
            }
            assertThrows(IndexOutOfBoundsException.class, () -> r.read(0, full[0].length - 2, new double[5], 0, 5));
            assertThrows(IndexOutOfBoundsException.class, () -> r.read(n, 0, new double[1], 0, 1));
        }
    }

    /** Opening must not parse the wavelength files: garbage in .wl1 surfaces on the first read, not before. */
    @Test
    void openDoesNotParseTheDataFiles() {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        NirxFixture.edit(folder, ".wl1", s -> s.replaceAll("[0-9]", "x"));
        try (Recording r = NirxReader.open(folder)) {
            assertEquals(26, r.channels().size());
            assertEquals(145, r.channels().get(0).sampleCount());
            assertEquals(3, r.annotations().size());
            assertFalse(((NirxRecording) r).parsed());
            CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> r.readAll(0));
            assertTrue(e.getMessage().contains(".wl1") && e.getMessage().contains("line 1, column 1"),
                    e.getMessage());
        }
    }

    @Test
    void theFirstReadParsesOnceForAllThreads() throws Exception {
        double[] expected;
        try (Recording r = NirxReader.open(SharedData.require(NirxFixture.AURORA))) {
            expected = r.readAll(17);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Recording r = NirxReader.open(SharedData.require(NirxFixture.AURORA))) {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                fs.add(pool.submit(() -> r.readAll(17)));
            }
            for (Future<double[]> f : fs) {
                assertArrayEquals(expected, f.get());
            }
            assertTrue(((NirxRecording) r).parsed());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void readingAfterCloseIsAnError() {
        Recording r = NirxReader.open(SharedData.require(NirxFixture.W_SHORT));
        r.readAll(0);
        r.close();
        assertInstanceOf(IllegalStateException.class, assertThrows(RuntimeException.class, () -> r.readAll(0)));
    }
}

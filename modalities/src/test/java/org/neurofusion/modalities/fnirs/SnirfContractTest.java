package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SharedData;

/** The reader contract: windows equal slices of the whole, from any thread; blocks can be chosen. */
class SnirfContractTest {
    @TempDir
    Path dir;

    static final String[] FILES = {SnirfSharedDataTest.HOMER3_SHORT, // contiguous layout
        "fnirs/mne_testing_data/SNIRF_NIRx_NIRSport2_2021.9/2021-10-01_002.snirf", // chunked, scale-offset
        "fnirs/mne_testing_data/SNIRF_GowerLabs/lumomat-1-1-0.snirf"}; // float32, aux at 100 Hz

    @Test
    void windowsEqualSlicesOfTheWhole() {
        for (String rel : FILES) {
            try (Recording r = SnirfReader.open(SharedData.require(rel))) {
                for (int c = 0; c < r.channels().size(); c += 7) {
                    double[] all = r.readAll(c);
                    int n = all.length;
                    for (int[] w : new int[][] {{0, 1}, {n / 3, n / 4}, {n - 5, 5}, {1, n - 2}}) {
                        double[] part = new double[w[1] + 2];
                        r.read(c, w[0], part, 2, w[1]);
                        for (int i = 0; i < w[1]; i++) {
                            assertEquals(all[w[0] + i], part[2 + i], 0.0, rel + " " + r.channels().get(c).name());
                        }
                    }
                }
                assertThrows(IndexOutOfBoundsException.class, () -> r.read(0, r.channels().get(0).sampleCount(),
                        new double[1], 0, 1));
            }
        }
    }

    @Test
    void concurrentReadsAgreeWithSerialOnes() throws Exception {
        try (Recording r = SnirfReader.open(SharedData.require(FILES[1]))) {
            int channels = r.channels().size();
            double[][] serial = new double[channels][];
            for (int c = 0; c < channels; c++) {
                serial[c] = r.readAll(c);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<double[]>> fs = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int c = 0; c < channels; c++) {
                        int ch = c;
                        fs.add(pool.submit(() -> r.readAll(ch)));
                    }
                }
                for (int i = 0; i < fs.size(); i++) {
                    assertArrayEquals(serial[i % channels], fs.get(i).get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void severalBlocksAreListedAndEachCanBeOpened() {
        Path p = SnirfFixture.write(dir.resolve("two.snirf"), m -> {
            m.put("/nirs/data2/dataTimeSeries", new double[][] {{9}, {8}, {7}});
            m.put("/nirs/data2/time", new double[] {0, 0.5});
            m.put("/nirs/data2/measurementList1/sourceIndex", 1);
            m.put("/nirs/data2/measurementList1/detectorIndex", 1);
            m.put("/nirs/data2/measurementList1/dataType", 99999);
            m.put("/nirs/data2/measurementList1/dataTypeLabel", "HbO");
            m.put("/nirs/data2/measurementList1/dataUnit", "uM");
        });
        assertEquals(List.of("/nirs/data1", "/nirs/data2"), SnirfReader.blocks(p));
        try (Recording r = SnirfReader.open(p)) {
            assertEquals("/nirs/data1,/nirs/data2", r.header().get("blocks"));
            assertEquals(2, r.channels().size());
        }
        try (Recording r = SnirfReader.open(p, 1, 2)) {
            assertEquals("S1_D1 hbo", r.channels().get(0).name());
            assertEquals("mol/L", r.channels().get(0).unit());
            assertEquals(2.0, r.channels().get(0).samplingRate(), 1e-12);
            assertEquals(7e-6, r.readAll(0)[2], 1e-18);
        }
        assertThrows(RecordingException.class, () -> SnirfReader.open(p, 2, 1));
    }
}

package org.neurofusion.modalities.fmri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random access on synthetic images: windows equal slices of the whole, threads agree, opening reads no voxels. */
class NiftiImageTest {
    private static final long[] SHAPE = {7, 6, 5, 9};

    @TempDir
    Path dir;

    private Path image(String name, ByteOrder order) {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.FLOAT32).setShape(SHAPE).optVersion(2)
                .optByteOrder(order).optScaling(2, 1).build();
        Path p = dir.resolve(name);
        NiftiWriter.write(p, h, NiftiFixture.randomValues(NiftiDataType.FLOAT32, (int) h.voxelCount(), 3));
        return p;
    }

    private static double[] whole(NiftiImage img) {
        double[] all = new double[(int) img.voxelCount()];
        img.read(0, all, 0, all.length);
        return all;
    }

    @Test
    void regionsAndTimeSeriesEqualSlicesOfTheWhole() {
        Random r = new Random(11);
        try (NiftiImage img = NiftiReader.open(image("w.nii.gz", ByteOrder.BIG_ENDIAN))) {
            double[] all = whole(img);
            for (int trial = 0; trial < 50; trial++) {
                long[] start = new long[4];
                long[] size = new long[4];
                for (int a = 0; a < 4; a++) {
                    start[a] = r.nextInt((int) SHAPE[a]);
                    size[a] = 1 + r.nextInt((int) (SHAPE[a] - start[a]));
                }
                double[] region = img.readRegion(start, size);
                int at = 0;
                for (long t = start[3]; t < start[3] + size[3]; t++) {
                    for (long k = start[2]; k < start[2] + size[2]; k++) {
                        for (long j = start[1]; j < start[1] + size[1]; j++) {
                            for (long i = start[0]; i < start[0] + size[0]; i++) {
                                int linear = (int) (i + SHAPE[0] * (j + SHAPE[1] * (k + SHAPE[2] * t)));
                                assertEquals(all[linear], region[at++], 0);
                            }
                        }
                    }
                }
            }
            double[] ts = img.timeSeries(6, 5, 4);
            for (int t = 0; t < SHAPE[3]; t++) {
                assertEquals(all[(int) (6 + 7 * (5 + 6 * (4 + 5L * t)))], ts[t], 0);
            }
            assertEquals(1, img.decompressions());
        }
    }

    @Test
    void readsFromSeveralThreadsEqualSerialOnesAndDecompressOnce() throws Exception {
        Path p = image("t.nii.gz", ByteOrder.LITTLE_ENDIAN);
        double[] serial;
        try (NiftiImage img = NiftiReader.open(p)) {
            serial = whole(img);
        }
        try (NiftiImage img = NiftiReader.open(p)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<double[]>> series = new ArrayList<>();
                for (int v = 0; v < 7 * 6 * 5; v++) {
                    int i = v % 7;
                    int j = (v / 7) % 6;
                    int k = v / 42;
                    series.add(pool.submit(() -> img.timeSeries(i, j, k)));
                }
                for (int v = 0; v < series.size(); v++) {
                    double[] ts = series.get(v).get();
                    for (int t = 0; t < SHAPE[3]; t++) {
                        assertEquals(serial[v + 210 * t], ts[t], 0);
                    }
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(1, img.decompressions());
        }
    }

    @Test
    void openingReadsNoVoxels() throws IOException {
        Path p = image("lazy.nii", ByteOrder.LITTLE_ENDIAN);
        try (NiftiImage img = NiftiReader.open(p)) {
            long at = NiftiHeaderEncoder.voxOffset(img.header());
            NiftiFixture.patch(p, ByteOrder.LITTLE_ENDIAN, (int) at, b -> b.putFloat(20.5f));
            assertEquals(20.5 * 2 + 1, img.voxel(0, 0, 0, 0), "the value on disk at the time of the read");
        }
    }

    @Test
    void badArgumentsAreRefusedAsDocumented() {
        try (NiftiImage img = NiftiReader.open(image("args.nii", ByteOrder.BIG_ENDIAN))) {
            assertThrows(IndexOutOfBoundsException.class, () -> img.voxel(7, 0, 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> img.voxel(0, -1, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> img.voxel(0, 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> img.read(img.voxelCount() - 2, new double[5], 0, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> img.read(0, new double[2], 1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> img.readRegion(new long[] {5, 0, 0, 0},
                    new long[] {3, 1, 1, 1}));
            assertThrows(IllegalArgumentException.class, () -> img.readLongs(0, new long[1], 0, 1));
            assertArrayEquals(new double[0], img.readRegion(new long[4], new long[] {0, 1, 1, 1}));
        }
    }
}

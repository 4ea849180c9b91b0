package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ChannelViewsTest {
    @Test
    void eachViewHidesItsShareOfRealChannelsAndNeverPadding() {
        int b = 400;
        int c = 10;
        float[] mask = new float[b * c];
        for (int i = 0; i < b; i++) {
            int real = i % 2 == 0 ? 10 : 6; // odd rows: 4 padded channels
            for (int k = 0; k < real; k++) {
                mask[i * c + k] = 1;
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mk = m.create(mask, new Shape(b, c));
            long[] rows = new long[b];
            for (int i = 0; i < b; i++) {
                rows[i] = i;
            }
            NDList views = ChannelViews.masks(mk, new ChannelViews.Spec(0.3, ChannelViews.seeds(7, rows)));
            float[] v0 = views.get(0).toFloatArray();
            float[] v1 = views.get(1).toFloatArray();
            int kept = 0;
            int real = 0;
            int differ = 0;
            for (int i = 0; i < b; i++) {
                int keptRow0 = 0;
                int keptRow1 = 0;
                for (int k = 0; k < c; k++) {
                    int at = i * c + k;
                    if (mask[at] == 0) {
                        assertEquals(0, v0[at], "padding stays hidden");
                        assertEquals(0, v1[at]);
                        continue;
                    }
                    real += 2;
                    kept += (int) (v0[at] + v1[at]);
                    keptRow0 += (int) v0[at];
                    keptRow1 += (int) v1[at];
                    differ += v0[at] != v1[at] ? 1 : 0;
                }
                assertTrue(keptRow0 >= 1 && keptRow1 >= 1, "row " + i + " keeps a channel in each view");
            }
            // about 70 % kept (binomial over 6400 channel draws: ± 2 points is over 3.5 sigma)
            assertEquals(0.7, (double) kept / real, 0.02);
            assertTrue(differ > 0.3 * real / 2, "the two views hide different channels");
            // a row's views depend on its seed alone, not on its place in the batch
            NDList again = ChannelViews.masks(mk.get("5:6"), new ChannelViews.Spec(0.3, ChannelViews.seeds(7,
                    new long[] {5})));
            float[] row5 = java.util.Arrays.copyOfRange(v0, 5 * c, 6 * c);
            assertArrayEquals(row5, again.get(0).toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> ChannelViews.masks(mk,
                    new ChannelViews.Spec(0.3, new long[] {1, 2})));
            assertThrows(IllegalArgumentException.class, () -> new ChannelViews.Spec(1.0, rows));
            assertThrows(IllegalArgumentException.class, () -> new ChannelViews.Spec(0, rows));
        }
    }

    @Test
    void aWindowWithOneRealChannelKeepsItInBothViews() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mk = m.create(new float[] {0, 1, 0, 0}, new Shape(1, 4));
            NDList v = ChannelViews.masks(mk, new ChannelViews.Spec(0.9, new long[] {3}));
            assertArrayEquals(new float[] {0, 1, 0, 0}, v.get(0).toFloatArray());
            assertArrayEquals(new float[] {0, 1, 0, 0}, v.get(1).toFloatArray());
        }
    }
}

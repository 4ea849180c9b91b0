package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Padding, stacking and splitting of batches, on arrays made by hand (no store). */
class PaddingBatchifierTest {
    /** A named C × 2 array whose row r holds {@code base + r} twice. */
    private static NDArray rows(NDManager m, String name, int c, float base) {
        float[] d = new float[c * 2];
        for (int r = 0; r < c; r++) {
            d[2 * r] = base + r;
            d[2 * r + 1] = base + r;
        }
        NDArray a = m.create(d, new Shape(c, 2));
        a.setName(name);
        return a;
    }

    private static NDArray scalar(NDManager m, int value) {
        NDArray a = m.create(value);
        a.setName("label");
        return a;
    }

    @Test
    void theFirstExampleMayBeTheWidestAndScalarsAreStacked() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Example 0 holds the most channels: the batch is as wide as it, the others padded with zeros.
            NDList[] examples = {new NDList(rows(m, "eeg", 3, 10), scalar(m, 7)),
                new NDList(rows(m, "eeg", 1, 20), scalar(m, -1)), new NDList(rows(m, "eeg", 2, 30), scalar(m, 2))};
            NDList batch = new PaddingBatchifier().batchify(examples);
            assertEquals(new Shape(3, 3, 2), batch.get(0).getShape());
            assertArrayEquals(new float[] {10, 10, 11, 11, 12, 12, 20, 20, 0, 0, 0, 0, 30, 30, 31, 31, 0, 0},
                    batch.get(0).toFloatArray());
            assertEquals(new Shape(3), batch.get(1).getShape());
            assertArrayEquals(new int[] {7, -1, 2}, batch.get(1).toIntArray());
            assertEquals(List.of("eeg", "label"), batch.stream().map(NDArray::getName).toList());
        }
    }

    @Test
    void splitsIntoSlicesOfCeilingSizeKeepingNames() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList batch = new NDList(rows(m, "eeg", 5, 0), m.arange(5f).reshape(5));
            batch.get(1).setName("eeg_mask");
            NDList[] three = new PaddingBatchifier().split(batch, 3, false);
            assertEquals(List.of(2L, 2L, 1L), Arrays.stream(three).map(l -> l.get(0).getShape().get(0)).toList());
            assertArrayEquals(new float[] {4, 4}, three[2].get(0).toFloatArray());
            assertArrayEquals(new float[] {2, 3}, three[1].get(1).toFloatArray());
            for (NDList slice : three) {
                assertEquals(List.of("eeg", "eeg_mask"), slice.stream().map(NDArray::getName).toList());
            }
            NDList[] one = new PaddingBatchifier().split(batch, 1, false);
            assertEquals(1, one.length);
            assertEquals(new Shape(5, 2), one[0].get(0).getShape());
            assertEquals("eeg_mask", one[0].get(1).getName());
            // More slices than examples: one example each.
            assertEquals(5, new PaddingBatchifier().split(batch, 8, false).length);
        }
    }

    @Test
    void nothingSplitsIntoNothing() {
        assertEquals(0, new PaddingBatchifier().split(new NDList(), 2, false).length);
        assertEquals(0, new PaddingBatchifier().unbatchify(new NDList()).length);
    }
}

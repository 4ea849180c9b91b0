package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.SignalBlock;

class TrialTest {
    @Test
    void aBlockViewReadsTheChosenRowsInPlace() {
        // 3 channels × 4 samples; value = 10 × channel + sample
        float[] data = new float[12];
        for (int c = 0; c < 3; c++) {
            for (int s = 0; s < 4; s++) {
                data[c * 4 + s] = 10 * c + s + 0.1f;
            }
        }
        SignalBlock b = new SignalBlock(List.of("a", "b", "c"), 100, 0, 4, data);
        Trial t = Trial.of(b, new int[] {2, 0});
        assertEquals(2, t.channels());
        assertEquals(4, t.samples());
        assertEquals((double) (20 + 3 + 0.1f), t.get(0, 3));
        assertEquals((double) (0 + 1 + 0.1f), t.get(1, 1));
        data[8] = -1; // a view, not a copy
        assertEquals(-1, t.get(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Trial.of(b, new int[] {3}));
    }

    @Test
    void cspFeaturesAreTheSameFromFloatBlocksAndFromTheirDoubleRows() {
        java.util.Random rnd = new java.util.Random(5);
        List<double[][]> a = new java.util.ArrayList<>();
        List<double[][]> bRows = new java.util.ArrayList<>();
        List<Trial> aBlocks = new java.util.ArrayList<>();
        List<Trial> bBlocks = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] f = new float[4 * 50];
            double[][] d = new double[4][50];
            for (int c = 0; c < 4; c++) {
                for (int s = 0; s < 50; s++) {
                    f[c * 50 + s] = (float) (rnd.nextGaussian() * (i % 2 == 0 && c == 1 ? 3 : 1));
                    d[c][s] = f[c * 50 + s];
                }
            }
            (i % 2 == 0 ? a : bRows).add(d);
            (i % 2 == 0 ? aBlocks : bBlocks).add(Trial.of(new SignalBlock(List.of("1", "2", "3", "4"), 50, 0, 50, f),
                    new int[] {0, 1, 2, 3}));
        }
        Csp fromDouble = Csp.fit(a, bRows, 1, 0.05);
        Csp fromFloat = Csp.fitTrials(aBlocks, bBlocks, 1, 0.05);
        assertArrayEquals(fromDouble.eigenvalues(), fromFloat.eigenvalues());
        assertArrayEquals(fromDouble.features(a.get(0)), fromFloat.features(aBlocks.get(0)));
    }
}

package org.neurofusion.fusion.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The projection onto the first two principal components, against points whose main axes are known. */
class LatentProjectionTest {
    @Test
    void theFirstAxisFollowsTheLargestSpreadAndTheSecondTheNext() {
        Random rnd = new Random(1);
        List<float[]> rows = new ArrayList<>();
        double[] t = new double[200];
        double[] u = new double[200];
        for (int i = 0; i < t.length; i++) {
            t[i] = 3 * rnd.nextGaussian();
            u[i] = rnd.nextGaussian();
            double noise = 0.01 * rnd.nextGaussian();
            // main axis (1, 1, 0, 0)/sqrt(2) with sd 3, second (0, 0, 1, 0) with sd 1, an offset of 5 everywhere
            rows.add(new float[] {(float) (5 + t[i] / Math.sqrt(2)), (float) (5 + t[i] / Math.sqrt(2)),
                (float) (5 + u[i]), (float) (5 + noise)});
        }
        double[][] xy = LatentProjection.project(rows);
        assertEquals(1.0, Math.abs(correlation(xy, 0, t)), 1e-3);
        assertEquals(1.0, Math.abs(correlation(xy, 1, u)), 1e-3);
        // centred: the coordinates average to zero whatever the offset
        double mx = 0;
        for (double[] p : xy) {
            mx += p[0] / xy.length;
        }
        assertEquals(0, mx, 1e-4);
        assertThrows(IllegalArgumentException.class, () -> LatentProjection.project(rows.subList(0, 2)));
    }

    private static double correlation(double[][] xy, int col, double[] v) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < v.length; i++) {
            ma += xy[i][col] / v.length;
            mb += v[i] / v.length;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < v.length; i++) {
            ab += (xy[i][col] - ma) * (v[i] - mb);
            aa += (xy[i][col] - ma) * (xy[i][col] - ma);
            bb += (v[i] - mb) * (v[i] - mb);
        }
        assertTrue(aa > 0 && bb > 0);
        return ab / Math.sqrt(aa * bb);
    }
}

package org.neurofusion.fusion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stacking weights: the optimum of their objective, the scale they recover, and no weight for noise. */
class StackingTest {
    /**
     * Windows whose labels are drawn from softmax(3·s) for a two-class score s, with part 0 = s (informative, three
     * times too timid) and part 1 = Gaussian noise of the same size.
     */
    private static float[][][] parts(int n, Random r, int[] y) {
        float[][][] p = new float[2][n][];
        for (int i = 0; i < n; i++) {
            double s = r.nextGaussian();
            double p1 = 1 / (1 + Math.exp(-3 * 2 * s)); // logits {-s, s}: difference 2s, scaled by 3
            y[i] = r.nextDouble() < p1 ? 1 : 0;
            p[0][i] = new float[] {(float) -s, (float) s};
            double noise = r.nextGaussian();
            p[1][i] = new float[] {(float) -noise, (float) noise};
        }
        return p;
    }

    @Test
    void theWeightsMinimiseTheObjectiveRecoverTheScaleAndIgnoreNoise() {
        int n = 4000;
        int[] y = new int[n];
        float[][][] p = parts(n, new Random(1), y);
        double[] theta = Stacking.fit(p, y);
        assertEquals(3.0, theta[0], 0.25, "the informative part's true scale");
        assertEquals(0.0, theta[1], 0.1, "the noise");
        // the optimum: every central difference of the objective vanishes there
        double f = Stacking.objective(p, y, theta);
        for (int j = 0; j < 2; j++) {
            double h = 1e-5;
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[j] += h;
            down[j] -= h;
            double slope = (Stacking.objective(p, y, up) - Stacking.objective(p, y, down)) / (2 * h);
            assertEquals(0, slope, 1e-6, "d objective / d theta_" + j);
            assertTrue(Stacking.objective(p, y, up) >= f && Stacking.objective(p, y, down) >= f);
        }
    }

    @Test
    void separableOutputsGetAFiniteWeightAndBadShapesAreRefused() {
        float[][][] p = {{{-1, 1}, {1, -1}, {-2, 2}}};
        int[] y = {1, 0, 1};
        double[] theta = Stacking.fit(p, y);
        assertTrue(Double.isFinite(theta[0]) && theta[0] > 1, "the ridge bounds a perfect separator: " + theta[0]);
        assertThrows(IllegalArgumentException.class, () -> Stacking.fit(p, new int[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> Stacking.fit(p, new int[] {1, 0, 2}));
        assertThrows(IllegalArgumentException.class, () -> Stacking.fit(new float[0][][], y));
    }
}

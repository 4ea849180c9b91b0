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
        double[] free = Stacking.unconstrained(p, y);
        assertEquals(3.0, free[0], 0.25, "the informative part's true scale");
        assertEquals(0.0, free[1], 0.1, "the noise");
        // the unconstrained optimum: every central difference of the objective vanishes there
        double h = 1e-5;
        for (int j = 0; j < 2; j++) {
            assertEquals(0, slope(p, y, free, j, h), 1e-6, "d objective / d theta_" + j);
        }
        // the non-negative optimum (KKT): zero slope where a weight is positive, a non-negative one where it is 0
        double[] theta = Stacking.fit(p, y);
        assertEquals(free[0], theta[0], 0.05);
        for (int j = 0; j < 2; j++) {
            assertTrue(theta[j] >= 0);
            double g = slope(p, y, theta, j, h);
            assertTrue(theta[j] > 0 ? Math.abs(g) < 1e-6 : g > -1e-6, "theta_" + j + " " + theta[j] + ", slope " + g);
        }
    }

    private static double slope(float[][][] p, int[] y, double[] at, int j, double h) {
        double[] up = at.clone();
        double[] down = at.clone();
        up[j] += h;
        down[j] -= h;
        return (Stacking.objective(p, y, up) - Stacking.objective(p, y, down)) / (2 * h);
    }

    @Test
    void aPartWorseThanChanceGetsNoWeightNotANegativeOne() {
        // part 1 is the informative score turned round: unconstrained it would get a negative weight
        int n = 2000;
        int[] y = new int[n];
        float[][][] p = parts(n, new Random(2), y);
        float[][][] inverted = {p[1], new float[n][]};
        for (int i = 0; i < n; i++) {
            inverted[1][i] = new float[] {-p[0][i][0], -p[0][i][1]};
        }
        assertTrue(Stacking.unconstrained(inverted, y)[1] < -2, "unconstrained: inverted");
        double[] theta = Stacking.fit(inverted, y);
        assertEquals(0, theta[1], 0, "no weight for a part worse than chance");
        assertEquals(0, theta[0], 0.1, "the noise part: about none");
        // the constrained optimum is no worse than any other non-negative point nearby
        double f = Stacking.objective(inverted, y, theta);
        for (double[] other : new double[][] {{0.1, 0}, {theta[0] + 0.05, 0}, {Math.max(0, theta[0] - 0.05), 0.05}}) {
            assertTrue(Stacking.objective(inverted, y, other) >= f - 1e-12, java.util.Arrays.toString(other));
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

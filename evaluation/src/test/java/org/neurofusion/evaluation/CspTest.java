package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CspTest {
    private static final int CHANNELS = 6;

    /** Class a: isotropic noise plus a source along {@code dir}; class b: the noise alone. */
    private static List<double[][]> trials(Random rnd, double[] dir, double sourceSd, int n) {
        List<double[][]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[][] x = new double[CHANNELS][200];
            for (int t = 0; t < 200; t++) {
                double s = sourceSd * rnd.nextGaussian();
                for (int c = 0; c < CHANNELS; c++) {
                    x[c][t] = 1e-5 * (rnd.nextGaussian() + s * dir[c]);
                }
            }
            out.add(x);
        }
        return out;
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(dot(v, v));
        double[] u = v.clone();
        for (int i = 0; i < u.length; i++) {
            u[i] /= n;
        }
        return u;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void recoversPlantedSpatialFilter() {
        Random rnd = new Random(7);
        double[] dir = unit(new double[] {0.3, -1.2, 0.5, 0.9, -0.1, 0.4});
        List<double[][]> a = trials(rnd, dir, 2.0, 30);
        List<double[][]> b = trials(rnd, dir, 0.0, 30);
        for (double gamma : new double[] {0.0, CspLda.DEFAULT_GAMMA}) {
            Csp csp = Csp.fit(a, b, 3, gamma);
            double[][] w = csp.filters();
            assertEquals(6, w.length);
            assertTrue(Math.abs(dot(unit(w[0]), dir)) > 0.95, "top filter along the planted direction, gamma " + gamma);
            // eigenvalues descend: the first filter is the most class-a, the last the most class-b
            double[] ev = csp.eigenvalues();
            for (int i = 1; i < ev.length; i++) {
                assertTrue(ev[i - 1] >= ev[i]);
            }
            // the normalised log-variance of the top filter is higher for class a
            assertTrue(csp.features(a.get(0))[0] > csp.features(b.get(0))[0]);
        }
        // swapping the classes puts the planted direction at the other end
        double[][] swapped = Csp.fit(b, a, 3, 0.0).filters();
        assertTrue(Math.abs(dot(unit(swapped[5]), dir)) > 0.95);
    }

    @Test
    void featuresAreNormalisedLogVariances() {
        Random rnd = new Random(3);
        double[] dir = unit(new double[] {1, 0, 0, 0, 0, 1});
        Csp csp = Csp.fit(trials(rnd, dir, 1.5, 10), trials(rnd, dir, 0, 10), 2, 0.1);
        double[] f = csp.features(trials(rnd, dir, 1, 1).get(0));
        double sum = 0;
        for (double v : f) {
            assertTrue(v < 0);
            sum += Math.exp(v);
        }
        assertEquals(1.0, sum, 1e-9, "variance shares sum to one");
    }

    @Test
    void rejectsBadInput() {
        Random rnd = new Random(1);
        double[] dir = unit(new double[] {1, 1, 1, 1, 1, 1});
        List<double[][]> a = trials(rnd, dir, 1, 3);
        assertThrows(IllegalArgumentException.class, () -> Csp.fit(a, List.of(), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> Csp.fit(a, a, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Csp.fit(a, a, 3, 1.0));
    }
}

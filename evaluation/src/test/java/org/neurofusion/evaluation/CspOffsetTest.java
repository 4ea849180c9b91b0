package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CSP removes each channel's mean: a constant added to a channel changes neither the filters nor the features. */
class CspOffsetTest {
    private static final double[] OFFSET = {5e-4, -2e-4, 1e-3, 0, 3e-4, -7e-4};

    private static List<double[][]> trials(Random rnd, double[] dir, double sourceSd, int n) {
        List<double[][]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[][] x = new double[6][200];
            for (int t = 0; t < 200; t++) {
                double s = sourceSd * rnd.nextGaussian();
                for (int c = 0; c < 6; c++) {
                    x[c][t] = 1e-5 * (rnd.nextGaussian() + s * dir[c]);
                }
            }
            out.add(x);
        }
        return out;
    }

    private static double[][] shifted(double[][] x) {
        double[][] y = new double[x.length][];
        for (int c = 0; c < x.length; c++) {
            y[c] = x[c].clone();
            for (int t = 0; t < y[c].length; t++) {
                y[c][t] += OFFSET[c];
            }
        }
        return y;
    }

    @Test
    void aConstantPerChannelChangesNothing() {
        Random rnd = new Random(11);
        double[] dir = {0.3, -1.2, 0.5, 0.9, -0.1, 0.4};
        List<double[][]> a = trials(rnd, dir, 2.0, 20);
        List<double[][]> b = trials(rnd, dir, 0.0, 20);
        Csp plain = Csp.fit(a, b, 2, 0.05);
        Csp offset = Csp.fit(a.stream().map(CspOffsetTest::shifted).toList(),
                b.stream().map(CspOffsetTest::shifted).toList(), 2, 0.05);
        assertArrayEquals(plain.eigenvalues(), offset.eigenvalues(), 1e-9);
        double[][] wp = plain.filters();
        double[][] wo = offset.filters();
        for (int f = 0; f < wp.length; f++) {
            double norm = 0;
            double dot = 0;
            for (int c = 0; c < wp[f].length; c++) {
                norm += wp[f][c] * wp[f][c];
                dot += wp[f][c] * wo[f][c];
            }
            double sign = Math.signum(dot); // an eigenvector's sign is arbitrary
            for (int c = 0; c < wp[f].length; c++) {
                assertEquals(wp[f][c], sign * wo[f][c], 1e-6 * Math.sqrt(norm), "filter " + f + " channel " + c);
            }
        }
        double[][] trial = trials(rnd, dir, 1.0, 1).get(0);
        double[] features = plain.features(trial);
        assertArrayEquals(features, plain.features(shifted(trial)), 1e-8);
        assertArrayEquals(features, offset.features(shifted(trial)), 1e-6);
        // the features are normalised log-variances: their exponentials sum to 1
        double sum = 0;
        for (double v : features) {
            sum += Math.exp(v);
        }
        assertEquals(1.0, sum, 1e-12);
    }
}

package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The softmax subtracts the largest logit: logits of several hundred still give finite, exact probabilities. */
class LogisticRegressionOverflowTest {
    @Test
    void probabilitiesOfAFarRowAreFiniteAndExact() {
        // class 0 on the left; classes 1 and 2 mirror images of each other on the right (y and −y)
        double[][] x = new double[60][];
        int[] y = new int[60];
        for (int i = 0; i < 20; i++) {
            double u = (i % 5) * 0.3;
            double v = (i / 5) * 0.4 + 0.2;
            x[i] = new double[] {-2 + u, (i % 2 == 0 ? 1 : -1) * v};
            y[i] = 0;
            x[20 + i] = new double[] {2 + u - 0.6, 1 + v};
            y[20 + i] = 1;
            x[40 + i] = new double[] {2 + u - 0.6, -1 - v};
            y[40 + i] = 2;
        }
        LogisticRegression m = LogisticRegression.fit(x, y, 10);
        // log(p_r / p_s) is linear in the row: read it off rows where nothing overflows
        double[][] near = m.probabilities(new double[][] {{0, 0}, {1, 0}, {0, 1}});
        double[] d12 = new double[3];
        double[] d01 = new double[3];
        for (int i = 0; i < 3; i++) {
            d12[i] = Math.log(near[i][1] / near[i][2]);
            d01[i] = Math.log(near[i][0] / near[i][1]);
        }
        double fx = 1000;
        // the row's second feature chosen so that classes 1 and 2 are one logit apart
        double fy = (1 - d12[0] - (d12[1] - d12[0]) * fx) / (d12[2] - d12[0]);
        double l12 = d12[0] + (d12[1] - d12[0]) * fx + (d12[2] - d12[0]) * fy;
        double l01 = d01[0] + (d01[1] - d01[0]) * fx + (d01[2] - d01[0]) * fy;
        // the far row's logits are far apart (hundreds or more): exp of the raw logits would overflow
        assertTrue(l01 < -1500, "logit gap " + l01);
        assertEquals(1.0, l12, 1e-9);
        double[] p = m.probabilities(new double[][] {{fx, fy}})[0];
        double sum = 0;
        for (double v : p) {
            assertTrue(Double.isFinite(v), "probability " + v);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
        // direct computation on the shifted logits (class 2's logit 0, class 1's l12, class 0's l01 + l12)
        double e1 = Math.exp(l12);
        double e0 = Math.exp(l01 + l12);
        double s = 1 + e1 + e0;
        assertEquals(e0 / s, p[0], 1e-12);
        assertEquals(e1 / s, p[1], 1e-7);
        assertEquals(1 / s, p[2], 1e-7);
    }

    @Test
    void newtonDirectionIgnoresACommonShiftOfTheIntercepts() {
        // k = 2 classes, p = 1 feature: theta = (w0, w1, b0, b1)
        double[][] z = {{-1.5}, {-0.5}, {0.2}, {0.9}, {1.4}};
        int[] t = {0, 0, 1, 0, 1};
        double[] grad = {0.3, -0.3, 0.2, -0.2};
        double[] theta = {-0.4, 0.4, 0.1, -0.1};
        double[] shiftedTheta = {-0.4, 0.4, 500.1, 499.9}; // the same softmax: logits near 500
        double[] d = LogisticRegression.newtonDirection(theta, z, t, 2, 1, 1.0, grad);
        double[] ds = LogisticRegression.newtonDirection(shiftedTheta, z, t, 2, 1, 1.0, grad);
        assertNotNull(d);
        assertNotNull(ds, "logits near 500 must not overflow the softmax");
        for (int q = 0; q < d.length; q++) {
            assertTrue(Double.isFinite(ds[q]), "component " + q);
        }
        // the weights' steps and the intercepts' difference (a common intercept shift is the flat direction,
        // fixed only by the tiny ridge, so rounding may move it)
        assertEquals(d[0], ds[0], 1e-9 * (1 + Math.abs(d[0])));
        assertEquals(d[1], ds[1], 1e-9 * (1 + Math.abs(d[1])));
        assertEquals(d[2] - d[3], ds[2] - ds[3], 1e-9 * (1 + Math.abs(d[2] - d[3])));
    }
}

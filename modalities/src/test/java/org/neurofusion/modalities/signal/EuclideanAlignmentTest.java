package org.neurofusion.modalities.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.SignalBlock;

/** The arithmetic of Euclidean alignment against covariances and products computed here by hand. */
class EuclideanAlignmentTest {
    private static final double RMS = 1e-5;

    /** Three correlated channels with offsets, 200 samples, microvolt scale. */
    private static SignalBlock window(SplittableRandom r) {
        int t = 200;
        float[] x = new float[3 * t];
        for (int k = 0; k < t; k++) {
            double a = r.nextGaussian() * 2e-5;
            double b = r.nextGaussian() * 1e-5;
            x[k] = (float) (a + 3e-4);
            x[t + k] = (float) (0.8 * a + b - 1e-4);
            x[2 * t + k] = (float) (0.1 * a + 0.5 * b + 5e-6 * r.nextGaussian());
        }
        return new SignalBlock(List.of("C3", "Cz", "C4"), 100, 0, t, x);
    }

    @Test
    void alignedReferenceWindowsHaveTheScaleTimesTheIdentityAsCovariance() {
        SplittableRandom r = new SplittableRandom(3);
        EuclideanAlignment.Reference ref = new EuclideanAlignment.Reference(3);
        double[][] cov = new double[3][3];
        int n = 5;
        for (int w = 0; w < n; w++) {
            SignalBlock b = window(r);
            ref.add(b);
            int t = b.sampleCount();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double mi = 0;
                    double mj = 0;
                    for (int k = 0; k < t; k++) {
                        mi += b.get(i, k) / (double) t;
                        mj += b.get(j, k) / (double) t;
                    }
                    double v = 0;
                    for (int k = 0; k < t; k++) {
                        v += (b.get(i, k) - mi) * (b.get(j, k) - mj);
                    }
                    cov[i][j] += v / t / n;
                }
            }
        }
        assertEquals(n, ref.windows());
        double trace = cov[0][0] + cov[1][1] + cov[2][2];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                cov[i][j] = (1 - EuclideanAlignment.SHRINKAGE) * cov[i][j]
                        + (i == j ? EuclideanAlignment.SHRINKAGE * trace / 3 : 0);
            }
        }
        float[] p = ref.matrix(RMS, EuclideanAlignment.SHRINKAGE);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(p[i * 3 + j], p[j * 3 + i], 1e-4 * Math.abs(p[i * 3 + i]), "symmetric");
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    for (int m = 0; m < 3; m++) {
                        v += p[i * 3 + k] * cov[k][m] * p[m * 3 + j];
                    }
                }
                assertEquals(i == j ? 1 : 0, v / (RMS * RMS), 1e-4, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void applyIsTheMatrixProduct() {
        float[] m = {1, 2, 0, -1};
        float[] x = {1, 2, 3, 10, 20, 30};
        assertArrayEquals(new float[] {21, 42, 63, -10, -20, -30}, EuclideanAlignment.apply(m, 2, x));
        // into a batch buffer at an offset, the rest of it untouched
        float[] batch = new float[9];
        java.util.Arrays.fill(batch, 7);
        EuclideanAlignment.apply(m, 2, x, batch, 2);
        assertArrayEquals(new float[] {7, 7, 21, 42, 63, -10, -20, -30, 7}, batch);
        assertThrows(IllegalArgumentException.class, () -> EuclideanAlignment.apply(m, 2, x, batch, 4));
        assertThrows(IllegalArgumentException.class, () -> EuclideanAlignment.apply(m, 2, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> EuclideanAlignment.apply(new float[3], 2, x));
    }

    @Test
    void aRankDeficientReferenceGivesABoundedMatrix() {
        // two channels that are each other's negative (a common average reference of two): rank 1
        double[] sum = {1e-10, -1e-10, -1e-10, 1e-10};
        float[] p = EuclideanAlignment.inverseRoot(sum, 2, 1, RMS, EuclideanAlignment.SHRINKAGE);
        double ridge = EuclideanAlignment.SHRINKAGE * 2e-10 / 2;
        for (float v : p) {
            assertTrue(Float.isFinite(v) && Math.abs(v) <= RMS / Math.sqrt(ridge), "" + v);
        }
        // the null direction (1, 1) is scaled by RMS / sqrt(ridge), the signal direction (1, -1) by
        // RMS / sqrt(0.99 · 2e-10 + ridge)
        assertEquals(RMS / Math.sqrt(ridge), p[0] + p[1], 1e-3 * RMS / Math.sqrt(ridge));
        assertEquals(RMS / Math.sqrt(0.99 * 2e-10 + ridge), p[0] - p[1], 1e-3 * RMS / Math.sqrt(ridge));
    }

    @Test
    void flatOrMismatchedOrEmptyReferencesAreRefused() {
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> EuclideanAlignment.inverseRoot(new double[4], 2, 3, RMS, EuclideanAlignment.SHRINKAGE));
        assertTrue(flat.getMessage().contains("no variance"), flat.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EuclideanAlignment.inverseRoot(new double[] {1, 0, 0, 1}, 2, 1, RMS, 0), "no ridge");
        EuclideanAlignment.Reference ref = new EuclideanAlignment.Reference(2);
        assertThrows(IllegalStateException.class, () -> ref.matrix(RMS, EuclideanAlignment.SHRINKAGE));
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> ref.add(window(new SplittableRandom(1))));
        assertTrue(wide.getMessage().contains("3-channel window"), wide.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EuclideanAlignment.Reference(0));
    }
}

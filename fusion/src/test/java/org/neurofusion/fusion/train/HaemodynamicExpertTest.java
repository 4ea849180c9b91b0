package org.neurofusion.fusion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurofusion.evaluation.ShrinkageLda;

/** The expert's features against their definition written out, and its fit against the LDA it wraps. */
class HaemodynamicExpertTest {
    /** Mean of x[at + from, at + to): one channel's stretch of a window. */
    static double mean(float[] x, int at, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[at + i];
        }
        return s / (to - from);
    }

    /** {@code n} Gaussian values of standard deviation {@code sd}, from {@code seed}. */
    static float[] gaussian(int n, long seed, double sd) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * sd);
        }
        return x;
    }

    @Test
    void featuresAreTheTwoDifferencesPerChannelAndZeroForPaddedChannels() {
        int b = 2;
        int c = 3;
        int t = 13; // T/6 = 2, T/3 = 4, 2T/3 = 8, T/2 = 6
        float[] x = gaussian(b * c * t, 4, 1);
        float[] mask = {1, 1, 1, 1, 0, 1}; // window 1's second channel is padding
        try (NDManager m = NDManager.newBaseManager()) {
            float[] f = HaemodynamicExpert.features(m.create(x, new Shape(b, c, t)), m.create(mask, new Shape(b, c)))
                    .toFloatArray();
            assertEquals(b * 2 * c, f.length);
            for (int w = 0; w < b; w++) {
                for (int ch = 0; ch < c; ch++) {
                    int at = (w * c + ch) * t;
                    double rise = mean(x, at, 4, 8) - mean(x, at, 0, 2);
                    double half = mean(x, at, 6, 13) - mean(x, at, 0, 6);
                    double on = mask[w * c + ch];
                    assertEquals(rise * on, f[w * 2 * c + ch], 1e-6, "rise of window " + w + " channel " + ch);
                    assertEquals(half * on, f[w * 2 * c + c + ch], 1e-6, "half of window " + w + " channel " + ch);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> HaemodynamicExpert.features(
                    m.zeros(new Shape(1, 2, 5)), m.ones(new Shape(1, 2))));
            assertThrows(IllegalArgumentException.class, () -> HaemodynamicExpert.features(
                    m.zeros(new Shape(1, 2, 8)), m.ones(new Shape(1, 3))));
        }
    }

    @Test
    void theFitIsTheShrinkageLdaLaidOutFeatureByClass() {
        Random r = new Random(7);
        int n = 40;
        int p = 4;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < p; j++) {
                x[i][j] = r.nextGaussian() + (j == y[i] ? 2.5 : 0);
            }
        }
        HaemodynamicExpert.Fit fit = HaemodynamicExpert.fit(x, y, 3);
        ShrinkageLda lda = ShrinkageLda.fit(x, y);
        float[] w = new float[p * 3];
        float[] b = new float[3];
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < p; j++) {
                w[j * 3 + k] = (float) lda.coefficients()[k][j];
            }
            b[k] = (float) lda.intercepts()[k];
        }
        assertArrayEquals(w, fit.weight());
        assertArrayEquals(b, fit.bias());
        assertEquals(lda.shrinkage(), fit.shrinkage());
        assertTrue(fit.trainingAccuracy() > 0.8, "separable classes: " + fit.trainingAccuracy());
        // every class must be present, and labels must be classes
        int[] twoClasses = y.clone();
        for (int i = 0; i < n; i++) {
            twoClasses[i] = Math.min(1, y[i]);
        }
        FusionSetupException missing = assertThrows(FusionSetupException.class,
                () -> HaemodynamicExpert.fit(x, twoClasses, 3));
        assertTrue(missing.getMessage().contains("no window of class 2"), missing.getMessage());
        assertThrows(FusionSetupException.class, () -> HaemodynamicExpert.fit(x, y, 2));
        assertThrows(FusionSetupException.class, () -> HaemodynamicExpert.fit(new double[1][p], new int[1], 1));
    }

    @Test
    void aScaledFitMultipliesWeightsAndBias() {
        HaemodynamicExpert.Fit f = new HaemodynamicExpert.Fit(new float[] {1, -2}, new float[] {3, 4}, 0.2, 0.9);
        HaemodynamicExpert.Fit half = HaemodynamicExpert.scaled(f, 0.5);
        assertArrayEquals(new float[] {0.5f, -1f}, half.weight());
        assertArrayEquals(new float[] {1.5f, 2f}, half.bias());
    }

    @Test
    void outOfFoldLogOddsComeFromAnExpertFittedWithoutTheRowsSubject() {
        Random r = new Random(9);
        int n = 36;
        int p = 3;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        String[] subject = new String[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            subject[i] = "0" + (1 + i / 12); // three subjects of 12 windows
            for (int j = 0; j < p; j++) {
                x[i][j] = r.nextGaussian() + (j == 0 ? 1.5 * y[i] : 0);
            }
        }
        float[][] oof = HaemodynamicExpert.crossFit(x, y, subject, 2);
        HaemodynamicExpert.Fit inSample = HaemodynamicExpert.fit(x, y, 2);
        for (String s : new String[] {"01", "02", "03"}) {
            java.util.List<double[]> ox = new java.util.ArrayList<>();
            java.util.List<Integer> oy = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!subject[i].equals(s)) {
                    ox.add(x[i]);
                    oy.add(y[i]);
                }
            }
            ShrinkageLda others = ShrinkageLda.fit(ox.toArray(new double[0][]),
                    oy.stream().mapToInt(Integer::intValue).toArray());
            for (int i = 0; i < n; i++) {
                if (subject[i].equals(s)) {
                    double[] want = others.scores(x[i]);
                    assertEquals(want[0], oof[i][0], 1e-4 * Math.max(1, Math.abs(want[0])), "row " + i);
                    assertEquals(want[1], oof[i][1], 1e-4 * Math.max(1, Math.abs(want[1])), "row " + i);
                    float[] mine = HaemodynamicExpert.logits(inSample, x[i]);
                    assertTrue(Math.abs(mine[1] - mine[0] - (oof[i][1] - oof[i][0])) > 1e-6,
                            "not the expert fitted on the row itself: row " + i);
                }
            }
        }
        String[] one = new String[n];
        java.util.Arrays.fill(one, "01");
        FusionSetupException single = assertThrows(FusionSetupException.class,
                () -> HaemodynamicExpert.crossFit(x, y, one, 2));
        assertTrue(single.getMessage().contains("at least two subjects"), single.getMessage());
    }
}

package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks against an independent computation: Ledoit and Wolf's (2004) own formulation with outer products,
 * {@code b̄² = (1/n²) Σ_k ‖x_k x_kᵀ − S‖²}, {@code d² = ‖S − μI‖²}, {@code γ = min(b̄², d²)/d²}, and Gaussian
 * elimination for the weights.
 */
class ShrinkageLdaTest {
    private static final int N = 24;
    private static final int P = 5;

    private static double[][] data(long seed, int[] y) {
        Random rnd = new Random(seed);
        double[][] x = new double[N][P];
        for (int i = 0; i < N; i++) {
            y[i] = i % 2;
            double common = rnd.nextGaussian();
            for (int j = 0; j < P; j++) {
                // correlated features on very different scales, class shift on two of them
                x[i][j] = (rnd.nextGaussian() + 0.6 * common + (y[i] == 1 && j < 2 ? 0.8 : 0)) * Math.pow(10, -j);
            }
        }
        return x;
    }

    private static double referenceShrinkage(double[][] z) {
        int n = z.length;
        int p = z[0].length;
        double[][] s = new double[p][p];
        for (double[] x : z) {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    s[i][j] += x[i] * x[j] / n;
                }
            }
        }
        double mu = 0;
        for (int i = 0; i < p; i++) {
            mu += s[i][i] / p;
        }
        double d2 = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double v = s[i][j] - (i == j ? mu : 0);
                d2 += v * v;
            }
        }
        double b2 = 0;
        for (double[] x : z) {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double v = x[i] * x[j] - s[i][j];
                    b2 += v * v;
                }
            }
        }
        b2 /= (double) n * n;
        return Math.min(b2, d2) / d2;
    }

    private static double[] solve(double[][] a, double[] b) {
        int p = b.length;
        double[][] m = new double[p][p + 1];
        for (int i = 0; i < p; i++) {
            System.arraycopy(a[i], 0, m[i], 0, p);
            m[i][p] = b[i];
        }
        for (int c = 0; c < p; c++) {
            int piv = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            for (int r = 0; r < p; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int k = c; k <= p; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
        }
        double[] x = new double[p];
        for (int i = 0; i < p; i++) {
            x[i] = m[i][p] / m[i][i];
        }
        return x;
    }

    @Test
    void ledoitWolfMatchesThePaperFormulation() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            int n = 4 + trial * 7;
            double[][] z = new double[n][P];
            for (double[] row : z) {
                for (int j = 0; j < P; j++) {
                    row[j] = rnd.nextGaussian() * (1 + j);
                }
            }
            double[] mean = new double[P];
            for (double[] row : z) {
                for (int j = 0; j < P; j++) {
                    mean[j] += row[j] / n;
                }
            }
            for (double[] row : z) {
                for (int j = 0; j < P; j++) {
                    row[j] -= mean[j];
                }
            }
            double g = LedoitWolf.shrinkage(z);
            assertEquals(referenceShrinkage(z), g, 1e-12);
            assertTrue(g >= 0 && g <= 1);
        }
    }

    @Test
    void weightsMatchADirectComputation() {
        int[] y = new int[N];
        double[][] x = data(5, y);
        double[] mean = new double[P];
        double[] scale = new double[P];
        for (double[] row : x) {
            for (int j = 0; j < P; j++) {
                mean[j] += row[j] / N;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < P; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / N;
            }
        }
        double[][] m = new double[2][P];
        double[][] z = new double[N][P];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < P; j++) {
                z[i][j] = (x[i][j] - mean[j]) / Math.sqrt(scale[j]);
                m[y[i]][j] += z[i][j] / (N / 2);
            }
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < P; j++) {
                z[i][j] -= m[y[i]][j];
            }
        }
        double gamma = referenceShrinkage(z);
        double[][] sigma = new double[P][P];
        double mu = 0;
        for (double[] r : z) {
            for (int i = 0; i < P; i++) {
                for (int j = 0; j < P; j++) {
                    sigma[i][j] += r[i] * r[j] / N;
                }
                mu += r[i] * r[i] / N / P;
            }
        }
        double[] diff = new double[P];
        for (int i = 0; i < P; i++) {
            for (int j = 0; j < P; j++) {
                sigma[i][j] = (1 - gamma) * sigma[i][j] + (i == j ? gamma * mu : 0);
            }
            diff[i] = m[1][i] - m[0][i];
        }
        double[] w = solve(sigma, diff);
        double[] expected = new double[P];
        for (int j = 0; j < P; j++) {
            expected[j] = w[j] / Math.sqrt(scale[j]);
        }

        ShrinkageLda lda = ShrinkageLda.fit(x, y);
        assertEquals(gamma, lda.shrinkage(), 1e-12);
        double[][] coef = lda.coefficients();
        double[] got = new double[P];
        for (int j = 0; j < P; j++) {
            got[j] = coef[1][j] - coef[0][j];
            assertEquals(expected[j], got[j], 1e-9 * Math.abs(expected[j]) + 1e-12, "weight " + j);
        }
        assertArrayEquals(new int[] {0, 1}, lda.classes());
        // equal priors: the boundary passes through the midpoint of the class means
        double[] mid = new double[P];
        double[][] rawMean = new double[2][P];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < P; j++) {
                rawMean[y[i]][j] += x[i][j] / (N / 2);
            }
        }
        for (int j = 0; j < P; j++) {
            mid[j] = (rawMean[0][j] + rawMean[1][j]) / 2;
        }
        double[] s = lda.scores(mid);
        assertEquals(0, s[1] - s[0], 1e-9);
    }

    @Test
    void multiClassSeparatesShiftedClasses() {
        Random rnd = new Random(2);
        double[][] x = new double[90][3];
        int[] y = new int[90];
        for (int i = 0; i < 90; i++) {
            y[i] = 3 + i % 3;
            for (int j = 0; j < 3; j++) {
                x[i][j] = rnd.nextGaussian() + (j == i % 3 ? 3 : 0);
            }
        }
        ShrinkageLda lda = ShrinkageLda.fit(x, y);
        assertArrayEquals(new int[] {3, 4, 5}, lda.classes());
        int right = 0;
        for (int i = 0; i < 90; i++) {
            double[] s = lda.scores(x[i]);
            int best = s[0] >= s[1] && s[0] >= s[2] ? 0 : s[1] >= s[2] ? 1 : 2;
            right += lda.classes()[best] == y[i] ? 1 : 0;
        }
        assertTrue(right > 80, "right " + right);
    }

    @Test
    void rejectsOneClassAndMismatchedShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> ShrinkageLda.fit(new double[][] {{1}, {2}}, new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> ShrinkageLda.fit(new double[][] {{1}}, new int[] {0, 1}));
    }

    @Test
    void aDuplicatedFeatureChangesNoScoreAndSharesTheWeight() {
        // each class's rows lie at its mean ± one step along the same direction: the pooled covariance has rank one,
        // every sample's outer product equals it, so Ledoit–Wolf shrinks by nothing and the covariance of the
        // duplicated pair is singular; its pseudo-inverse must give the single feature's discriminants
        double[][] one = {{0}, {1}, {3}, {4}, {5}, {6}};
        double[][] two = new double[one.length][];
        for (int i = 0; i < one.length; i++) {
            two[i] = new double[] {one[i][0], one[i][0]};
        }
        int[] y = {0, 0, 1, 1, 2, 2};
        ShrinkageLda single = ShrinkageLda.fit(one, y);
        ShrinkageLda pair = ShrinkageLda.fit(two, y);
        assertEquals(0, pair.shrinkage(), 1e-12);
        for (int c = 0; c < 3; c++) {
            double w = single.coefficients()[c][0];
            assertArrayEquals(new double[] {w / 2, w / 2}, pair.coefficients()[c], 1e-9, "class " + c);
        }
        assertArrayEquals(single.intercepts(), pair.intercepts(), 1e-9);
        for (double v : new double[] {-2, 0.5, 2, 3.5, 7}) {
            assertArrayEquals(single.scores(new double[] {v}), pair.scores(new double[] {v, v}), 1e-9, "at " + v);
        }
    }
}

package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Tests for the issue-19 survivors in {@link LogisticRegression}: the penalty's bound, the standardisation on both
 * sides of the fit, the intercepts handed to the model, how many steps the optimiser reports (Newton's few against
 * the thousands of gradient steps, the cap, the tolerance at equality), the ridge of Newton's system, and the inner
 * cross-validation's scores and tie rule.
 */
class LogisticRegressionSurvivorsTest {
    /** The iteration cap of {@link LogisticRegression} (private there). */
    private static final int MAX_ITERATIONS = 5000;

    @Test
    void aZeroPenaltyWeightIsRefused() {
        double[][] x = {{0}, {1}, {2}, {3}};
        int[] y = {0, 0, 1, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogisticRegression.fit(x, y, 0));
        assertTrue(e.getMessage().contains("C must be positive"), e.getMessage());
        // past 1e10 the objective leaves the arithmetic's range (1e308 gave NaN probabilities); 1e10 itself fits
        e = assertThrows(IllegalArgumentException.class, () -> LogisticRegression.fit(x, y, 1e308));
        assertTrue(e.getMessage().contains("at most 1.0E10, got 1.0E308"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogisticRegression.fit(x, y, Math.nextUp(1e10)));
        assertThrows(IllegalArgumentException.class, () -> LogisticRegression.fit(x, y, Double.NaN));
        for (double[] row : LogisticRegression.fit(x, y, 1e10).probabilities(x)) {
            assertTrue(Double.isFinite(row[0]) && Double.isFinite(row[1]), java.util.Arrays.toString(row));
        }
    }

    /**
     * The model works on standardised features, so a feature's unit and origin cannot matter: the same rows in
     * other units (feature 0 in thousandths, feature 1 shifted by 250 and multiplied by 40) give the same
     * probabilities. Both the training rows and the rows predicted must be divided by the scale.
     */
    @Test
    void probabilitiesDoNotDependOnAFeaturesUnitOrOrigin() {
        SplittableRandom r = new SplittableRandom(21);
        int n = 30;
        double[][] x = new double[n][2];
        double[][] other = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[i][0] = 3 * r.nextGaussian() + 2 * y[i];
            x[i][1] = 0.2 * r.nextGaussian() - 0.3 * (y[i] == 1 ? 1 : 0);
            other[i][0] = 1000 * x[i][0];
            other[i][1] = 40 * (x[i][1] + 250);
        }
        double[][] p = LogisticRegression.fit(x, y, 0.5).probabilities(x);
        double[][] q = LogisticRegression.fit(other, y, 0.5).probabilities(other);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(p[i], q[i], 1e-7, "row " + i);
        }
    }

    /**
     * Constant features standardise to zero, so only the intercepts (unpenalised) remain: the optimum is the
     * maximum-likelihood class distribution, the training frequencies 1/6, 2/6, 3/6, whatever the row.
     */
    @Test
    void constantFeaturesGiveTheTrainingClassFrequencies() {
        double[][] x = {{5, -2}, {5, -2}, {5, -2}, {5, -2}, {5, -2}, {5, -2}};
        int[] y = {4, 7, 7, 9, 9, 9};
        LogisticRegression m = LogisticRegression.fit(x, y, 1);
        assertArrayEquals(new int[] {4, 7, 9}, m.classes());
        for (double[] p : m.probabilities(new double[][] {{5, -2}, {-3, 8}})) {
            assertArrayEquals(new double[] {1.0 / 6, 2.0 / 6, 3.0 / 6}, p, 1e-9);
        }
    }

    /**
     * Two features that are nearly the same (correlation about 0.9999) make the problem ill-conditioned: gradient
     * steps need over a hundred iterations at C = 1 (thousands at C = 10), while Newton's method, quadratically
     * convergent, needs a handful. The count is what the fit reports.
     */
    @Test
    void newtonStepsConvergeInAHandfulOfIterationsOnAnIllConditionedProblem() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 40;
        double[][] x = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double u = r.nextGaussian() + (y[i] == 1 ? 0.8 : -0.8);
            x[i][0] = u;
            x[i][1] = u + 0.01 * r.nextGaussian();
        }
        for (double c : new double[] {1, 10}) {
            int it = LogisticRegression.fit(x, y, c).iterations();
            assertTrue(it >= 1 && it <= 10, "C = " + c + ": " + it + " iterations");
        }
    }

    /**
     * At θ = 0 every probability is exactly ½, so with rows −1 and +1 (standardised to themselves) of classes 0 and 1
     * the gradient is exactly C·(½ + ½) = C on the weights and 0 on the intercepts. With C equal to the tolerance
     * (10⁻⁶) the start is already converged: no step, probabilities ½.
     */
    @Test
    void aGradientExactlyAtTheToleranceNeedsNoStep() {
        double[][] x = {{-1}, {1}};
        int[] y = {0, 1};
        LogisticRegression m = LogisticRegression.fit(x, y, 1e-6);
        assertEquals(0, m.iterations());
        assertArrayEquals(new double[] {0.5, 0.5}, m.probabilities(new double[][] {{1}})[0], 0);
        // just above the tolerance, it steps
        assertTrue(LogisticRegression.fit(x, y, 1.5e-6).iterations() >= 1);
    }

    /**
     * 301 features and two classes make 604 parameters, over {@link LogisticRegression#NEWTON_MAX_PARAMETERS}: the
     * fit takes gradient steps, and on 301 nearly identical features with C = 10⁴ (condition number in the
     * millions) they cannot reach the tolerance: the fit stops at the cap and says so.
     */
    @Test
    void gradientStepsThatCannotConvergeStopAtTheCapAndReportIt() {
        int n = 12;
        int p = 301;
        SplittableRandom r = new SplittableRandom(11);
        double[][] x = new double[n][p];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double u = r.nextGaussian() + y[i];
            for (int j = 0; j < p; j++) {
                x[i][j] = u + 0.1 * r.nextGaussian();
            }
        }
        assertTrue(2 * (p + 1) > LogisticRegression.NEWTON_MAX_PARAMETERS);
        LogisticRegression m = LogisticRegression.fit(x, y, 1e4);
        assertEquals(MAX_ITERATIONS, m.iterations());
        for (double v : m.probabilities(x)[0]) {
            assertTrue(Double.isFinite(v));
        }
    }

    /**
     * Over the Newton limit on a well-conditioned problem (independent features, C = 1) gradient steps do converge,
     * in a few hundred steps at most, to the optimum. There the intercepts (unpenalised) have zero gradient,
     * {@code C Σ_i (π_ir − [y_i = r]) = 0}: the training rows' probabilities of a class sum to its count, 7 and 13.
     */
    @Test
    void gradientStepsOverTheNewtonLimitReachTheOptimum() {
        int n = 20;
        int p = 301;
        SplittableRandom r = new SplittableRandom(5);
        double[][] x = new double[n][p];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3 == 0 ? 1 : 0;
            for (int j = 0; j < p; j++) {
                x[i][j] = r.nextGaussian() + (j < 5 ? y[i] : 0);
            }
        }
        LogisticRegression m = LogisticRegression.fit(x, y, 1);
        assertTrue(m.iterations() >= 1 && m.iterations() < 1000, m.iterations() + " iterations");
        double[] sum = new double[2];
        for (double[] q : m.probabilities(x)) {
            sum[0] += q[0];
            sum[1] += q[1];
        }
        assertArrayEquals(new double[] {13, 7}, sum, 1e-5);
    }

    /**
     * Exactly {@link LogisticRegression#NEWTON_MAX_PARAMETERS} parameters (two classes, 299 features: 2 × 300) still
     * take Newton steps: a handful, where gradient steps on these nearly identical features need hundreds.
     */
    @Test
    void exactlyTheNewtonLimitOfParametersStillTakesNewtonSteps() {
        int n = 20;
        int p = 299;
        assertEquals(LogisticRegression.NEWTON_MAX_PARAMETERS, 2 * (p + 1));
        SplittableRandom r = new SplittableRandom(7);
        double[][] x = new double[n][p];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double u = r.nextGaussian() + y[i];
            for (int j = 0; j < p; j++) {
                x[i][j] = u + 0.1 * r.nextGaussian();
            }
        }
        int it = LogisticRegression.fit(x, y, 0.1).iterations();
        assertTrue(it >= 1 && it <= 10, it + " iterations");
    }

    /**
     * With a large C the objective is of order 10⁴ and, near the optimum, a Newton step changes it by less than its
     * last bit: the Armijo test must accept a step that leaves the objective unchanged (≤, not <), and keep the
     * slope term's size as the step halves, or the fit runs to the cap. On these data Newton needs 5 and 13 steps.
     */
    @Test
    void aLargeCStillConvergesInNewtonSteps() {
        for (long seed : new long[] {2, 19}) {
            int n = 24;
            SplittableRandom r = new SplittableRandom(seed);
            double[][] x = new double[n][2];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % 2;
                x[i][0] = r.nextGaussian() + y[i];
                x[i][1] = r.nextGaussian();
            }
            int it = LogisticRegression.fit(x, y, 1000).iterations();
            assertTrue(it >= 1 && it < 100, "seed " + seed + ": " + it + " iterations");
        }
    }

    /**
     * Newton's direction {@code −(H + λI)⁻¹ g}: the softmax's flat direction (one constant added to every intercept)
     * has zero curvature and zero gradient, so the tiny ridge leaves it out: the intercepts' steps sum to zero. The
     * rest of the direction solves the Hessian system, H built here from its formula; at C = 10⁶ too, where the ridge
     * must scale with the Hessian's diagonal for the factorisation to succeed.
     */
    @Test
    void newtonsDirectionLeavesTheFlatDirectionAloneAndSolvesTheSystemAtAnyC() {
        double[][] z = {{-1.5, 0.3}, {-0.5, -1.0}, {0.2, 0.8}, {0.9, -0.4}, {1.4, 0.1}, {0.3, 1.2}};
        int[] t = {0, 0, 1, 0, 1, 2};
        int k = 3;
        int p = 2;
        double[] theta = {0.2, -0.1, 0.3, -0.2, 0.05, 0.1, 0.4, -0.3, 0.15};
        for (double c : new double[] {1, 1e6}) {
            double[] g = new double[theta.length];
            LogisticRegression.objective(theta, z, t, k, p, c, g);
            double[] d = LogisticRegression.newtonDirection(theta, z, t, k, p, c, g);
            assertNotNull(d, "C = " + c);
            double size = 0;
            for (double v : d) {
                assertTrue(Double.isFinite(v));
                size = Math.max(size, Math.abs(v));
            }
            double flat = d[k * p] + d[k * p + 1] + d[k * p + 2];
            assertEquals(0, flat, 1e-4 * size, "C = " + c + ": the intercepts' steps sum to " + flat);
            double[][] h = hessian(theta, z, k, p, c);
            double scale = 0;
            for (double[] row : h) {
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            for (int a = 0; a < d.length; a++) {
                double hd = 0;
                for (int b = 0; b < d.length; b++) {
                    hd += h[a][b] * d[b];
                }
                assertEquals(-g[a], hd, 1e-6 * scale * size, "C = " + c + ", row " + a);
            }
        }
    }

    /** {@code H = C Σ_i (diag(π_i) − π_i π_iᵀ) ⊗ x̃_i x̃_iᵀ} plus the identity on the weights, entry by entry. */
    private static double[][] hessian(double[] theta, double[][] z, int k, int p, double c) {
        int d = k * p + k;
        double[][] h = new double[d][d];
        for (double[] row : z) {
            double[] e = new double[k];
            double sum = 0;
            for (int r = 0; r < k; r++) {
                double l = theta[k * p + r];
                for (int j = 0; j < p; j++) {
                    l += theta[r * p + j] * row[j];
                }
                e[r] = Math.exp(l);
                sum += e[r];
            }
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double pa = e[a] / sum;
                    double pb = e[b] / sum;
                    double w = c * ((a == b ? pa : 0) - pa * pb);
                    for (int u = 0; u <= p; u++) {
                        for (int v = 0; v <= p; v++) {
                            double xu = u < p ? row[u] : 1;
                            double xv = v < p ? row[v] : 1;
                            h[u < p ? a * p + u : k * p + a][v < p ? b * p + v : k * p + b] += w * xu * xv;
                        }
                    }
                }
            }
        }
        for (int q = 0; q < k * p; q++) {
            h[q][q] += 1;
        }
        return h;
    }

    /**
     * Three subjects, one feature: s1 at ∓5 and s2 at ∓4 for classes 0 and 1, s3 the other way round (class 1 at
     * −1, class 0 at +1). Every training part is symmetric under x → −x with the classes swapped, so the boundary is
     * x = 0, and the slope's sign is the one the far subjects give (at θ = 0 they pull 4 or 5, s3 pulls back 1). So
     * for any C, s1 and s2 are predicted right held out and s3 wrong: 4 of 6 rows, 2/3. Two candidates tie, and the
     * smaller C wins even when given first; the scores come back in the candidates' order.
     */
    @Test
    void innerScoresArePooledAccuraciesAndATieGoesToTheSmallerC() {
        double[][] x = {{-5}, {5}, {-4}, {4}, {-1}, {1}};
        int[] y = {0, 1, 0, 1, 1, 0};
        String[] groups = {"s1", "s1", "s2", "s2", "s3", "s3"};
        LogisticRegression.Selection s = LogisticRegression.fitWithInnerCv(x, y, groups, new double[] {10, 1}, 3);
        assertEquals(List.of(10.0, 1.0), List.copyOf(s.cvAccuracy().keySet()));
        assertEquals(2.0 / 3, s.cvAccuracy().get(10.0), 1e-15);
        assertEquals(2.0 / 3, s.cvAccuracy().get(1.0), 1e-15);
        assertEquals(1.0, s.c());
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, s.model().predict(x));
    }

    /**
     * Two subjects, each of one class: no inner training part holds two classes, so no fold is scored, whatever the
     * candidates; the refusal names that cause (not a candidate the folds never trained with).
     */
    @Test
    void whenNoInnerFoldCanBeScoredTheRefusalSaysSo() {
        double[][] x = {{0}, {1}, {2}, {3}};
        int[] y = {0, 0, 1, 1};
        String[] groups = {"a", "a", "b", "b"};
        for (double[] cs : new double[][] {{1.0}, {1.0, 0.0}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LogisticRegression.fitWithInnerCv(x, y, groups, cs, 2));
            assertTrue(e.getMessage().contains("no inner fold could be scored"), e.getMessage());
        }
    }

    /**
     * At a large C the objective is about 1e4 and the gradient cannot be brought under 1e-6 in double precision:
     * Newton's steps then promised less than f can show, and the fit used to take empty steps up to the cap (this
     * problem, 24 rows, two features, SplittableRandom(4), C = 1000: 5000 iterations). It now stops when Newton's
     * decrement falls below 1e-15 · |f|. Over 120 such problems (C 1e3 to 1e4, seeds 0 to 39) 5 reached the cap
     * before and none after (mean 214 → 4.8 iterations); the probabilities moved by at most 1.8e-8, and not at all
     * at C ≤ 10. The optimum is checked here by its first-order condition: the intercepts are not penalised, so for
     * each class the predicted probabilities must sum to its count of training rows.
     */
    @Test
    void aLargeCStopsAtThePrecisionOfTheObjectiveNotAtTheCap() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        int n = 24;
        int[] y = new int[n];
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[i][0] = r.nextGaussian() + y[i];
            x[i][1] = r.nextGaussian();
        }
        LogisticRegression m = LogisticRegression.fit(x, y, 1000);
        assertTrue(m.iterations() < 50, "iterations " + m.iterations());
        double[][] p = m.probabilities(x);
        for (int k = 0; k < 2; k++) {
            double sum = 0;
            for (double[] row : p) {
                sum += row[k];
            }
            assertEquals(n / 2.0, sum, 1e-8, "class " + k);
        }
    }
}

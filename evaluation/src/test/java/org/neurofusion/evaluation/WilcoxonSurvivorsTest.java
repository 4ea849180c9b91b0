package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Wilcoxon test at the edge of its exact p-value (issue 19, fourth round). */
class WilcoxonSurvivorsTest {
    @Test
    void fiftyDistinctDifferencesStillGetTheExactP() {
        // 50 positive, distinct differences: W = min(1275, 0) = 0, and only the empty subset sums to 0, so the exact
        // two-sided p is 2 · 2^-50 (the normal approximation gives about 8e-10)
        double[] a = new double[50];
        double[] b = new double[50];
        for (int i = 0; i < 50; i++) {
            a[i] = i + 1;
        }
        Wilcoxon w = Wilcoxon.test(a, b);
        assertEquals(50, w.n());
        assertEquals(0, w.statistic(), 0);
        assertTrue(w.exact());
        assertEquals(Math.pow(2, -49), w.pValue(), 1e-30);
    }
}

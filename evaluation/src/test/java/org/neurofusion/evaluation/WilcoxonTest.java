package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The signed-rank test against SciPy 1.10.1's {@code scipy.stats.wilcoxon(a, b)} (defaults), values printed by
 * {@code python3 -c "import scipy.stats as st; r = st.wilcoxon(a, b); print(r.statistic, r.pvalue)"}.
 */
class WilcoxonTest {
    @Test
    void tenSubjectsWithoutTiesGetTheExactPValue() {
        double[] a = {0.61, 0.55, 0.72, 0.58, 0.66, 0.711, 0.52, 0.63, 0.59, 0.683};
        double[] b = {0.50, 0.57, 0.60, 0.54, 0.621, 0.62, 0.553, 0.535, 0.52, 0.6};
        Wilcoxon w = Wilcoxon.test(a, b);
        assertTrue(w.exact());
        assertEquals(10, w.n());
        assertEquals(3.0, w.statistic());
        assertEquals(0.009765625, w.pValue(), 1e-15);
        assertEquals(w.pValue(), Wilcoxon.test(b, a).pValue(), 1e-15, "two-sided: the order of a and b is moot");
    }

    @Test
    void zerosAndTiesUseTheTieCorrectedNormalApproximation() {
        double[] a = {0.6, 0.55, 0.7, 0.55, 0.65, 0.7, 0.5, 0.6};
        double[] b = {0.5, 0.55, 0.6, 0.45, 0.6, 0.6, 0.45, 0.5};
        Wilcoxon w = Wilcoxon.test(a, b);
        assertFalse(w.exact());
        assertEquals(7, w.n(), "the zero difference is dropped");
        assertEquals(0.0, w.statistic());
        assertEquals(0.01595880466539428, w.pValue(), 1e-12);
    }

    @Test
    void sixtySubjectsUseTheNormalApproximation() {
        double[] a = new double[60];
        double[] b = new double[60];
        for (int i = 0; i < 60; i++) {
            // numpy: np.round(np.linspace(0.5, 0.9, 60) + 0.05 * np.sin(np.arange(60)), 6), np.linspace(0.52, 0.85, 60)
            a[i] = Math.round((0.5 + 0.4 * i / 59 + 0.05 * Math.sin(i)) * 1e6) / 1e6;
            b[i] = Math.round((0.52 + 0.33 * i / 59) * 1e6) / 1e6;
        }
        Wilcoxon w = Wilcoxon.test(a, b);
        assertFalse(w.exact());
        assertEquals(538.0, w.statistic());
        assertEquals(0.0055146682269002385, w.pValue(), 1e-9);
    }

    @Test
    void nothingToTestIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Wilcoxon.test(new double[] {1, 2}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Wilcoxon.test(new double[] {1}, new double[] {1, 2}));
        assertEquals(1.0 / 1024, Wilcoxon.exactLowerTail(10, 0), 1e-15);
        assertEquals(1.0, Wilcoxon.exactLowerTail(10, 55), 1e-15);
    }
}

package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static double[][] binaryScores(double... d) {
        double[][] s = new double[d.length][];
        for (int i = 0; i < d.length; i++) {
            s[i] = new double[] {0, d[i]};
        }
        return s;
    }

    @Test
    void handComputedBinaryFold() {
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
        int[] pred = {0, 0, 0, 1, 1, 1, 1, 1, 0, 0};
        double[][] scores = binaryScores(0.1, 0.4, 0.5, 0.6, 0.9, 0.8, 0.7, 0.6, 0.3, 0.2);
        Metrics.FoldMetrics m = Metrics.of(truth, pred, scores, new int[] {0, 1});
        assertEquals(0.7, m.accuracy(), 1e-12);
        assertEquals((0.75 + 4 / 6.0) / 2, m.balancedAccuracy(), 1e-12);
        // p_o = 0.7, p_e = 0.4·0.5 + 0.6·0.5 = 0.5
        assertEquals(0.4, m.kappa().getAsDouble(), 1e-12);
        // F1: class 0 = 6/9, class 1 = 8/11
        assertEquals((6 / 9.0 + 8 / 11.0) / 2, m.f1Macro(), 1e-12);
        // 17.5 of 24 positive–negative pairs ordered right (one tie at 0.6)
        assertEquals(17.5 / 24, m.rocAuc().getAsDouble(), 1e-12);
        assertEquals(10, m.n());
    }

    @Test
    void singleClassFoldIsDefinedWhereItCanBe() {
        Metrics.FoldMetrics m = Metrics.of(new int[] {1, 1, 1}, new int[] {1, 1, 0}, binaryScores(1, 2, -1),
                new int[] {0, 1});
        assertEquals(2 / 3.0, m.accuracy(), 1e-12);
        assertEquals(2 / 3.0, m.balancedAccuracy(), 1e-12);
        assertEquals(0.0, m.kappa().getAsDouble(), 1e-12);
        assertEquals(0.4, m.f1Macro(), 1e-12);
        assertEquals(OptionalDouble.empty(), m.rocAuc(), "no negatives: no ROC curve");

        Metrics.FoldMetrics perfect = Metrics.of(new int[] {1, 1}, new int[] {1, 1}, binaryScores(1, 2),
                new int[] {0, 1});
        assertEquals(1.0, perfect.accuracy());
        assertEquals(1.0, perfect.f1Macro());
        assertFalse(perfect.kappa().isPresent(), "p_e = 1: kappa is 0/0");
        assertFalse(perfect.rocAuc().isPresent());
    }

    @Test
    void multiClassAucIsOneVersusRestMacro() {
        int[] truth = {0, 1, 2, 0, 1, 2};
        double[][] s = {{3, 0, 0}, {0, 3, 0}, {0, 0, 3}, {2, 1, 0}, {1, 2, 0}, {0, 1, 2}};
        assertEquals(1.0, Metrics.rocAuc(truth, s, new int[] {0, 1, 2}).getAsDouble(), 1e-12);
        // class 2 absent from the fold: averaged over classes 0 and 1 only
        int[] twoPresent = {0, 1, 0, 1};
        double[][] s2 = {{1, 0, 0}, {0, 1, 0}, {0, 2, 0}, {0, 1, 0}};
        // class 0: positives {0.., 2..}: AUC 0.5 (one right, one wrong); class 1 ditto
        assertEquals(0.5, Metrics.rocAuc(twoPresent, s2, new int[] {0, 1, 2}).getAsDouble(), 1e-12);
    }

    @Test
    void statsAndChance() {
        double[] v = {0.6, 0.7, 0.8, 0.9};
        assertEquals(0.75, Stats.mean(v), 1e-12);
        assertEquals(Math.sqrt(0.05 / 3), Stats.std(v), 1e-12);
        assertEquals(0, Stats.std(new double[] {0.5}));
        double[] ci = Stats.bootstrapMeanInterval(v, 2000, 0.95, 1);
        assertArrayEquals(ci, Stats.bootstrapMeanInterval(v, 2000, 0.95, 1), "seeded");
        assertEquals(true, ci[0] >= 0.6 && ci[0] < 0.75 && ci[1] > 0.75 && ci[1] <= 0.9);
        assertArrayEquals(new double[] {0.5, 0.5}, Stats.bootstrapMeanInterval(new double[] {0.5, 0.5}, 50, 0.95, 3));
        // Binomial(100, 0.5): P(X <= 57) = 0.933, P(X <= 58) = 0.956
        assertEquals(0.58, Stats.chanceUpperBound(100, 2, 0.95), 1e-12);
        // Binomial(20, 0.5): P(X <= 13) = 0.942, P(X <= 14) = 0.979
        assertEquals(0.7, Stats.chanceUpperBound(20, 2, 0.95), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Stats.chanceUpperBound(0, 2, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Stats.mean(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[] {1}, new int[] {1, 2}));
    }
}

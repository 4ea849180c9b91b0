package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Metrics where a plausible slip would still give a plausible number. */
class MetricsEdgesTest {
    @Test
    void everyMetricRefusesMismatchedOrEmptyFolds() {
        List<BiConsumer<int[], int[]>> metrics = List.of(Metrics::balancedAccuracy, Metrics::f1Macro,
                Metrics::kappa, Metrics::accuracy);
        for (BiConsumer<int[], int[]> m : metrics) {
            assertThrows(IllegalArgumentException.class, () -> m.accept(new int[] {0, 1}, new int[] {0}));
            assertThrows(IllegalArgumentException.class, () -> m.accept(new int[0], new int[0]));
        }
    }

    @Test
    void aClassNeverPredictedStillCountsInMacroF1() {
        // F1: class 0 = 1, class 1 = 2/3, class 2 (never predicted) = 0
        assertEquals(5.0 / 9, Metrics.f1Macro(new int[] {0, 1, 2}, new int[] {0, 1, 1}), 1e-12);
    }

    @Test
    void binaryAucRanksTheScoreDifference() {
        // the positive's class-1 score exceeds its class-0 score; the negative's does not, though its sum is larger
        double[][] scores = {{0, 1}, {10, 0}};
        assertEquals(1.0, Metrics.rocAuc(new int[] {1, 0}, scores, new int[] {0, 1}).getAsDouble(), 1e-12);
    }

    @Test
    void multiClassAucDoesNotOverflowOnLargeScores() {
        int[] truth = {0, 1, 2, 0, 1, 2};
        double[][] small = {{2, 1, 0}, {0, 2, 1}, {1, 0, 2}, {0.5, 1, 0}, {1, 0, 0.5}, {0, 1, 2}};
        double[][] large = new double[small.length][];
        for (int i = 0; i < small.length; i++) {
            large[i] = small[i].clone();
            for (int c = 0; c < 3; c++) {
                large[i][c] += 800; // exp(1600) overflows unless the maximum is subtracted first
            }
        }
        OptionalDouble a = Metrics.rocAuc(truth, small, new int[] {0, 1, 2});
        OptionalDouble b = Metrics.rocAuc(truth, large, new int[] {0, 1, 2});
        assertTrue(a.isPresent() && Double.isFinite(a.getAsDouble()));
        assertEquals(a.getAsDouble(), b.getAsDouble(), 1e-12);
    }
}

package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.datasets.PairedWindow;

class ConfusionMatrixTest {
    @Test
    void rowsAreTheTruthColumnsThePrediction() {
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
        int[] pred = {0, 0, 0, 1, 1, 1, 1, 1, 0, 0};
        Metrics.FoldMetrics m = Metrics.of(truth, pred, new double[10][2], new int[] {0, 1});
        ConfusionMatrix c = m.confusion();
        assertArrayEquals(new int[] {0, 1}, c.classes());
        assertArrayEquals(new long[][] {{3, 1}, {2, 4}}, c.counts());
        assertEquals(1, c.count(0, 1));
        assertEquals(2, c.count(1, 0));
        assertEquals(0, c.count(7, 0), "a class the matrix lacks counts nothing");
        assertEquals(10, c.total());
        assertEquals(c, ConfusionMatrix.of(truth, pred, new int[] {0, 1}), "equal by value");
        assertEquals(c.hashCode(), ConfusionMatrix.of(truth, pred, new int[] {0, 1}).hashCode());
    }

    @Test
    void aTestLabelTheModelNeverSawGetsItsOwnRow() {
        // trained on 1 and 3 only; class 2 turns up in the test
        ConfusionMatrix c = ConfusionMatrix.of(new int[] {1, 2, 3, 2}, new int[] {1, 3, 3, 1}, new int[] {1, 3});
        assertArrayEquals(new int[] {1, 2, 3}, c.classes());
        assertArrayEquals(new long[][] {{1, 0, 0}, {1, 0, 1}, {0, 0, 1}}, c.counts());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {1}, new int[] {5}, new int[] {1, 3}));
        assertTrue(e.getMessage().contains("prediction 5"), e.getMessage());
    }

    @Test
    void sumsAlignTheClassesOfBothMatrices() {
        ConfusionMatrix a = new ConfusionMatrix(new int[] {0, 1}, new long[][] {{3, 1}, {2, 4}});
        ConfusionMatrix b = new ConfusionMatrix(new int[] {1, 2}, new long[][] {{5, 0}, {1, 1}});
        ConfusionMatrix s = a.plus(b);
        assertArrayEquals(new int[] {0, 1, 2}, s.classes());
        assertArrayEquals(new long[][] {{3, 1, 0}, {2, 9, 0}, {0, 1, 1}}, s.counts());
        assertEquals(a.total() + b.total(), s.total());
        assertEquals(s, b.plus(a));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(new int[] {1, 0},
                new long[][] {{1, 0}, {0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(new int[] {0, 1}, new long[][] {{1}}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(new int[] {0},
                new long[][] {{-1}}));
        long[][] counts = a.counts();
        counts[0][0] = 99;
        assertEquals(3, a.count(0, 0), "the matrix is immutable");
    }

    @Test
    void aResultSumsItsConditionsMatricesOverFolds() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02", "03"), 20, false, 71);
        EvaluationResult r = Evaluation.builder().addConditions(List.of("eeg-csp"), ConditionRegistry.classical())
                .setProtocol(Protocol.parse("within", 2, 5)).setTask("mi").build().run(windows);
        ConfusionMatrix c = r.confusion("eeg-csp");
        assertEquals(3 * 20 * 2, c.total(), "each window once per repetition");
        assertEquals(3 * 10 * 2, c.count(0, 0) + c.count(0, 1), "class 0's windows: 10 a subject, 2 repetitions");
        double right = c.count(0, 0) + c.count(1, 1);
        double fromRows = r.rows().stream().mapToDouble(x -> x.metrics().accuracy() * x.metrics().n()).sum();
        assertEquals(fromRows, right, 1e-9, "the diagonal is the windows the rows counted right");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.confusion("hybrid"));
        assertTrue(e.getMessage().contains("hybrid") && e.getMessage().contains("eeg-csp"), e.getMessage());
    }
}

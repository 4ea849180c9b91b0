package org.neurofusion.fusion.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Masked cross-entropy against the plain-Java definition: values, gradients, unlabelled rows, bad labels. */
class MaskedCrossEntropyTest {
    private static final double[][] LOGITS = {{1, 2, 0.5}, {0.3, -0.2, 0.1}, {3, -1, 2}, {2, -5, 0}};
    private static final int[] LABELS = {1, -1, 0, 2};

    private record Computed(double loss, double[] grad) {
    }

    private static Computed djl(double[][] logits, int[] labels) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = Ref.variable(m, logits);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = MaskedCrossEntropy.evaluate(z, m.create(labels));
                gc.backward(loss);
                return new Computed(loss.getDouble(), z.getGradient().toDoubleArray());
            }
        }
    }

    @Test
    void valueIsTheMeanOverLabelledRowsWrittenOutByHand() {
        // rows 0, 2, 3 are labelled: −log softmax picked at 1, 0 and 2
        double row0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5)) - 2;
        double row2 = Math.log(Math.exp(3) + Math.exp(-1) + Math.exp(2)) - 3;
        double row3 = Math.log(Math.exp(2) + Math.exp(-5) + Math.exp(0)) - 0;
        double expected = (row0 + row2 + row3) / 3;
        assertEquals(expected, Ref.crossEntropy(LOGITS, LABELS), 1e-14, "the reference itself");
        assertEquals(expected, djl(LOGITS, LABELS).loss(), 1e-12);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = Ref.constant(m, LOGITS).toType(DataType.FLOAT32, false);
            double f32 = MaskedCrossEntropy.evaluate(z, m.create(LABELS)).toType(DataType.FLOAT64, false).getDouble();
            assertEquals(expected, f32, 1e-6);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        double[][] logits = Ref.random(new Random(11), 5, 4, 1.5);
        int[] labels = {3, -1, 0, 0, -1};
        Computed c = djl(logits, labels);
        double[] fd = Ref.gradient(v -> Ref.crossEntropy(Ref.unflat(v, 0, 5, 4), labels), Ref.flat(logits), 1e-6);
        Ref.assertClose(fd, c.grad(), 1e-6, 1e-9, "dCE/dlogits");
        assertEquals(Ref.crossEntropy(logits, labels), c.loss(), 1e-12);
    }

    /** The smoothed cross-entropy written out: −(1−ε) log p[y] − (ε/K) Σ_k log p[k], averaged over labelled rows. */
    private static double smoothed(double[][] logits, int[] labels, double eps) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < logits.length; i++) {
            if (labels[i] < 0) {
                continue;
            }
            double[] lp = Ref.logSoftmax(logits[i], 1);
            double all = 0;
            for (double v : lp) {
                all += v;
            }
            sum += -(1 - eps) * lp[labels[i]] - eps / lp.length * all;
            n++;
        }
        return sum / n;
    }

    private static Computed djl(double[][] logits, int[] labels, double eps) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = Ref.variable(m, logits);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = MaskedCrossEntropy.evaluate(z, m.create(labels), eps);
                gc.backward(loss);
                return new Computed(loss.getDouble(), z.getGradient().toDoubleArray());
            }
        }
    }

    @Test
    void labelSmoothingMatchesItsDefinitionInValueAndGradient() {
        // row 0, label 1, ε = 0.3, K = 3, written out: −0.7·log p[1] − 0.1·(log p[0] + log p[1] + log p[2])
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5));
        double row0 = -0.7 * (2 - lse) - 0.1 * ((1 - lse) + (2 - lse) + (0.5 - lse));
        assertEquals(row0, smoothed(new double[][] {LOGITS[0]}, new int[] {1}, 0.3), 1e-14, "the reference");
        assertEquals(row0, djl(new double[][] {LOGITS[0]}, new int[] {1}, 0.3).loss(), 1e-12);
        double[][] logits = Ref.random(new Random(12), 5, 4, 2.0);
        int[] labels = {3, -1, 0, 2, -1};
        Computed c = djl(logits, labels, 0.2);
        assertEquals(smoothed(logits, labels, 0.2), c.loss(), 1e-12);
        double[] fd = Ref.gradient(v -> smoothed(Ref.unflat(v, 0, 5, 4), labels, 0.2), Ref.flat(logits), 1e-6);
        Ref.assertClose(fd, c.grad(), 1e-6, 1e-9, "d(smoothed CE)/dlogits");
        // ε = 0 is the plain cross-entropy exactly; smoothing raises the loss of a confident right answer
        assertEquals(djl(logits, labels).loss(), djl(logits, labels, 0).loss(), 0);
        double[][] confident = {{12, 0}};
        assertTrue(djl(confident, new int[] {0}, 0.1).loss() > djl(confident, new int[] {0}).loss() + 0.5);
        assertThrows(IllegalArgumentException.class, () -> djl(logits, labels, 1.0));
        assertThrows(IllegalArgumentException.class, () -> djl(logits, labels, -0.1));
    }

    @Test
    void unlabelledRowsChangeNothingEvenWithGarbageLogits() {
        Computed clean = djl(LOGITS, LABELS);
        double[][] garbage = Ref.copy(LOGITS);
        garbage[1] = new double[] {1e6, -3e5, Double.NaN};
        Computed dirty = djl(garbage, LABELS);
        assertEquals(clean.loss(), dirty.loss(), 0);
        Ref.assertClose(clean.grad(), dirty.grad(), 0, 0, "dCE/dlogits");
        for (int k = 0; k < 3; k++) {
            assertEquals(0, dirty.grad()[3 + k], 0, "the unlabelled row gets no gradient");
        }
    }

    @Test
    void noLabelledRowIsZeroWithZeroGradients() {
        Computed c = djl(LOGITS, new int[] {-1, -1, -1, -1});
        assertEquals(0, c.loss(), 0);
        Ref.assertClose(new double[12], c.grad(), 0, 0, "dCE/dlogits");
    }

    @Test
    void hugeLogitsStayFinite() {
        double[][] big = {{1000, -1000, 500}, {-800, 900, 0}};
        int[] labels = {2, 0};
        double expected = ((1000 - 500) + (900 + 800)) / 2.0;
        assertEquals(expected, Ref.crossEntropy(big, labels), 1e-9);
        Computed c = djl(big, labels);
        assertEquals(expected, c.loss(), 1e-9);
        for (double g : c.grad()) {
            assertTrue(Double.isFinite(g));
        }
    }

    @Test
    void badLabelsAndShapesAreNamedErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = Ref.constant(m, LOGITS);
            IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                    () -> MaskedCrossEntropy.evaluate(z, m.create(new int[] {1, 3, 0, 0})));
            assertTrue(tooBig.getMessage().contains("row 1 has label 3") && tooBig.getMessage().contains("[0, 3)"),
                    tooBig.getMessage());
            IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                    () -> MaskedCrossEntropy.evaluate(z, m.create(new int[] {1, 0, -2, 0})));
            assertTrue(tooSmall.getMessage().contains("row 2 has label -2"), tooSmall.getMessage());
            IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                    () -> MaskedCrossEntropy.evaluate(z, m.create(new int[] {1, 0, 0})));
            assertTrue(rows.getMessage().contains("(4)"), rows.getMessage());
            IllegalArgumentException floats = assertThrows(IllegalArgumentException.class,
                    () -> MaskedCrossEntropy.evaluate(z, m.create(new float[] {1, 0, 0, 0})));
            assertTrue(floats.getMessage().contains("int32"), floats.getMessage());
            assertThrows(IllegalArgumentException.class, () -> MaskedCrossEntropy.evaluate(z, null));
            assertThrows(IllegalArgumentException.class, () -> MaskedCrossEntropy.evaluate(null, m.create(LABELS)));
        }
    }
}

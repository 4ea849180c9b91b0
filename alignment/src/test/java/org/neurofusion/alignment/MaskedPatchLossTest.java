package org.neurofusion.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.neurofusion.alignment.Reference.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Masked-patch reconstruction against the plain-Java definition, and the seeded patch masking. */
class MaskedPatchLossTest {
    private static final int B = 2;
    private static final int C = 3;
    private static final int P = 4;
    private static final int L = 5;
    private static final MaskedPatchLoss LOSS = new MaskedPatchLoss();
    // window 1 has only two real channels
    private static final boolean[] CHANNELS = {true, true, true, true, true, false};

    private static double[] random(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    private record Computed(double loss, double[] grad) {
    }

    private static Computed djl(double[] pred, double[] target, PatchMask hidden) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(pred, new Shape(B, C, P, L));
            p.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = LOSS.evaluate(p, m.create(target, new Shape(B, C, P, L)), hidden.toNDArray(m),
                        m.create(CHANNELS, new Shape(B, C)));
                gc.backward(loss);
                return new Computed(loss.getDouble(), p.getGradient().toDoubleArray());
            }
        }
    }

    @Test
    void valueAndGradientsMatchThePlainJavaDefinition() {
        Random r = new Random(21);
        double[] pred = random(r, B * C * P * L);
        double[] target = random(r, B * C * P * L);
        PatchMask hidden = PatchMasking.sample(B, C, P, 0.5, 7);
        boolean[] h = hidden.hidden();
        try (NDManager m = NDManager.newBaseManager()) {
            double got = Reference.value(LOSS.evaluate(m.create(pred, new Shape(B, C, P, L)).toType(DataType.FLOAT32, false),
                    m.create(target, new Shape(B, C, P, L)).toType(DataType.FLOAT32, false), hidden.toNDArray(m),
                    m.create(CHANNELS, new Shape(B, C)).toType(DataType.FLOAT32, false)));
            double expected = Reference.maskedPatch(pred, target, B, C, P, L, h, CHANNELS);
            assertEquals(expected, got, 1e-5 * Math.max(1, expected));
        }
        Computed c = djl(pred, target, hidden);
        assertEquals(Reference.maskedPatch(pred, target, B, C, P, L, h, CHANNELS), c.loss(), 1e-12);
        double[] fd = Reference.gradient(v -> Reference.maskedPatch(v, target, B, C, P, L, h, CHANNELS), pred, 1e-6);
        assertClose(fd, c.grad(), 1e-3, 1e-9, "dL/d predicted");
    }

    @Test
    void visiblePatchesAndPaddedChannelsChangeNothing() {
        Random r = new Random(22);
        double[] pred = random(r, B * C * P * L);
        double[] target = random(r, B * C * P * L);
        PatchMask hidden = PatchMasking.sample(B, C, P, 0.5, 8);
        Computed c = djl(pred, target, hidden);
        double[] pred2 = pred.clone();
        for (int b = 0; b < B; b++) {
            for (int ch = 0; ch < C; ch++) {
                for (int p = 0; p < P; p++) {
                    if (!hidden.isHidden(b, ch, p) || !CHANNELS[b * C + ch]) {
                        pred2[((b * C + ch) * P + p) * L] = Double.NaN;
                        pred2[((b * C + ch) * P + p) * L + 1] = 1e30;
                    }
                }
            }
        }
        Computed c2 = djl(pred2, target, hidden);
        assertEquals(c.loss(), c2.loss(), 0);
        assertClose(c.grad(), c2.grad(), 0, 0, "dL/d predicted");
    }

    @Test
    void nothingHiddenGivesZero() {
        Random r = new Random(23);
        Computed c = djl(random(r, B * C * P * L), random(r, B * C * P * L), PatchMasking.sample(B, C, P, 0, 1));
        assertEquals(0, c.loss(), 0);
        assertClose(new double[B * C * P * L], c.grad(), 0, 0, "dL/d predicted");
    }

    @Test
    void maskingIsSeededExactAndUniform() {
        PatchMask a = PatchMasking.sample(3, 4, 10, 0.3, 42);
        assertEquals(a, PatchMasking.sample(3, 4, 10, 0.3, 42));
        assertNotEquals(a, PatchMasking.sample(3, 4, 10, 0.3, 43));
        for (int b = 0; b < 3; b++) {
            for (int c = 0; c < 4; c++) {
                int n = 0;
                for (int p = 0; p < 10; p++) {
                    n += a.isHidden(b, c, p) ? 1 : 0;
                }
                assertEquals(3, n, "row (" + b + ", " + c + ") hides round(0.3 · 10) patches");
            }
        }
        assertEquals(1, PatchMasking.hiddenPerRow(8, 0.01), "a positive ratio hides at least one patch");
        assertEquals(7, PatchMasking.hiddenPerRow(8, 0.99), "a ratio below one shows at least one patch");
        assertEquals(8, PatchMasking.hiddenPerRow(8, 1));
        // every position is hidden about equally often: 20 000 rows, k/P = 0.25, sd of a count ≈ 61
        PatchMask big = PatchMasking.sample(100, 200, 8, 0.25, 5);
        int[] counts = new int[8];
        boolean[] flags = big.hidden();
        for (int i = 0; i < flags.length; i++) {
            counts[i % 8] += flags[i] ? 1 : 0;
        }
        for (int p = 0; p < 8; p++) {
            assertEquals(5000, counts[p], 300, "position " + p);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray arr = a.toNDArray(m);
            assertEquals(new Shape(3, 4, 10), arr.getShape());
            assertEquals(a.hiddenCount(), (int) arr.sum().getFloat());
            assertEquals(a.isHidden(2, 1, 7) ? 1f : 0f, arr.getFloat(2, 1, 7));
        }
        assertThrows(IllegalArgumentException.class, () -> PatchMasking.sample(2, 2, 2, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> PatchMasking.sample(0, 2, 2, 0.5, 0));
    }

    @Test
    void shapesAreChecked() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(B, C, P, L));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LOSS.evaluate(x, x, m.zeros(new Shape(B, C, P + 1)), m.ones(new Shape(B, C))));
            assertEquals(true, e.getMessage().contains("(2, 3, 4)"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> LOSS.evaluate(x, m.zeros(new Shape(B, C, P, L + 1)), m.zeros(new Shape(B, C, P)),
                            m.ones(new Shape(B, C))));
        }
    }
}

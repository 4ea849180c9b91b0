package org.neurofusion.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.neurofusion.alignment.Reference.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** InfoNCE against the plain-Java definition: values, gradients (finite differences), clamp and masks. */
class InfoNceLossTest {
    private static final int B = 5;
    private static final int D = 4;
    private static final InfoNceLoss LOSS = InfoNceLoss.builder().build();

    /** Loss and gradients w.r.t. a, b and the log scale, computed in float64 by DJL. */
    private record Computed(double loss, double[] gradA, double[] gradB, double gradLogScale) {
    }

    private static Computed djl(double[][] a, double[][] b, boolean[] rows, double logScale) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Reference.variable(m, a);
            NDArray y = Reference.variable(m, b);
            NDArray s = m.create(logScale);
            s.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = LOSS.evaluate(new MaskedEmbeddings(x, Reference.mask(m, rows)),
                        new MaskedEmbeddings(y, Reference.mask(m, rows)), s);
                gc.backward(loss);
                return new Computed(loss.getDouble(), x.getGradient().toDoubleArray(),
                        y.getGradient().toDoubleArray(), s.getGradient().getDouble());
            }
        }
    }

    /** Finite differences of the reference over (a, b, logScale) flattened. */
    private static double[] referenceGradient(double[][] a, double[][] b, boolean[] rows, double logScale) {
        double[] x = Reference.concat(Reference.flat(a), Reference.flat(b), new double[] {logScale});
        return Reference.gradient(v -> Reference.infoNce(Reference.unflat(v, 0, B, D), Reference.unflat(v, B * D, B, D),
                rows, v[2 * B * D], InfoNceLoss.DEFAULT_MAX_SCALE), x, 1e-6);
    }

    private static void assertGradients(double[][] a, double[][] b, boolean[] rows, double logScale) {
        Computed c = djl(a, b, rows, logScale);
        double[] fd = referenceGradient(a, b, rows, logScale);
        double[] got = Reference.concat(c.gradA(), c.gradB(), new double[] {c.gradLogScale()});
        assertClose(fd, got, 1e-3, 1e-7, "dL/d(a, b, logScale)");
        assertEquals(Reference.infoNce(a, b, rows, logScale, 100), c.loss(), 1e-12);
    }

    @Test
    void valueInFloat32MatchesThePlainJavaDefinition() {
        Random r = new Random(1);
        double[][] a = Reference.random(r, B, D, true);
        double[][] b = Reference.random(r, B, D, true);
        double logScale = Math.log(1 / 0.07);
        boolean[] all = {true, true, true, true, true};
        boolean[] some = {true, false, true, true, false};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create((float) logScale);
            double full = Reference.value(LOSS.evaluate(Reference.float32(m, a), Reference.float32(m, b), s));
            double expected = Reference.infoNce(a, b, all, (float) logScale, 100);
            assertEquals(expected, full, 1e-5 * Math.max(1, Math.abs(expected)));
            double masked = Reference.value(LOSS.evaluate(new MaskedEmbeddings(Reference.float32(m, a), m.create(some)),
                    MaskedEmbeddings.allPresent(Reference.float32(m, b)), s));
            double expectedMasked = Reference.infoNce(a, b, some, (float) logScale, 100);
            assertEquals(expectedMasked, masked, 1e-5 * Math.max(1, Math.abs(expectedMasked)));
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        Random r = new Random(2);
        // not normalised: the loss must be right for any input, and larger logits test the scale's gradient
        double[][] a = Reference.random(r, B, D, false);
        double[][] b = Reference.random(r, B, D, false);
        assertGradients(a, b, new boolean[] {true, true, true, true, true}, 1.3);
        assertGradients(a, b, new boolean[] {true, false, true, true, false}, 0.4);
    }

    @Test
    void theScaleIsClampedAtOneHundredAndNoGradientPassesAboveIt() {
        Random r = new Random(3);
        double[][] a = Reference.random(r, B, D, true);
        double[][] b = Reference.random(r, B, D, true);
        boolean[] all = {true, true, true, true, true};
        Computed above = djl(a, b, all, Math.log(250));
        Computed atBound = djl(a, b, all, Math.log(100));
        assertEquals(atBound.loss(), above.loss(), 0, "above the bound the loss is the loss at 1/τ = 100");
        assertEquals(0, above.gradLogScale(), 0, "no gradient reaches log(1/τ) above the clamp");
        assertClose(atBound.gradA(), above.gradA(), 0, 0, "dL/da above the bound equals dL/da at it");
        // At the bound the gradient passes (like torch.clamp): it equals the derivative from below.
        double h = 1e-6;
        double fromBelow = (Reference.infoNce(a, b, all, Math.log(100), 100)
                - Reference.infoNce(a, b, all, Math.log(100) - h, 100)) / h;
        assertEquals(fromBelow, atBound.gradLogScale(), 1e-4 * Math.abs(fromBelow));
        assertEquals(true, Math.abs(fromBelow) > 1e-3, "the test needs a non-zero slope, got " + fromBelow);
        // Below the bound the whole gradient matches finite differences.
        assertGradients(a, b, all, Math.log(30));
    }

    @Test
    void anAbsentRowChangesNothingEvenWhenItHoldsNaN() {
        Random r = new Random(4);
        double[][] a = Reference.random(r, B, D, true);
        double[][] b = Reference.random(r, B, D, true);
        boolean[] rows = {true, true, false, true, true};
        Computed c = djl(a, b, rows, 2.0);
        double[][] a2 = Reference.random(r, B, D, true);
        double[][] b2 = Reference.random(r, B, D, true);
        for (int i = 0; i < B; i++) {
            if (rows[i]) {
                a2[i] = a[i].clone();
                b2[i] = b[i].clone();
            }
        }
        a2[2][1] = Double.NaN;
        b2[2][3] = Double.POSITIVE_INFINITY;
        Computed c2 = djl(a2, b2, rows, 2.0);
        assertEquals(c.loss(), c2.loss(), 0);
        assertClose(c.gradA(), c2.gradA(), 0, 0, "dL/da");
        assertClose(c.gradB(), c2.gradB(), 0, 0, "dL/db");
        assertEquals(c.gradLogScale(), c2.gradLogScale(), 0);
        for (int j = 0; j < D; j++) {
            assertEquals(0, c2.gradA()[2 * D + j], 0, "the absent row gets no gradient");
        }
        // and the value is the loss of the batch without that row
        double[][] a4 = {a[0], a[1], a[3], a[4]};
        double[][] b4 = {b[0], b[1], b[3], b[4]};
        assertEquals(Reference.infoNce(a4, b4, new boolean[] {true, true, true, true}, 2.0, 100), c.loss(), 1e-12);
    }

    @Test
    void oneOrNoPresentRowGivesZeroWithZeroGradients() {
        Random r = new Random(5);
        double[][] a = Reference.random(r, B, D, true);
        double[][] b = Reference.random(r, B, D, true);
        for (boolean[] rows : List.of(new boolean[] {false, false, true, false, false}, new boolean[B])) {
            Computed c = djl(a, b, rows, 2.0);
            assertEquals(0, c.loss(), 0);
            assertClose(new double[B * D], c.gradA(), 0, 0, "dL/da");
            assertClose(new double[B * D], c.gradB(), 0, 0, "dL/db");
            assertEquals(0, c.gradLogScale(), 0);
        }
    }

    @Test
    void multiModalMeansEveryPairWithTwoSharedRowsAndMatchesFiniteDifferences() {
        Random r = new Random(6);
        double[][] eeg = Reference.random(r, B, D, false);
        double[][] fnirs = Reference.random(r, B, D, false);
        double[][] meg = Reference.random(r, B, D, false);
        boolean[] pe = {true, true, true, true, false};
        boolean[] pf = {true, false, true, true, true};
        boolean[] pm = {false, false, false, true, true}; // shares one row with eeg: that pair is left out
        MultiModalInfoNce loss = new MultiModalInfoNce(LOSS);
        double logScale = 1.1;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = Reference.variable(m, eeg);
            NDArray f = Reference.variable(m, fnirs);
            NDArray g = Reference.variable(m, meg);
            NDArray s = m.create(logScale);
            s.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                MultiModalInfoNce.Result res = loss.evaluate(Map.of("meg", new MaskedEmbeddings(g, m.create(pm)),
                        "eeg", new MaskedEmbeddings(e, m.create(pe)), "fnirs", new MaskedEmbeddings(f, m.create(pf))), s);
                assertEquals(List.of("eeg~fnirs", "fnirs~meg"), res.pairs());
                gc.backward(res.loss());
                List<boolean[]> present = List.of(pe, pf, pm);
                assertEquals(Reference.multiModalInfoNce(List.of(eeg, fnirs, meg), present, logScale, 100),
                        res.loss().getDouble(), 1e-12);
                double[] x = Reference.concat(Reference.flat(eeg), Reference.flat(fnirs), Reference.flat(meg),
                        new double[] {logScale});
                double[] fd = Reference.gradient(v -> Reference.multiModalInfoNce(List.of(Reference.unflat(v, 0, B, D),
                        Reference.unflat(v, B * D, B, D), Reference.unflat(v, 2 * B * D, B, D)), present, v[3 * B * D], 100),
                        x, 1e-6);
                double[] got = Reference.concat(e.getGradient().toDoubleArray(), f.getGradient().toDoubleArray(),
                        g.getGradient().toDoubleArray(), new double[] {s.getGradient().getDouble()});
                assertClose(fd, got, 1e-3, 1e-7, "dL/d(eeg, fnirs, meg, logScale)");
            }
        }
    }

    @Test
    void multiModalWithNoPresentPairIsAZeroThatBackpropagates() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = Reference.variable(m, Reference.random(new Random(7), B, D, true));
            NDArray f = Reference.variable(m, Reference.random(new Random(8), B, D, true));
            NDArray s = m.create(2.0);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                MultiModalInfoNce.Result res = new MultiModalInfoNce(LOSS).evaluate(Map.of(
                        "eeg", new MaskedEmbeddings(e, m.create(new boolean[] {true, true, false, false, false})),
                        "fnirs", new MaskedEmbeddings(f, m.create(new boolean[] {false, true, true, true, true}))), s);
                assertEquals(List.of(), res.pairs());
                gc.backward(res.loss());
                assertEquals(0, res.loss().getDouble(), 0);
                assertClose(new double[B * D], e.getGradient().toDoubleArray(), 0, 0, "dL/d eeg");
            }
        }
    }

    @Test
    void badInputsAreRefusedWithTheirShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new ai.djl.ndarray.types.Shape(5, 4));
            NDArray b = m.randomNormal(new ai.djl.ndarray.types.Shape(4, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LOSS.evaluate(a, b, m.create(1f)));
            assertEquals(true, e.getMessage().contains("(5, 4)") && e.getMessage().contains("(4, 4)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> InfoNceLoss.builder().optMaxScale(0));
            assertThrows(IllegalArgumentException.class,
                    () -> new MaskedEmbeddings(a, m.create(new boolean[] {true, false})));
        }
    }
}

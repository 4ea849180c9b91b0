package org.neurofusion.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.neurofusion.alignment.Reference.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SupCon against the plain-Java definition: values, gradients, unlabelled rows, lonely anchors, masks. */
class SupConLossTest {
    private static final int B = 5;
    private static final int D = 4;
    private static final double TAU = 0.2;
    private static final SupConLoss LOSS = SupConLoss.builder().optTemperature(TAU).build();
    // row 3 is unlabelled in both modalities (two −1 rows that must not be positives of each other); row 4
    // has label 2 and fNIRS is missing there, so EEG row 4 is an anchor without a positive
    private static final int[] LABELS = {0, 1, 0, -1, 2};
    private static final boolean[] EEG = {true, true, true, true, true};
    private static final boolean[] FNIRS = {true, true, false, true, false};

    private record Computed(double loss, double[] gradEeg, double[] gradFnirs) {
    }

    private static Computed djl(double[][] eeg, double[][] fnirs, int[] labels, boolean[] pe, boolean[] pf) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = Reference.variable(m, eeg);
            NDArray f = Reference.variable(m, fnirs);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Map<String, MaskedEmbeddings> views = new LinkedHashMap<>();
                views.put("fnirs", new MaskedEmbeddings(f, m.create(pf)));
                views.put("eeg", new MaskedEmbeddings(e, m.create(pe)));
                NDArray loss = LOSS.evaluate(views, m.create(labels));
                gc.backward(loss);
                return new Computed(loss.getDouble(), e.getGradient().toDoubleArray(), f.getGradient().toDoubleArray());
            }
        }
    }

    @Test
    void valueInFloat32MatchesThePlainJavaDefinition() {
        Random r = new Random(11);
        double[][] eeg = Reference.random(r, B, D, true);
        double[][] fnirs = Reference.random(r, B, D, true);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, MaskedEmbeddings> views = Map.of(
                    "eeg", new MaskedEmbeddings(Reference.float32(m, eeg), m.create(EEG)),
                    "fnirs", new MaskedEmbeddings(Reference.float32(m, fnirs), m.create(FNIRS)));
            double got = Reference.value(LOSS.evaluate(views, m.create(LABELS)));
            // views are stacked in name order: eeg, then fnirs
            double expected = Reference.supCon(List.of(eeg, fnirs), List.of(EEG, FNIRS), LABELS, TAU);
            assertEquals(expected, got, 1e-5 * Math.max(1, Math.abs(expected)));
            assertEquals(true, expected > 0.1, "a loss worth comparing: " + expected);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        Random r = new Random(12);
        double[][] eeg = Reference.random(r, B, D, false);
        double[][] fnirs = Reference.random(r, B, D, false);
        Computed c = djl(eeg, fnirs, LABELS, EEG, FNIRS);
        assertEquals(Reference.supCon(List.of(eeg, fnirs), List.of(EEG, FNIRS), LABELS, TAU), c.loss(), 1e-12);
        double[] x = Reference.concat(Reference.flat(eeg), Reference.flat(fnirs));
        double[] fd = Reference.gradient(v -> Reference.supCon(List.of(Reference.unflat(v, 0, B, D),
                Reference.unflat(v, B * D, B, D)), List.of(EEG, FNIRS), LABELS, TAU), x, 1e-6);
        assertClose(fd, Reference.concat(c.gradEeg(), c.gradFnirs()), 1e-3, 1e-7, "dL/d(eeg, fnirs)");
    }

    @Test
    void unlabelledRowsAreNegativesOnlyAndAbsentRowsChangeNothing() {
        Random r = new Random(13);
        double[][] eeg = Reference.random(r, B, D, true);
        double[][] fnirs = Reference.random(r, B, D, true);
        Computed c = djl(eeg, fnirs, LABELS, EEG, FNIRS);
        // The unlabelled rows still change the loss: they are in every anchor's denominator.
        double[][] eeg2 = eeg.clone();
        eeg2[3] = Reference.random(r, 1, D, true)[0];
        Computed moved = djl(eeg2, fnirs, LABELS, EEG, FNIRS);
        assertEquals(Reference.supCon(List.of(eeg2, fnirs), List.of(EEG, FNIRS), LABELS, TAU), moved.loss(), 1e-12);
        assertEquals(true, Math.abs(moved.loss() - c.loss()) > 1e-6, "an unlabelled negative moved the loss");
        // ... but they are not anchors: the gradient on them is only that of a negative (checked above by
        // finite differences); and absent fNIRS rows 2 and 4 change nothing, even holding NaN.
        double[][] fnirs2 = fnirs.clone();
        fnirs2[2] = new double[] {Double.NaN, 1, 2, 3};
        fnirs2[4] = new double[] {Double.POSITIVE_INFINITY, 0, 0, 0};
        Computed masked = djl(eeg, fnirs2, LABELS, EEG, FNIRS);
        assertEquals(c.loss(), masked.loss(), 0);
        assertClose(c.gradEeg(), masked.gradEeg(), 0, 0, "dL/d eeg");
        assertClose(c.gradFnirs(), masked.gradFnirs(), 0, 0, "dL/d fnirs");
        for (int j = 0; j < D; j++) {
            assertEquals(0, masked.gradFnirs()[2 * D + j], 0);
            assertEquals(0, masked.gradFnirs()[4 * D + j], 0);
        }
    }

    @Test
    void noAnchorWithAPositiveGivesZeroWithZeroGradients() {
        Random r = new Random(14);
        double[][] eeg = Reference.random(r, B, D, true);
        double[][] fnirs = Reference.random(r, B, D, true);
        // one modality only, every label once or unlabelled: nobody has a positive
        Computed c = djl(eeg, fnirs, new int[] {0, 1, -1, 2, -1}, EEG, new boolean[B]);
        assertEquals(0, c.loss(), 0);
        assertClose(new double[B * D], c.gradEeg(), 0, 0, "dL/d eeg");
    }

    @Test
    void badLabelsAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, MaskedEmbeddings> views = Map.of("eeg",
                    MaskedEmbeddings.allPresent(m.randomNormal(new ai.djl.ndarray.types.Shape(B, D))));
            assertThrows(IllegalArgumentException.class, () -> LOSS.evaluate(views, m.create(new int[] {0, 1})));
            assertThrows(IllegalArgumentException.class, () -> LOSS.evaluate(views, m.create(new float[] {0, 1, 0, 1, 0})));
            assertThrows(IllegalArgumentException.class, () -> SupConLoss.builder().optTemperature(0));
        }
    }
}

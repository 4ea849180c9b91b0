package org.neurofusion.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurofusion.alignment.Reference.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The weighted objective, its weights' JSON, and the loss guard. */
class AlignmentObjectiveTest {
    private static final int B = 5;
    private static final int D = 4;
    private static final int[] LABELS = {0, 1, 0, -1, 1};
    private static final boolean[] EEG = {true, true, true, true, true};
    private static final boolean[] FNIRS = {true, false, true, true, true};

    @Test
    void weightsRoundTripThroughJsonAndRefuseMistakes() {
        ObjectiveWeights w = new ObjectiveWeights(1, 0.25, 0.5);
        assertEquals(w, ObjectiveWeights.fromJson(w.toJson()));
        assertEquals(w, ObjectiveWeights.fromJson("{\"reconstruction\": 0.5, \"supcon\": 0.25, \"info_nce\": 1}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectiveWeights.fromJson("{\"info_nce\": 1, \"sup_con\": 0.2, \"reconstruction\": 0}"));
        assertTrue(e.getMessage().contains("sup_con"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ObjectiveWeights.fromJson("{\"info_nce\": 1, \"reconstruction\": 0}"));
        assertTrue(e.getMessage().contains("supcon"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ObjectiveWeights(-1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ObjectiveWeights(Double.NaN, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ObjectiveWeights(0, 0, 0));
    }

    @Test
    void theTotalIsTheWeightedSumOfTermsThatEqualTheirDefinitions() {
        Random r = new Random(41);
        double[][] eeg = Reference.random(r, B, D, true);
        double[][] fnirs = Reference.random(r, B, D, true);
        double[] pred = new double[2 * 2 * 3 * 2];
        double[] target = new double[pred.length];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = r.nextGaussian();
            target[i] = r.nextGaussian();
        }
        PatchMask hidden = PatchMasking.sample(2, 2, 3, 0.5, 3);
        boolean[] channels = {true, true, true, false};
        double logScale = 2.2;
        ObjectiveWeights w = new ObjectiveWeights(1.5, 0.25, 2);
        SupConLoss supCon = SupConLoss.builder().optTemperature(0.3).build();
        AlignmentObjective objective = AlignmentObjective.builder().setWeights(w).optSupCon(supCon).build();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = Reference.variable(m, eeg);
            NDArray f = Reference.variable(m, fnirs);
            NDArray p = m.create(pred, new Shape(2, 2, 3, 2));
            p.setRequiresGradient(true);
            NDArray s = m.create(logScale);
            s.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                ObjectiveResult res = objective.evaluate(ObjectiveInputs.builder()
                        .optView("eeg", new MaskedEmbeddings(e, m.create(EEG)))
                        .optView("fnirs", new MaskedEmbeddings(f, m.create(FNIRS)))
                        .optLabels(m.create(LABELS)).optLogScale(s)
                        .optReconstruction(p, m.create(target, new Shape(2, 2, 3, 2)), hidden.toNDArray(m),
                                m.create(channels, new Shape(2, 2)))
                        .build());
                boolean[] both = {true, false, true, true, true};
                double nce = Reference.infoNce(eeg, fnirs, both, logScale, 100);
                double sc = Reference.supCon(List.of(eeg, fnirs), List.of(EEG, FNIRS), LABELS, 0.3);
                double rec = Reference.maskedPatch(pred, target, 2, 2, 3, 2, hidden.hidden(), channels);
                assertEquals(List.of(AlignmentObjective.INFO_NCE, AlignmentObjective.SUPCON,
                        AlignmentObjective.RECONSTRUCTION), List.copyOf(res.terms().keySet()));
                assertEquals(nce, res.terms().get(AlignmentObjective.INFO_NCE), 1e-12);
                assertEquals(sc, res.terms().get(AlignmentObjective.SUPCON), 1e-12);
                assertEquals(rec, res.terms().get(AlignmentObjective.RECONSTRUCTION), 1e-12);
                double total = 1.5 * nce + 0.25 * sc + 2 * rec;
                assertEquals(total, res.total(), 1e-12);
                assertEquals(total, res.loss().getDouble(), 1e-12);
                assertEquals(List.of("eeg~fnirs"), res.pairs());
                LossGuard.check(res, 3);
                gc.backward(res.loss());
                // the weights are in the gradient too: d total / d logScale = 1.5 · d InfoNCE / d logScale
                double h = 1e-6;
                double fd = 1.5 * (Reference.infoNce(eeg, fnirs, both, logScale + h, 100)
                        - Reference.infoNce(eeg, fnirs, both, logScale - h, 100)) / (2 * h);
                assertEquals(fd, s.getGradient().getDouble(), 1e-6 * Math.abs(fd) + 1e-9);
                double[] fdPred = Reference.gradient(v -> 2 * Reference.maskedPatch(v, target, 2, 2, 3, 2,
                        hidden.hidden(), channels), pred, 1e-6);
                assertClose(fdPred, p.getGradient().toDoubleArray(), 1e-3, 1e-9, "d total / d predicted");
            }
        }
    }

    @Test
    void termsThatDoNotApplyAreLeftOutAndNoTermAtAllIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = m.randomNormal(new Shape(B, D));
            AlignmentObjective objective = AlignmentObjective.builder()
                    .setWeights(new ObjectiveWeights(1, 1, 0)).build();
            // one modality, labelled: InfoNCE cannot apply, SupCon does
            ObjectiveResult res = objective.evaluate(ObjectiveInputs.builder()
                    .optView("eeg", MaskedEmbeddings.allPresent(ProjectionHead.l2Normalize(e, 1e-12)))
                    .optLabels(m.create(LABELS)).build());
            assertEquals(List.of(AlignmentObjective.SUPCON), List.copyOf(res.terms().keySet()));
            assertEquals(res.terms().get(AlignmentObjective.SUPCON), res.total(), 1e-6);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> objective.evaluate(
                    ObjectiveInputs.builder().optView("eeg", MaskedEmbeddings.allPresent(e)).build()));
            assertTrue(ex.getMessage().contains("info_nce") && ex.getMessage().contains("supcon"), ex.getMessage());
            ex = assertThrows(IllegalArgumentException.class, () -> objective.evaluate(ObjectiveInputs.builder()
                    .optView("eeg", MaskedEmbeddings.allPresent(e)).optView("fnirs", MaskedEmbeddings.allPresent(e))
                    .build()));
            assertTrue(ex.getMessage().contains("log scale"), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> AlignmentObjective.builder().build());
        }
    }

    @Test
    void theGuardNamesTheStepAndTheTermThatWentNonFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray nan = m.create(Float.NaN);
            nan.setName("supcon");
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> LossGuard.check(nan, 12));
            assertEquals(12, e.step());
            assertEquals("supcon", e.term());
            assertTrue(Double.isNaN(e.value()));
            assertEquals("step 12: loss term 'supcon' is NaN", e.getMessage());
            e = assertThrows(NonFiniteLossException.class,
                    () -> LossGuard.check(m.create(new double[] {1, Double.NEGATIVE_INFINITY}), 4));
            assertEquals("step 4: loss term 'loss' is -Infinity", e.getMessage());
            LossGuard.check(m.create(1.5f), 1);

            // A present row holding NaN makes InfoNCE NaN; the guard names that term, not the total.
            double[] bad = new double[B * D];
            bad[5] = Double.NaN;
            NDArray a = m.create(bad, new Shape(B, D));
            AlignmentObjective objective = AlignmentObjective.builder()
                    .setWeights(new ObjectiveWeights(1, 1, 0)).build();
            ObjectiveResult res = objective.evaluate(ObjectiveInputs.builder()
                    .optView("eeg", MaskedEmbeddings.allPresent(a))
                    .optView("fnirs", MaskedEmbeddings.allPresent(m.randomNormal(new Shape(B, D)).toType(
                            ai.djl.ndarray.types.DataType.FLOAT64, false)))
                    .optLogScale(m.create(2.0)).build());
            e = assertThrows(NonFiniteLossException.class, () -> LossGuard.check(res, 99));
            assertEquals(AlignmentObjective.INFO_NCE, e.term());
            assertEquals(99, e.step());
            e = assertThrows(NonFiniteLossException.class, () -> LossGuard.check(res.loss(), 99));
            assertEquals(AlignmentObjective.TOTAL, e.term());
        }
    }
}

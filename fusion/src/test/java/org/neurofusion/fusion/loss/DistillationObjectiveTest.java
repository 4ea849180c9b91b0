package org.neurofusion.fusion.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurofusion.alignment.LossGuard;
import org.neurofusion.alignment.ObjectiveResult;

/** The combined student objective against the plain-Java definition of every term, its masks and its errors. */
class DistillationObjectiveTest {
    private static final DistillationWeights ALL = new DistillationWeights(1, 0.7, 0.5, 0.3, 0.2, 0.4);
    private static final double T = 3;
    private static final double LOG_SCALE = Math.log(5);
    private static final DistillationObjective OBJECTIVE = DistillationObjective.builder().setWeights(ALL)
            .optTemperature(T).optInfoNceLogScale(LOG_SCALE).build();

    private record Computed(ObjectiveResult result, double loss, double[] student, double[] teacher) {
    }

    private static Computed djl(DistillationObjective objective, DistillationBatch batch) {
        try (NDManager m = NDManager.newBaseManager()) {
            DistillationBatch.Arrays arrays = batch.arrays(m);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                ObjectiveResult r = objective.evaluate(arrays.inputs());
                gc.backward(r.loss());
                return new Computed(r, r.loss().getDouble(), arrays.studentGradient(), arrays.teacherGradient());
            }
        }
    }

    @Test
    void everyTermAndTheTotalEqualTheReference() {
        DistillationBatch batch = new DistillationBatch(41);
        Computed c = djl(OBJECTIVE, batch);
        ObjectiveResult r = c.result();
        assertEquals(DistillationWeights.FIELDS, List.copyOf(r.terms().keySet()));
        double[] expected = batch.referenceTerms(T, LOG_SCALE);
        for (int i = 0; i < expected.length; i++) {
            String term = DistillationWeights.FIELDS.get(i);
            assertEquals(expected[i], r.terms().get(term), 1e-12, term);
            assertTrue(expected[i] > 1e-3, term + " must be non-trivial for the test to mean anything");
        }
        assertEquals(batch.referenceTotal(ALL, T, LOG_SCALE), r.total(), 1e-12);
        assertEquals(r.total(), c.loss(), 0);
        assertEquals(List.of(DistillationObjective.INFO_NCE_PAIR), r.pairs());
        LossGuard.check(r, 0);
    }

    @Test
    void studentGradientsMatchFiniteDifferencesAndTheTeacherGetsNone() {
        DistillationBatch batch = new DistillationBatch(42);
        Computed c = djl(OBJECTIVE, batch);
        double[] fd = Ref.gradient(v -> batch.withStudentSide(v).referenceTotal(ALL, T, LOG_SCALE),
                batch.studentSide(), 1e-6);
        Ref.assertClose(fd, c.student(), 1e-5, 1e-8, "dL/d(student logits, imputed, tokens, fused)");
        Ref.assertClose(new double[c.teacher().length], c.teacher(), 0, 0, "dL/d(teacher side)");
    }

    @Test
    void unpairedRowsOfTheImputationInputsChangeNothing() {
        DistillationBatch batch = new DistillationBatch(43);
        DistillationBatch garbage = batch.withGarbageInUnpairedRows(new Random(44));
        Computed clean = djl(OBJECTIVE, batch);
        Computed dirty = djl(OBJECTIVE, garbage);
        assertEquals(clean.result().terms(), dirty.result().terms());
        assertEquals(clean.result().total(), dirty.result().total(), 0);
        Ref.assertClose(clean.student(), dirty.student(), 0, 0, "dL/d(student side)");
    }

    @Test
    void onlyWeightedTermsAreComputedAndTheirInputsMayBeAbsent() {
        DistillationBatch batch = new DistillationBatch(45);
        DistillationObjective ceKl = DistillationObjective.builder()
                .setWeights(new DistillationWeights(1, 0.5, 0, 0, 0, 0)).build();
        try (NDManager m = NDManager.newBaseManager()) {
            DistillationBatch.Arrays a = batch.arrays(m);
            ObjectiveResult r = ceKl.evaluate(new DistillationInputs(a.studentLogits(), a.teacherLogits(), a.labels(),
                    null, null, null, null, null, null, null));
            assertEquals(List.of("ce", "kl"), List.copyOf(r.terms().keySet()));
            assertEquals(List.of(), r.pairs());
            double[] ref = batch.referenceTerms(DistillationObjective.DEFAULT_TEMPERATURE, 0);
            assertEquals(ref[0] + 0.5 * ref[1], r.total(), 1e-12);
        }
    }

    @Test
    void aWeightedTermWithoutItsInputIsANamedError() {
        DistillationBatch batch = new DistillationBatch(46);
        try (NDManager m = NDManager.newBaseManager()) {
            DistillationBatch.Arrays a = batch.arrays(m);
            IllegalArgumentException tokens = assertThrows(IllegalArgumentException.class,
                    () -> OBJECTIVE.evaluate(new DistillationInputs(a.studentLogits(), a.teacherLogits(), a.labels(),
                            a.imputed(), a.real(), a.imputedTokens(), null, a.studentFused(), a.teacherFused(),
                            a.paired())));
            assertTrue(tokens.getMessage().contains("'tokens'") && tokens.getMessage().contains("realTokens"),
                    tokens.getMessage());
            IllegalArgumentException paired = assertThrows(IllegalArgumentException.class,
                    () -> OBJECTIVE.evaluate(new DistillationInputs(a.studentLogits(), a.teacherLogits(), a.labels(),
                            a.imputed(), a.real(), a.imputedTokens(), a.realTokens(), a.studentFused(),
                            a.teacherFused(), null)));
            assertTrue(paired.getMessage().contains("'cosine'") && paired.getMessage().contains("paired"),
                    paired.getMessage());
            IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                    () -> OBJECTIVE.evaluate(new DistillationInputs(a.studentLogits(), a.teacherLogits(), null,
                            a.imputed(), a.real(), a.imputedTokens(), a.realTokens(), a.studentFused(),
                            a.teacherFused(), a.paired())));
            assertTrue(labels.getMessage().contains("'ce'"), labels.getMessage());
            IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                    () -> OBJECTIVE.evaluate(new DistillationInputs(a.studentLogits(), a.teacherLogits(), a.labels(),
                            a.imputed(), a.real(), a.imputedTokens(), a.realTokens(), a.studentFused(),
                            a.teacherFused(), m.create(new double[] {1, 0, 0.5, 1, 0}))));
            assertTrue(half.getMessage().contains("paired[2]"), half.getMessage());
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> new DistillationInputs(a.studentLogits(), a.imputed(), null, null, null, null, null, null,
                            null, null));
            assertTrue(shape.getMessage().contains("teacherLogits (5, 4)"), shape.getMessage());
            IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                    () -> new DistillationInputs(a.studentLogits(), null, m.create(new int[] {1, 2}), null, null, null,
                            null, null, null, null));
            assertTrue(rows.getMessage().contains("labels has 2 rows"), rows.getMessage());
        }
    }

    @Test
    void weightsAndSettingsAreValidatedAndRoundTripThroughJson() throws Exception {
        DistillationWeights w = DistillationWeights.fromJson(ALL.toJson());
        assertEquals(ALL, w);
        // a run configuration that embeds the record reads and writes it through Jackson with the same names
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(json.readTree(ALL.toJson()), json.readTree(json.writeValueAsString(ALL)));
        assertEquals(ALL, json.readValue(ALL.toJson(), DistillationWeights.class));
        assertEquals(ALL, DistillationWeights.fromJson(
                "{\"ce\":1,\"kl\":0.7,\"cosine\":0.5,\"info_nce\":0.3,\"tokens\":0.2,\"fused\":0.4}"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> DistillationWeights
                .fromJson("{\"ce\":1,\"kl\":1,\"cosine\":0,\"infonce\":0,\"tokens\":0,\"fused\":0}"));
        assertTrue(unknown.getMessage().contains("'infonce'"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> DistillationWeights.fromJson("{\"ce\":1}"));
        assertTrue(missing.getMessage().contains("'kl'"), missing.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new DistillationWeights(1, 1, 1, -0.1, 0, 0));
        assertTrue(negative.getMessage().contains("'info_nce'"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DistillationWeights(0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DistillationWeights(1, Double.NaN, 0, 0, 0, 0));
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> DistillationObjective.builder().optTemperature(0));
        assertTrue(t.getMessage().contains("temperature"), t.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DistillationObjective.builder().optTemperature(-2));
        assertThrows(IllegalArgumentException.class, () -> DistillationObjective.builder().build());
        DistillationObjective defaults = DistillationObjective.builder().setWeights(ALL).build();
        assertEquals(2.0, defaults.temperature(), 0);
        assertEquals(Math.log(10), defaults.infoNceLogScale(), 1e-15);
    }
}

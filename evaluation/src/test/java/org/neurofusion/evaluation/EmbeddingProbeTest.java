package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;

/**
 * The probe condition through the harness, instrumented: an embedder that records every window it is given shows
 * that, in every leave-one-subject-out fold, the probe's fit (and so its choice of C) saw training subjects only, and
 * the held-out subject's windows reached it only to be scored.
 */
class EmbeddingProbeTest {
    /** Log-variance per EEG channel, recording which subjects each call saw. */
    static final class RecordingEmbedder implements EmbeddingProbe.Embedder {
        final List<Set<String>> calls = new ArrayList<>();

        @Override
        public Modality modality() {
            return Modality.EEG;
        }

        @Override
        public void check(PairedWindow w) {
            if (!w.blocks().containsKey(Modality.EEG)) {
                throw new IllegalArgumentException(w.key() + " has no EEG");
            }
        }

        @Override
        public double[][] embed(List<PairedWindow> windows) {
            Set<String> subjects = new TreeSet<>();
            double[][] out = new double[windows.size()][];
            for (int i = 0; i < out.length; i++) {
                subjects.add(windows.get(i).subject());
                out[i] = RegisteredConditionTest.NearestMean.features(windows.get(i));
            }
            calls.add(subjects);
            return out;
        }
    }

    @Test
    void theProbeNeverSeesTheHeldOutSubjectWhileItFits() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02", "03"), 30, false, 21);
        RecordingEmbedder rec = new RecordingEmbedder();
        ConditionRegistry registry = new ConditionRegistry();
        registry.register("eeg-probe", () -> new EmbeddingProbe(rec, EmbeddingProbe.DEFAULT_CS, 5));
        EvaluationResult loso = Evaluation.builder().addConditions(List.of("eeg-probe"), registry)
                .setProtocol(new Protocol.LeaveOneSubjectOut()).setTask("mi").build().run(windows);
        assertEquals(3, loso.rows().size());
        // per fold: one embed call for the fit, one for the scores
        assertEquals(6, rec.calls.size(), rec.calls.toString());
        Set<String> tested = new TreeSet<>();
        for (int f = 0; f < 3; f++) {
            Set<String> fitted = rec.calls.get(2 * f);
            Set<String> scored = rec.calls.get(2 * f + 1);
            assertEquals(1, scored.size(), "a fold scores one held-out subject: " + scored);
            assertEquals(2, fitted.size(), "a fold fits on the two others: " + fitted);
            assertTrue(fitted.stream().noneMatch(scored::contains), "fold " + f + " fitted on " + fitted
                    + " and scored " + scored);
            tested.addAll(scored);
        }
        assertEquals(Set.of("01", "02", "03"), tested);
        assertTrue(loso.meanAccuracy().get("eeg-probe") > 0.7, loso.meanAccuracy().toString());
    }
}

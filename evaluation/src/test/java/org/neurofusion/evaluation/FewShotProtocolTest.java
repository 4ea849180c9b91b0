package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.Splits;
import org.neurofusion.datasets.WindowRef;

/** Few-shot calibration: the k trials per class of the held-out subject train, and never test. */
class FewShotProtocolTest {
    @Test
    void theCalibrationTrialsTrainAndNeverTest() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02", "03"), 30, false, 31);
        List<WindowRef> refs = windows.stream().map(Blocks::ref).toList();
        Protocol p = Protocol.parse("fewshot-5", 2, 5);
        assertEquals("fewshot-5", p.id());
        List<Protocol.Fold> folds = p.folds(refs, 7);
        assertEquals(3 * 2, folds.size(), "3 held-out subjects x 2 draws");
        for (Protocol.Fold f : folds) {
            Splits.Fold s = f.split();
            assertFalse(Splits.overlaps(s), s.name());
            Set<Integer> train = Arrays.stream(s.train()).boxed().collect(Collectors.toSet());
            List<Integer> calibration = train.stream().filter(i -> refs.get(i).key().subject().equals(f.subject()))
                    .sorted().toList();
            assertEquals(10, calibration.size(), "5 per class of the held-out subject: " + calibration);
            assertEquals(Set.of(0, 1), calibration.stream().map(i -> refs.get(i).label().getAsInt())
                    .collect(Collectors.toSet()));
            assertEquals(60 + 10, s.train().length);
            assertEquals(20, s.test().length, "the held-out subject's other trials");
            assertTrue(Arrays.stream(s.test()).allMatch(i -> refs.get(i).key().subject().equals(f.subject())));
        }
        // another draw, other calibration trials
        assertFalse(Arrays.equals(folds.get(0).split().train(), folds.get(3).split().train()));

        assertEquals(new Protocol.LeaveOneSubjectOut().folds(refs, 7).size(), Protocol.parse("fewshot-0", 2, 5)
                .folds(refs, 7).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Protocol.parse("fewshot-20",
                1, 5).folds(refs, 7));
        assertTrue(e.getMessage().contains("fewshot-20 needs more than 20") && e.getMessage().contains(
                "sub-01 has 15 of class 0, 15 of class 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Protocol.parse("fewshot-x", 1, 5));
    }

    @Test
    void aConditionRunsThroughTheHarnessWithCalibration() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02", "03"), 30, false, 32);
        EvaluationResult r = Evaluation.builder().addConditions(List.of("eeg-csp"), ConditionRegistry.classical())
                .setProtocol(Protocol.parse("fewshot-5", 1, 5)).setTask("mi").build().run(windows);
        assertEquals(3, r.rows().size());
        assertTrue(r.rows().stream().allMatch(x -> x.protocol().equals("fewshot-5") && x.nTrainLabelled() == 70
                && x.kShot() == 5), r.rows().toString());
        Set<String> subjects = new TreeSet<>();
        r.rows().forEach(x -> subjects.add(x.subject()));
        assertEquals(Set.of("01", "02", "03"), subjects);
    }

    @Test
    void tooFewTrialsOfAClassAreNamedBySubjectClassAndCount() {
        // subject 02 keeps 4 trials of class 1; subject 03 none of class 1
        List<PairedWindow> windows = new java.util.ArrayList<>();
        int[] kept = new int[4];
        for (PairedWindow w : SyntheticWindows.make(List.of("01", "02", "03"), 30, false, 33)) {
            String s = w.key().subject();
            int label = w.label().getAsInt();
            if (label == 1 && (s.equals("03") || s.equals("02") && kept[2]++ >= 4)) {
                continue;
            }
            windows.add(w);
        }
        List<WindowRef> refs = windows.stream().map(Blocks::ref).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Protocol.parse("fewshot-5",
                1, 5).folds(refs, 7));
        assertTrue(e.getMessage().contains("sub-02 has 4 of class 1; sub-03 has 0 of class 1"), e.getMessage());
        assertFalse(e.getMessage().contains("sub-01"), e.getMessage());
        assertEquals(3, Protocol.parse("fewshot-3", 1, 5).folds(refs, 7, s -> !s.equals("03")).size() + 1,
                "4 trials are enough for 3 calibration trials, and 03, untested, needs none");
        // through the harness: the subject short of trials need not be tested, and still trains
        EvaluationResult r = Evaluation.builder().addConditions(List.of("eeg-csp"), ConditionRegistry.classical())
                .setProtocol(Protocol.parse("fewshot-5", 1, 5)).setTask("mi").optTestSubjects(Set.of("01"))
                .build().run(windows);
        assertEquals(1, r.rows().size());
        assertEquals(windows.size() - 30 + 10, r.rows().get(0).nTrainLabelled());
        Evaluation all = Evaluation.builder().addConditions(List.of("eeg-csp"), ConditionRegistry.classical())
                .setProtocol(Protocol.parse("fewshot-5", 1, 5)).setTask("mi").build();
        e = assertThrows(IllegalArgumentException.class, () -> all.run(windows));
        assertTrue(e.getMessage().contains("sub-02 has 4 of class 1"), e.getMessage());
    }
}

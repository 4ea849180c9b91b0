package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.WindowRef;

/** K-fold by subject: each subject tested once per repetition, never trained on in its fold; one row per subject. */
class KFoldBySubjectTest {
    private static final List<String> FIVE = List.of("01", "02", "03", "04", "05");

    private static Set<String> subjects(List<WindowRef> refs, int[] idx) {
        return Arrays.stream(idx).mapToObj(i -> refs.get(i).key().subject()).collect(Collectors.toCollection(
                TreeSet::new));
    }

    @Test
    void everySubjectIsTestedOncePerRepetitionAndNeverTrainedOnThere() {
        List<WindowRef> refs = SyntheticWindows.make(FIVE, 6, false, 41).stream().map(Blocks::ref).toList();
        Protocol p = Protocol.parse("kfold-2", 3, 5);
        assertEquals(new Protocol.KFoldBySubject(2, 3), p);
        assertEquals("kfold-2", p.id());
        assertEquals(3, p.repetitions());
        List<Protocol.Fold> folds = p.folds(refs, 100);
        assertEquals(3 * 2, folds.size());
        List<List<Set<String>>> groupsByRepetition = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<String> tested = new ArrayList<>();
            List<Set<String>> groups = new ArrayList<>();
            for (Protocol.Fold f : folds.subList(2 * r, 2 * r + 2)) {
                assertEquals(100 + r, f.seed());
                Set<String> test = subjects(refs, f.split().test());
                Set<String> train = subjects(refs, f.split().train());
                assertTrue(test.stream().noneMatch(train::contains), "a test subject trains: " + f);
                assertEquals(5, test.size() + train.size(), f.subject());
                assertEquals(String.join("+", test), f.subject());
                assertEquals(6 * test.size(), f.split().test().length);
                assertEquals(30, f.split().test().length + f.split().train().length);
                tested.addAll(test);
                groups.add(test);
            }
            assertEquals(new TreeSet<>(FIVE), new TreeSet<>(tested));
            assertEquals(5, tested.size(), "each subject once per repetition");
            groupsByRepetition.add(groups);
        }
        assertTrue(groupsByRepetition.stream().distinct().count() > 1, "repetitions shuffle the subjects anew: "
                + groupsByRepetition);
        List<Protocol.Fold> again = p.folds(refs, 100);
        for (int i = 0; i < folds.size(); i++) {
            assertTrue(Arrays.equals(folds.get(i).split().test(), again.get(i).split().test()), "one seed, one split");
        }
    }

    @Test
    void kIsCappedAtTheSubjectsAndOneSubjectIsAnError() {
        List<WindowRef> three = SyntheticWindows.make(List.of("01", "02", "03"), 4, false, 42).stream()
                .map(Blocks::ref).toList();
        List<Protocol.Fold> folds = new Protocol.KFoldBySubject(10, 1).folds(three, 1);
        assertEquals(3, folds.size(), "10 groups of 3 subjects: one subject each");
        assertTrue(folds.stream().allMatch(f -> f.split().test().length == 4));
        List<WindowRef> one = SyntheticWindows.make(List.of("01"), 4, false, 43).stream().map(Blocks::ref).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Protocol.KFoldBySubject(5, 1).folds(one, 1));
        assertTrue(e.getMessage().contains("k-fold by subject needs at least two subjects")
                && e.getMessage().contains("[01]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Protocol.KFoldBySubject(1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> Protocol.parse("kfold-x", 1, 5));
        assertTrue(e.getMessage().contains("kfold-K"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Protocol.parse("holdout", 1, 5));
        assertTrue(e.getMessage().contains("kfold-K") && e.getMessage().contains("fewshot-K"), e.getMessage());
    }

    @Test
    void aFoldTestingSeveralSubjectsGivesOneRowPerSubject() {
        List<PairedWindow> windows = SyntheticWindows.make(FIVE, 20, true, 44);
        CountingClassifier.Log log = new CountingClassifier.Log();
        EvaluationResult r = Evaluation.builder()
                .addCondition("eeg-csp", () -> new CountingClassifier(new CspLda(), log))
                .addConditions(List.of("fnirs-hbo"), ConditionRegistry.classical())
                .setProtocol(new Protocol.KFoldBySubject(2, 2)).setTask("mi").optSeed(5).build().run(windows);
        assertEquals(2 * 2, log.fits.size(), "one fit per fold, not per test subject");
        assertEquals(5 * 2 * 2, r.rows().size(), "subjects × repetitions × conditions");
        Map<String, List<ResultRow>> byFold = new HashMap<>();
        for (ResultRow row : r.rows()) {
            assertEquals(20, row.metrics().n(), "the metrics of that subject's test windows: " + row);
            assertEquals("kfold-2", row.protocol());
            assertEquals(0, row.kShot(), "cross-subject without calibration");
            byFold.computeIfAbsent(row.condition() + " " + row.seed() + " " + row.fold(), k -> new ArrayList<>())
                    .add(row);
        }
        for (List<ResultRow> fold : byFold.values()) {
            int testSubjects = fold.size();
            assertTrue(fold.stream().allMatch(x -> x.nTrainLabelled() == 20 * (5 - testSubjects)), fold.toString());
            assertEquals(fold.size(), fold.stream().map(ResultRow::subject).distinct().count());
        }
        for (WindowClassifier.Fold f : log.fits) {
            assertEquals("kfold-2", f.protocol());
            assertTrue(f.subject().contains("+") || f.subject().length() == 2, f.subject());
        }
        // every subject appears once per repetition and condition
        for (String s : FIVE) {
            assertEquals(4, r.rows().stream().filter(x -> x.subject().equals(s)).count(), s);
        }
    }
}

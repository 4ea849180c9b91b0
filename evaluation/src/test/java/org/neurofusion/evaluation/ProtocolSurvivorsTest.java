package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.datasets.Splits;
import org.neurofusion.datasets.WindowRef;

/** The protocols at their edges, their fold seeds and indices, and their design lines (issue 19, fourth round). */
class ProtocolSurvivorsTest {
    private static List<WindowRef> refs(List<String> subjects, int perSubject) {
        // labels 0 1 1 0 0 1 ...: six windows hold three of each class
        return SyntheticWindows.make(subjects, perSubject, false, 7).stream().map(Blocks::ref).toList();
    }

    private static boolean sameSplit(Splits.Fold a, Splits.Fold b) {
        return Arrays.equals(a.train(), b.train()) && Arrays.equals(a.test(), b.test());
    }

    @Test
    void twoSubjectsAreEnoughToLeaveOneOut() {
        List<Protocol.Fold> folds = new Protocol.LeaveOneSubjectOut().folds(refs(List.of("01", "02"), 6), 5);
        assertEquals(List.of("01", "02"), folds.stream().map(Protocol.Fold::subject).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Protocol.LeaveOneSubjectOut().folds(refs(List.of("01"), 6), 5));
        assertEquals("leave-one-subject-out needs at least two subjects, the windows hold only [01]", e.getMessage());
    }

    @Test
    void withinSubjectAcceptsItsSmallestSettings() {
        assertDoesNotThrow(() -> new Protocol.WithinSubject(1, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Protocol.WithinSubject(0, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Protocol.WithinSubject(1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Protocol.WithinSubject(1, 2, 0, 0));
    }

    @Test
    void designLinesSayHowFoldsAreMade() {
        assertEquals("3 × 5-fold chronological (2 blocks per fold, gap 1.5 s)",
                new Protocol.WithinSubject(3, 5, 2, 1.5).design());
        assertEquals("leave-one-subject-out", new Protocol.LeaveOneSubjectOut().design());
        assertEquals("2 × 4-fold by subject: subjects shuffled by seed + r into 4 groups, each tested once by a model"
                + " trained on the others", new Protocol.KFoldBySubject(4, 2).design());
        assertEquals("leave-one-subject-out with 5 calibration trials per class of the held-out subject (3 draws, gap"
                + " 1.5 s)", new Protocol.FewShot(5, 3, 1.5).design());
        assertEquals("leave-one-subject-out with 1 calibration trials per class of the held-out subject (1 draws, gap"
                + " 0.0 s)", new Protocol.FewShot(1, 1, 0).design());
        assertEquals("leave-one-subject-out with 0 calibration trials per class of the held-out subject",
                new Protocol.FewShot(0, 3, 1.5).design());
    }

    @Test
    void fewShotRepetitionsDrawWithSeedPlusRAndNumberTheSubjectsUpward() {
        List<WindowRef> refs = refs(List.of("01", "02", "03"), 6);
        List<Protocol.Fold> folds = new Protocol.FewShot(1, 2, 0).folds(refs, 10);
        assertEquals(6, folds.size());
        boolean differs = false;
        for (int r = 0; r < 2; r++) {
            for (int f = 0; f < 3; f++) {
                Protocol.Fold fold = folds.get(3 * r + f);
                String subject = List.of("01", "02", "03").get(f);
                assertEquals(subject, fold.subject());
                assertEquals(f, fold.index());
                assertEquals(10 + r, fold.seed());
                assertTrue(sameSplit(Splits.fewShot(refs, subject, 1, 10 + r, 0), fold.split()), fold.toString());
                differs |= !sameSplit(Splits.fewShot(refs, subject, 1, 10 - r, 0), fold.split());
            }
        }
        assertTrue(differs, "the fixture's premise: seed 9 draws other calibration trials than seed 11");
    }

    @Test
    void aSubjectWithExactlyKTrialsOfAClassIsRefusedBeforeAnyFold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Protocol.FewShot(3, 1, 0).folds(refs(List.of("01", "02"), 6), 10));
        assertEquals("fewshot-3 needs more than 3 labelled trials of each class from every held-out subject (3 to"
                + " calibrate, at least one to test): sub-01 has 3 of class 0, 3 of class 1; sub-02 has 3 of class 0, 3"
                + " of class 1", e.getMessage());
        assertEquals(4, new Protocol.FewShot(2, 2, 0).folds(refs(List.of("01", "02"), 6), 10).size());
    }

    @Test
    void kFoldRepetitionsShuffleTheSubjectsBySeedPlusR() {
        List<WindowRef> refs = refs(List.of("01", "02", "03", "04", "05"), 2);
        List<Protocol.Fold> folds = new Protocol.KFoldBySubject(2, 2).folds(refs, 100);
        assertEquals(4, folds.size());
        for (int r = 0; r < 2; r++) {
            List<Splits.Fold> expected = Splits.kFoldBySubject(refs, 2, 100 + r);
            for (int f = 0; f < 2; f++) {
                assertEquals(f, folds.get(2 * r + f).index());
                assertTrue(sameSplit(expected.get(f), folds.get(2 * r + f).split()), folds.get(2 * r + f).toString());
            }
        }
        assertFalse(sameSplit(Splits.kFoldBySubject(refs, 2, 99).get(0), folds.get(2).split()),
                "the fixture's premise: seed 99 deals the subjects otherwise than seed 101");
    }
}
